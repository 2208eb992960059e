import { fileURLToPath } from "node:url";
import { ShardingManager } from "discord.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

const STOP_LIMIT_MS = 10_000;

/**
 * Scale-out with discord.js's own ShardingManager: one child process per shard, each
 * running this same entry point as an ordinary bot for the guilds its shard owns.
 */
export async function runShardManager(
  config: Config,
  totalShards: number | "auto",
  logger: Logger,
): Promise<void> {
  // The children run the file that started us, with the same loader flags (tsx in dev).
  const entry = fileURLToPath(
    new URL(import.meta.url.endsWith(".ts") ? "./index.ts" : "./index.js", import.meta.url),
  );
  const manager = new ShardingManager(entry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    mode: "process",
    execArgv: process.execArgv,
    respawn: true,
  });
  manager.on("shardCreate", (shard) => {
    logger.info({ shard: shard.id }, "shard started");
    shard.on("death", () => logger.warn({ shard: shard.id }, "shard process exited"));
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping all shards");
    setTimeout(() => process.exit(1), STOP_LIMIT_MS).unref();
    // Each shard shuts down like a single bot does (drain, store writes, close).
    await Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null) return resolve();
            shard.removeAllListeners("death");
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  // The delay spaces identifies out as Discord asks (max_concurrency 1 for most bots).
  await manager.spawn({ delay: config.SHARD_SPAWN_DELAY_MS, timeout: 60_000 });
  logger.info({ shards: manager.totalShards }, "all shards ready");
}
