import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, type TestContext } from "vitest";
import { type RedisServer, redisUnavailable, startRedis } from "./redis-server.js";

export interface StoreBackend {
  name: "sqlite" | "redis";
  /** A fresh, empty store for one test (skips it when Redis is not installed, outside CI). */
  prepare(context: TestContext): Promise<string>;
}

/**
 * The two stores the bot runs on in production, for tests that must pass on both: a
 * SQLite file, and a real redis-server started for this test file (emptied per test).
 */
export function storeBackends(): readonly StoreBackend[] {
  const unavailable = redisUnavailable();
  if (unavailable) console.warn(`Redis tests skipped: ${unavailable}`);
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (!unavailable) redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  return [
    {
      name: "sqlite",
      prepare: async () => freshSqliteUrl(),
    },
    {
      name: "redis",
      async prepare(context) {
        if (!redis) context.skip(unavailable);
        await redis!.flush();
        return redis!.url;
      },
    },
  ];
}

/** A new, empty SQLite file's STORE_URL. */
export function freshSqliteUrl(): string {
  return `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-")), "s.sqlite")}`;
}

/** Redis alone, for tests of what only a store shared across processes and hosts can do. */
export function redisBackend(): StoreBackend {
  return storeBackends().find((backend) => backend.name === "redis")!;
}
