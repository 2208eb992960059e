import { createBot } from "./app.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { OwnershipRefused } from "./services/partition-owner.js";
import { openStore } from "./services/store.js";

const SHUTDOWN_LIMIT_MS = 8_000;

/** Runs one bot process (alone, or as one shard) until SIGINT/SIGTERM. */
export async function runBot(config: Config, logger: Logger): Promise<void> {
  // A stray rejection (a Discord hiccup in a background edit) is logged, never fatal.
  process.on("unhandledRejection", (reason) =>
    logger.error({ err: reason }, "unhandled rejection"),
  );

  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await bot.stop();
    process.exit(code);
  };
  const store = await openStore(config.STORE_URL).catch((error: unknown) => {
    logger.fatal({ err: error }, "could not open the store (STORE_URL)");
    process.exit(1);
  });
  // Two processes must not run the same shards: the one that lost its claim goes.
  const bot = createBot(config, {
    logger,
    store,
    onOwnershipLost: () => void shutdown("lost ownership", 1),
  });
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    await bot.start();
  } catch (error) {
    // Another process runs these shards: one line that names it, not a stack trace.
    if (error instanceof OwnershipRefused) logger.fatal({ owner: error.owner }, error.message);
    else logger.fatal({ err: error }, "could not start the bot");
    await bot.stop().catch(() => undefined);
    process.exit(1);
  }
}
