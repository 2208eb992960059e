import { fileURLToPath } from "node:url";
import { ShardingManager } from "discord.js";
import { type Config, storeOptionsOf } from "./config.js";
import { ShardCallbacks } from "./discord/shard-callbacks.js";
import { EXIT } from "./exit-codes.js";
import type { Logger } from "./logger.js";
import { JobStore } from "./services/jobs/job-store.js";
import { TtapiHookReceiver } from "./services/jobs/ttapi-hook-receiver.js";
import { openStore } from "./services/store.js";

const STOP_LIMIT_MS = 10_000;

/**
 * Scale-out with discord.js's own ShardingManager: one child process per shard, each
 * running this same entry point as an ordinary bot for the guilds its shard owns. With
 * SHARD_LIST only those shards run here (other hosts run the rest, on one Redis store).
 * With callbacks on, this process receives them and passes each to the owning shard.
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
    ...(config.SHARD_LIST ? { shardList: config.SHARD_LIST } : {}),
    mode: "process",
    execArgv: process.execArgv,
    respawn: true,
  });
  const callbacks = config.HOOK_PUBLIC_URL
    ? await startCallbacks(config, manager, logger)
    : undefined;
  // A shard that stopped over its environment (78) or its store (69) has said why in one
  // line; restarting it would only say it again, so the whole bot stops with its code.
  let stopCode: number | undefined;
  manager.on("shardCreate", (shard) => {
    logger.info({ shard: shard.id }, "shard started");
    shard.on("death", (child) => {
      const code = "exitCode" in child ? child.exitCode : null;
      if (code === EXIT.config || code === EXIT.unavailable) stopCode ??= code;
      else logger.warn({ shard: shard.id }, "shard process exited");
    });
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping all shards");
    setTimeout(() => process.exit(1), STOP_LIMIT_MS).unref();
    await callbacks?.stop();
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
  try {
    await manager.spawn({ delay: config.SHARD_SPAWN_DELAY_MS, timeout: 60_000 });
  } catch (error) {
    if (stopCode === undefined) throw error;
    for (const shard of manager.shards.values()) {
      shard.removeAllListeners("death");
      shard.kill();
    }
    process.exit(stopCode);
  }
  await callbacks?.start();
  logger.info(
    { shards: manager.totalShards, here: [...manager.shards.keys()] },
    "all shards ready",
  );
}

/** This host's callback receiver, passing each genuine callback to the job's shard. */
async function startCallbacks(config: Config, manager: ShardingManager, logger: Logger) {
  const store = await openStore(config.STORE_URL, storeOptionsOf(config));
  store.onError((error) => logger.error({ err: error }, "store"));
  const routes = new ShardCallbacks({
    manager,
    localShards: config.SHARD_LIST ?? [],
    // Only when other hosts run the other shards (which requires a store they share).
    ...(config.SHARD_LIST && store.hostMessages ? { hosts: store.hostMessages } : {}),
    logger,
  });
  const receiver = new TtapiHookReceiver({
    jobs: new JobStore(store, config.JOB_RETENTION_DAYS, "manager"),
    confirm: (job, claimed) => routes.toOwner(job, claimed),
    logger,
    requestTimeoutMs: config.HOOK_REQUEST_TIMEOUT_MS,
    maxConnections: config.HOOK_MAX_CONNECTIONS,
    lateWindowMs: config.JOB_GIVE_UP_AFTER_MINUTES * 60_000,
  });
  return {
    async start() {
      await routes.start();
      const port = await receiver.listen(config.HOOK_PORT);
      logger.info({ port, publicUrl: config.HOOK_PUBLIC_URL }, "TTAPI callback receiver listening");
    },
    async stop() {
      await receiver.close();
      await store.disconnect();
    },
  };
}
