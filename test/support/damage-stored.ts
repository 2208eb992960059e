import { createClient } from "@redis/client";
import BetterSqlite3 from "better-sqlite3";
import { expect } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";

/**
 * Overwrites the stored value whose key starts with `prefix` and ends with `suffix` with
 * `raw`, below keyv, as a damaged disk or a stray write would.
 */
export async function damageStored(
  w: FakeWorld,
  storeUrl: string,
  suffix: string,
  raw: string,
  prefix = "quota:",
) {
  let key: string | undefined;
  for await (const entry of w.store.entries()) {
    if (entry.key.startsWith(prefix) && entry.key.endsWith(suffix)) key = `grok-video:${entry.key}`;
  }
  expect(key, `a key ending ${suffix}`).toBeDefined();
  if (storeUrl.startsWith("sqlite://")) {
    onSqliteFile(storeUrl, (db) =>
      db.prepare("UPDATE keyv SET value = ? WHERE key = ?").run(raw, key!),
    );
  } else {
    const redis = await createClient({ url: storeUrl }).connect();
    await redis.set(key!, raw);
    await redis.quit();
  }
}

/** Another connection to a store's SQLite file, as a second process or an operator's would. */
export function onSqliteFile<T>(storeUrl: string, use: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(storeUrl.slice("sqlite://".length), { timeout: 5_000 });
  try {
    return use(db);
  } finally {
    db.close();
  }
}
