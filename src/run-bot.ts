import { createBot } from "./app.js";
import { type Config, storeOptionsOf } from "./config.js";
import { isTokenRefused, TOKEN_REFUSED } from "./discord/discord-client.js";
import { EXIT } from "./exit-codes.js";
import type { Logger } from "./logger.js";
import { openStoreOrExit } from "./open-store-or-exit.js";
import { OwnershipRefused } from "./services/partition-owner.js";

const SHUTDOWN_LIMIT_MS = 8_000;

/** Runs one bot process (alone, or as one shard) until SIGINT/SIGTERM. */
export async function runBot(config: Config, logger: Logger): Promise<void> {
  // A stray rejection (a Discord hiccup in a background edit) is logged, never fatal.
  process.on("unhandledRejection", (reason) =>
    logger.error({ err: reason }, "unhandled rejection"),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(EXIT.crash);
    }, SHUTDOWN_LIMIT_MS).unref();
    await bot.stop();
    process.exit(EXIT.ok);
  };
  // Until the store answered there is nothing to finish: a signal just ends the process.
  const exitNow = () => process.exit(EXIT.ok);
  process.once("SIGINT", exitNow);
  process.once("SIGTERM", exitNow);
  const store = await openStoreOrExit(config.STORE_URL, {
    setting: "STORE_URL",
    timeoutMs: config.STORE_CONNECT_TIMEOUT_MS,
    store: storeOptionsOf(config),
    report: (line) => logger.fatal(line),
  });
  const durability = await store.durabilityProblem();
  if (durability) logger.warn(durability);
  // Two processes must not run the same shards: the one that lost its claim goes at once,
  // finishing nothing (its jobs are the other process's now; an orderly stop would edit,
  // upload and save on their behalf). pino writes out what it holds on exit.
  const bot = createBot(config, {
    logger,
    store,
    onOwnershipLost: () => process.exit(EXIT.crash),
  });
  process.off("SIGINT", exitNow);
  process.off("SIGTERM", exitNow);
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    await bot.start();
  } catch (error) {
    const refused = isTokenRefused(error);
    // The failures an operator fixes themselves get one line, no stack trace.
    if (error instanceof OwnershipRefused) logger.fatal({ owner: error.owner }, error.message);
    else if (refused) logger.fatal(TOKEN_REFUSED);
    else logger.fatal({ err: error }, "could not start the bot");
    await bot.stop().catch(() => undefined);
    process.exit(refused ? EXIT.config : EXIT.crash);
  }
}
