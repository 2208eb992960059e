import { createBot } from "./app.js";
import { loadConfigOrExit } from "./load-config.js";
import { createLogger } from "./logger.js";

const SHUTDOWN_LIMIT_MS = 8_000;

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, [
  config.DISCORD_TOKEN,
  config.TTAPI_API_KEY,
]);
const bot = createBot(config, { logger });

// A stray rejection (a Discord hiccup in a background edit) is logged, never fatal.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  setTimeout(() => {
    logger.error("shutdown took too long; exiting");
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  await bot.stop();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

try {
  await bot.start();
} catch (error) {
  logger.fatal({ err: error }, "could not start the bot");
  await bot.stop().catch(() => undefined);
  process.exit(1);
}
