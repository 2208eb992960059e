import { defaultSerialize } from "@keyv/serialize";
import type { Database } from "better-sqlite3";
import type { AtomicRunner, Records } from "./atomic-steps.js";
import { checkpointInBackground } from "./sqlite-checkpoints.js";
import { openSqliteFile } from "./sqlite-file.js";
import { SqliteKeyv } from "./sqlite-keyv.js";
import type { Store } from "./store.js";
import { assemble, keyv, NAMESPACE, tolerantDeserialize } from "./store-parts.js";

/** Rows per query when iterating SQLite (keyv's default of 10 makes 10,000 jobs 1,000 queries). */
const SQLITE_PAGE = 1_000;

/**
 * SQLite through a synchronous driver (better-sqlite3): every query, and every atomic step
 * as one transaction, is one uninterrupted call on one connection, so nothing of this
 * process waits behind another query and the file's write lock is never held across an
 * await. `memory:` is the same on a database that lives in this process only.
 */
export function openSqlite(
  url: string,
  backend: "sqlite" | "memory",
  { busyTimeoutMs, checkpointIntervalMs }: { busyTimeoutMs: number; checkpointIntervalMs: number },
): Store {
  const file = backend === "memory" ? ":memory:" : url.slice("sqlite://".length);
  const db = openSqliteFile(file, ["keyv", "active_jobs"], busyTimeoutMs);
  const kv = keyv({ store: new SqliteKeyv(db, "keyv", SQLITE_PAGE), namespace: NAMESPACE });
  const checkpoints =
    file === ":memory:"
      ? undefined
      : checkpointInBackground(file, checkpointIntervalMs, (error) => kv.emit("error", error));
  const listPartitions = db.prepare<[], { partition: string }>(
    "SELECT DISTINCT substr(key, 1, instr(key, ':') - 1) AS partition FROM active_jobs",
  );
  // Inserted, or taking the place of an expired claim; a live one stays, and no row comes back.
  const claim = db.prepare<[string, string, number]>(
    `INSERT INTO keyv(key, value) VALUES(?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value
     WHERE CASE WHEN json_valid(keyv.value) THEN json_extract(keyv.value, '$.expires') END < ?`,
  );
  // A damaged (non-JSON) value has no expiry to read: left for its reader to set aside.
  const sweep = db.prepare<[number, number]>(
    `DELETE FROM keyv WHERE rowid IN (
       SELECT rowid FROM keyv
       WHERE CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END < ?
       LIMIT ?
     )`,
  );
  return assemble({
    backend,
    url,
    kv,
    atomic: sqliteTransactions(db),
    // A table of their own: iterating them never scans the job records.
    open: (partition) =>
      keyv({ store: new SqliteKeyv(db, "active_jobs", SQLITE_PAGE), namespace: partition }),
    listPartitions: async () => listPartitions.all().map((row) => row.partition),
    claimOnce: async (key, ttlMs) => {
      const now = Date.now();
      const value = JSON.stringify({ value: now, expires: now + ttlMs });
      return claim.run(`${NAMESPACE}:${key}`, value, now).changes === 1;
    },
    sweepExpired: async (batch) => sweep.run(Date.now(), batch).changes,
    // In memory, the process is the store's only user: a lease does.
    ...(file === ":memory:" ? {} : { ownerLockFile: (partition) => `${file}.${partition}.lock` }),
    async close() {
      // Then the last connection: closing it copies what is left of the WAL in.
      await checkpoints?.stop();
      db.close();
    },
  });
}

/**
 * Atomic steps on SQLite: each one transaction, run whole in one synchronous call.
 * `BEGIN IMMEDIATE` takes the file's write lock first, so another process's step or write
 * waits for this one (up to the busy timeout), and this process has nothing else to run
 * meanwhile.
 */
function sqliteTransactions(db: Database): AtomicRunner {
  const key = (name: string) => `${NAMESPACE}:${name}`;
  const select = db.prepare<[string], { value: string }>("SELECT value FROM keyv WHERE key = ?");
  const upsert = db.prepare<[string, string]>(
    "INSERT INTO keyv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  const remove = db.prepare<[string]>("DELETE FROM keyv WHERE key = ?");
  const records: Records = {
    get(name) {
      const row = select.get(key(name));
      if (row === undefined) return undefined;
      const { value, expires } = tolerantDeserialize<unknown>(row.value);
      return expires !== undefined && expires < Date.now() ? undefined : value;
    },
    set(name, value, ttlMs) {
      const expires = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      upsert.run(key(name), defaultSerialize({ value, expires }));
    },
    delete(name) {
      remove.run(key(name));
    },
  };
  // Made once: better-sqlite3 prepares its BEGIN and COMMIT with it.
  const transaction = db.transaction(<T>(body: (records: Records) => T) => body(records));
  return {
    kind: "transaction",
    run: async (body) => transaction.immediate(body) as ReturnType<typeof body>,
  };
}
