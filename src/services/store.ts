import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";

/**
 * Opens the key-value store named by STORE_URL: an embedded SQLite file by default,
 * Redis when several processes (shards) share state, memory for demos and tests.
 */
export function openStore(url: string): Keyv {
  const namespace = "grok-video";
  if (url.startsWith("sqlite://")) {
    const file = url.slice("sqlite://".length);
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    return new Keyv({ store: new KeyvSqlite({ uri: url, busyTimeout: 5_000 }), namespace });
  }
  if (url.startsWith("redis://") || url.startsWith("rediss://")) {
    return new Keyv({ store: new KeyvRedis(url), namespace });
  }
  if (url.startsWith("memory:")) return new Keyv({ namespace });
  throw new Error(`Unsupported STORE_URL scheme: ${url.split(":")[0]}`);
}
