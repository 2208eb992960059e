import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/services/store.js";
import { StoreSweeper } from "../../src/services/store-sweeper.js";

/** Another connection to the file, as a second process or an operator's sqlite3 would open. */
function onFile<T>(url: string, use: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(url.slice("sqlite://".length));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const rowsIn = (url: string, table: string) =>
  onFile(url, (db) => db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()!.n);

describe("an SQLite store that stops growing", () => {
  it("deletes expired rows in bounded batches, and nothing else", async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-sweep-")), "s.sqlite")}`;
    const store = await openStore(url);
    for (let i = 0; i < 2_500; i++) await store.kv.set(`quota:old:${i}`, { videos: i }, 1);
    for (let i = 0; i < 10; i++) await store.kv.set(`job:live-${i}`, { id: i }, 60_000);
    await store.kv.set("commands:hash", "never expires");
    await store.activeJobs("shard-0").set("live-0", { userId: "u" });
    onFile(url, (db) =>
      db
        .prepare("INSERT INTO keyv(key, value) VALUES(?, ?)")
        .run("grok-video:job:damaged", "{not json"),
    );
    // The 2,500 expire a millisecond after they were written.
    const written = Date.now();
    while (Date.now() <= written + 1) await new Promise((resolve) => setImmediate(resolve));

    const sweeper = new StoreSweeper({
      store,
      logger: pino({ level: "silent" }),
      intervalMs: 60_000,
    });
    expect(await sweeper.sweep()).toBe(2_500);
    expect(rowsIn(url, "keyv")).toBe(10 + 1 + 1);
    expect(rowsIn(url, "active_jobs")).toBe(1);
    expect(await store.kv.get("job:live-3")).toEqual({ id: 3 });
    expect(await sweeper.sweep()).toBe(0);
    await store.disconnect();
  });
});
