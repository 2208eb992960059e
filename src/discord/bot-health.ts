import type { Client } from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { HealthServer } from "../services/health-server.js";
import type { Metrics } from "../services/metrics.js";
import type { Store } from "../services/store.js";
import { VERSION } from "../version.js";
import { gatewayProblem } from "./gateway-health.js";

/**
 * `/healthz` and `/metrics` for one bot process, when METRICS_PORT is set: on its own port
 * (METRICS_PORT + its first shard's id), healthy while its shards are connected and the
 * store takes a write.
 */
export function botHealthServer(options: {
  config: Config;
  client: Client;
  store: Store;
  metrics: Metrics;
  balanceEmpty: () => boolean;
  firstShard: number;
  /** While this process stands by for its shards: who holds them (PartitionOwner.claim). */
  standby: () => string | null;
  logger: Logger;
}): HealthServer | undefined {
  const { config, client, store, metrics } = options;
  if (config.METRICS_PORT === undefined) return undefined;
  metrics.collectProcessMetrics();
  return new HealthServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT + options.firstShard,
    checks: {
      // A standby is not connected on purpose: healthy, and says so.
      gateway: () => (options.standby() === null ? gatewayProblem(client) : null),
      notes: (): Record<string, string> => ({
        ...standbyNote(options.standby()),
        ...(options.balanceEmpty() ? { ttapiBalance: "empty" } : {}),
        // Damage refuses or sets aside only what it touches: told here, not unhealthy.
        ...(metrics.damagedRecords > 0
          ? { damagedRecords: `${metrics.damagedRecords} met since start (see the log)` }
          : {}),
      }),
      // A write: a full disk (SQLITE_FULL) or a read-only replica still answers reads.
      store: async () => {
        try {
          await store.kv.set("healthz", Date.now(), 60_000);
          return null;
        } catch (error) {
          return `store error: ${String(error)}`;
        }
      },
    },
    metrics,
    version: VERSION,
    storeTimeoutMs: config.HEALTHZ_STORE_TIMEOUT_MS,
    logger: options.logger,
  });
}

const standbyNote = (holder: string | null): Record<string, string> =>
  holder === null
    ? {}
    : {
        standby: `another process runs these shards (${holder}); taking over when its claim lapses`,
      };
