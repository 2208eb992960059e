import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/services/store.js";
import { StoreSweeper } from "../../src/services/store-sweeper.js";

async function rowsIn(url: string, table: string): Promise<number> {
  const adapter = new KeyvSqlite({ uri: url, table });
  const [row] = (await adapter.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[];
  await adapter.disconnect();
  return row!.n;
}

describe("an SQLite store that stops growing", () => {
  it("deletes expired rows in bounded batches, and nothing else", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-sweep-")), "s.sqlite")}`;
    const store = await openStore(url);
    for (let i = 0; i < 2_500; i++) await store.kv.set(`quota:old:${i}`, { videos: i }, 1);
    for (let i = 0; i < 10; i++) await store.kv.set(`job:live-${i}`, { id: i }, 60_000);
    await store.kv.set("commands:hash", "never expires");
    await store.activeJobs("shard-0").set("live-0", { userId: "u" });
    const damaged = new KeyvSqlite({ uri: url, table: "keyv" });
    await damaged.set("grok-video:job:damaged", "{not json");
    await damaged.disconnect();
    // The 2,500 expire a millisecond after they were written.
    const written = Date.now();
    while (Date.now() <= written + 1) await new Promise((resolve) => setImmediate(resolve));

    const sweeper = new StoreSweeper({
      store,
      logger: pino({ level: "silent" }),
      intervalMs: 60_000,
    });
    expect(await sweeper.sweep()).toBe(2_500);
    expect(await rowsIn(url, "keyv")).toBe(10 + 1 + 1);
    expect(await rowsIn(url, "active_jobs")).toBe(1);
    expect(await store.kv.get("job:live-3")).toEqual({ id: 3 });
    expect(await sweeper.sweep()).toBe(0);
    await store.disconnect();
  });
});
