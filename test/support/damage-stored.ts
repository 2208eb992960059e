import KeyvSqlite from "@keyv/sqlite";
import { createClient } from "@redis/client";
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
    const adapter = new KeyvSqlite({ uri: storeUrl, table: "keyv" });
    await adapter.set(key!, raw);
    await adapter.disconnect();
  } else {
    const redis = await createClient({ url: storeUrl }).connect();
    await redis.set(key!, raw);
    await redis.quit();
  }
}
