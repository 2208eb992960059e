import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import KeyvRedis from "@keyv/redis";
import { defaultDeserialize, defaultSerialize } from "@keyv/serialize";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv, type KeyvOptions } from "keyv";
import { type AtomicRunner, mutexRunner, type Records } from "./atomic-steps.js";
import { SharedGate } from "./shared-gate.js";
import { prepareSqliteFile } from "./sqlite-file.js";

export type StoreBackend = "sqlite" | "redis" | "memory";

/** The backend a STORE_URL names (undefined: none the bot knows). */
export function backendOf(url: string): StoreBackend | undefined {
  if (url.startsWith("sqlite://")) return "sqlite";
  if (url.startsWith("redis://") || url.startsWith("rediss://")) return "redis";
  if (url.startsWith("memory:")) return "memory";
  return undefined;
}

/** Whether processes on several hosts can share this store (a file or memory cannot). */
export function sharedAcrossHosts(backend: StoreBackend | undefined): boolean {
  return backend === "redis";
}

/**
 * The bot's state, one key per thing (a job, a member's usage in a window, a claim), so
 * no write grows with how much else there is. Unfinished jobs also get a key each in a
 * keyspace of their own per process, so a restart can iterate exactly those.
 */
export interface Store {
  readonly backend: StoreBackend;
  /** Jobs, message links, quotas, settings, claims. */
  readonly kv: Keyv;
  /** One process's unfinished jobs (see JobStore): iterable without touching anything else. */
  activeJobs(partition: string): Keyv;
  /** The URL the store was opened from (for other connections, e.g. Redis pub/sub). */
  readonly url: string;
  /** Every live key with its expiry, partitions included (`npm run store:copy`). */
  entries(): AsyncIterable<StoredEntry>;
  /** Writes an entry as `entries` yields it, keeping what is left of its lifetime. */
  put(entry: StoredEntry): Promise<void>;
  /**
   * Deletes up to `batch` expired entries; how many it deleted. SQLite only: Redis
   * expires keys itself, and keyv's SQLite adapter only skips expired rows when read.
   */
  sweepExpired(batch: number): Promise<number>;
  /**
   * Claims `key` for `ttlMs` in one atomic step (Redis `SET NX PX`; one SQLite statement):
   * true for exactly one caller, however many processes share the store, until it expires.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Runs steps that must happen once and whole (a quota reservation, a count). */
  readonly atomic: AtomicRunner;
  /**
   * Why this store may lose what it is given on a restart, or null: Redis without an
   * append-only file or snapshots (a flush or restart then drops every job and count).
   */
  durabilityProblem(): Promise<string | null>;
  disconnect(): Promise<void>;
}

/** One key as it lives in the store, whichever the backend. */
export interface StoredEntry {
  /** The unfinished-jobs partition it belongs to; null for everything else. */
  partition: string | null;
  key: string;
  value: unknown;
  /** When it expires (ms since the epoch); undefined: never. */
  expires: number | undefined;
}

const NAMESPACE = "grok-video";

/**
 * What a read returns for a stored value that is not the JSON keyv wrote (a damaged file,
 * a hand edit): never an exception that stops the bot. Its readers set it aside.
 */
interface DamagedValue {
  damaged: string;
}

const DAMAGED = "damaged";

/** keyv's own reading, except that damage becomes a `DamagedValue` instead of a throw. */
function tolerantDeserialize<Value>(data: string): { value?: Value; expires?: number } {
  try {
    const parsed: unknown = defaultDeserialize(data);
    if (typeof parsed === "object" && parsed !== null && "value" in parsed) {
      return parsed as { value: Value; expires?: number };
    }
  } catch {
    // Not JSON at all: reported below like JSON without keyv's envelope.
  }
  const damaged: DamagedValue = { [DAMAGED]: data.slice(0, 2_000) };
  return { value: damaged as Value };
}

/**
 * Every keyv the bot opens reads tolerantly (see `DamagedValue`), and throws when the
 * store fails: by default keyv reports a failed read as a miss and a failed write as done,
 * which would let the bot act on a job it could not read or save.
 */
function keyv(options: KeyvOptions): Keyv {
  return new Keyv({ ...options, deserialize: tolerantDeserialize, throwOnErrors: true });
}
/** How long a SQLite query waits for another connection's write lock. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Rows per query when iterating SQLite (keyv's default of 10 makes 10,000 jobs 1,000 queries). */
const SQLITE_PAGE = 1_000;

/**
 * Opens the store named by STORE_URL: an embedded SQLite file by default (WAL mode: one
 * writer, readers never blocked, a live backup is possible), Redis when processes on
 * several hosts share state, memory for demos and tests.
 */
export async function openStore(url: string): Promise<Store> {
  switch (backendOf(url)) {
    case "sqlite":
      return openSqlite(url);
    case "redis":
      return openRedis(url);
    case "memory":
      return openMemory(url);
    default:
      throw new Error(`Unsupported STORE_URL scheme: ${url.split(":")[0]}`);
  }
}

async function openSqlite(url: string): Promise<Store> {
  const file = url.slice("sqlite://".length);
  if (file !== ":memory:") {
    mkdirSync(dirname(file), { recursive: true });
    await prepareSqliteFile(file, ["keyv", "active_jobs"], SQLITE_BUSY_TIMEOUT_MS);
  }
  // An atomic step holds the file's write lock across several queries. Queries from this
  // process wait outside SQLite meanwhile: blocked inside it, they would hold the worker
  // threads the step needs to finish (node's pool has four).
  const gate = new SharedGate();
  const connect = (table: string) =>
    new KeyvSqlite({
      uri: url,
      table,
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
      iterationLimit: SQLITE_PAGE,
    });
  const adapter = (table: string) => {
    const opened = connect(table);
    const query = opened.query;
    opened.query = (sql, ...parameters) => gate.shared(() => query(sql, ...parameters));
    return opened;
  };
  const main = adapter("keyv");
  const kv = keyv({ store: main, namespace: NAMESPACE });
  // Safe with WAL, and spares fsyncs (a setting of this connection).
  main.query("PRAGMA synchronous=NORMAL").catch((error: unknown) => kv.emit("error", error));
  const active = adapter("active_jobs");
  const steps = connect("keyv");
  return assemble({
    backend: "sqlite",
    url,
    kv,
    atomic: sqliteTransactions(steps, gate),
    // A table of their own: iterating them never scans the job records.
    open: (partition) => keyv({ store: adapter("active_jobs"), namespace: partition }),
    listPartitions: async () => {
      const rows: { partition: string }[] = await active.query(
        "SELECT DISTINCT substr(key, 1, instr(key, ':') - 1) AS partition FROM active_jobs",
      );
      return rows.map((row) => row.partition);
    },
    claimOnce: async (key, ttlMs) => {
      const now = Date.now();
      // Inserted, or taking the place of an expired claim; a live one stays, and no row comes back.
      const claimed: unknown[] = await main.query(
        `INSERT INTO keyv(key, value) VALUES(?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value
         WHERE CASE WHEN json_valid(keyv.value) THEN json_extract(keyv.value, '$.expires') END < ?
         RETURNING 1`,
        `${NAMESPACE}:${key}`,
        JSON.stringify({ value: now, expires: now + ttlMs }),
        now,
      );
      return claimed.length === 1;
    },
    sweepExpired: async (batch) => {
      // A damaged (non-JSON) value has no expiry to read: left for its reader to set aside.
      const deleted: unknown[] = await main.query(
        `DELETE FROM keyv WHERE rowid IN (
           SELECT rowid FROM keyv
           WHERE CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END < ?
           LIMIT ?
         ) RETURNING 1`,
        Date.now(),
        batch,
      );
      return deleted.length;
    },
    close: () => Promise.all([steps.close(), active.close()]),
  });
}

function openRedis(url: string): Store {
  // The adapter prefixes keys itself; keyv's own prefix would double it.
  const redis = (namespace: string) =>
    keyv({
      store: new KeyvRedis(url, { namespace, keyPrefixSeparator: ":", throwOnErrors: true }),
      namespace,
      useKeyPrefix: false,
    });
  const kv = redis(NAMESPACE);
  const client = () => (kv.store as KeyvRedis<unknown>).getClient();
  return assemble({
    backend: "redis",
    url,
    kv,
    atomic: {
      kind: "script",
      async run(script, keys, args) {
        const redis = await client();
        const options = {
          keys: keys.map((key) => `${NAMESPACE}:${key}`),
          arguments: [`${NAMESPACE}:`, ...args],
        };
        try {
          return await redis.evalSha(script.sha1, options);
        } catch (error) {
          // Sent in full once per Redis (after a restart or a flush), by its hash after.
          if (!String(error).includes("NOSCRIPT")) throw error;
          return redis.eval(script.source, options);
        }
      },
    },
    open: (partition) => redis(`${NAMESPACE}:active:${partition}`),
    listPartitions: async () => {
      // Few keys: one per unfinished job, all under one prefix.
      const all = redis(`${NAMESPACE}:active`);
      const partitions = new Set<string>();
      for await (const [key] of all.iterator!(undefined))
        partitions.add(String(key).split(":")[0]!);
      await all.disconnect();
      return [...partitions];
    },
    claimOnce: async (key, ttlMs) => {
      const value = JSON.stringify({ value: Date.now(), expires: Date.now() + ttlMs });
      const redis = await client();
      const answer = await redis.set(`${NAMESPACE}:${key}`, value, { NX: true, PX: ttlMs });
      return answer === "OK";
    },
    // Redis keeps partitions under the main prefix: the main keyspace skips them.
    isMainKey: (key) => !key.startsWith("active:"),
    async durabilityProblem() {
      const redis = await client();
      const config = await redis.configGet(["appendonly", "save"]).catch(() => undefined);
      // A managed Redis may refuse CONFIG: its provider's persistence cannot be seen here.
      if (!config) return null;
      if (config.appendonly === "yes" || (config.save ?? "").trim() !== "") return null;
      return 'Redis keeps nothing on disk (appendonly no, save ""): a restart or failover loses every job and count; set appendonly yes (docs/operations.md, Redis)';
    },
  });
}

function openMemory(url: string): Store {
  const partitions = new Map<string, Keyv>();
  const kv = keyv({ namespace: NAMESPACE });
  return assemble({
    backend: "memory",
    url,
    kv,
    atomic: mutexRunner(kv),
    open: (partition) => {
      const opened = keyv({ namespace: partition });
      partitions.set(partition, opened);
      return opened;
    },
    listPartitions: async () => [...partitions.keys()],
    // One process's memory: StoreLock's mutex keeps its own claims apart.
    claimOnce: async (key, ttlMs) => {
      if ((await kv.get(key)) !== undefined) return false;
      await kv.set(key, Date.now(), ttlMs);
      return true;
    },
  });
}

/** What each backend brings; `assemble` adds the partitions and copying on top. */
interface BackendParts extends Pick<Store, "backend" | "url" | "kv" | "atomic" | "claimOnce"> {
  open(partition: string): Keyv;
  listPartitions(): Promise<string[]>;
  /** Absent where the backend expires keys itself (Redis) or forgets them (memory). */
  sweepExpired?: (batch: number) => Promise<number>;
  /** Whether a key the main keyspace lists is its own (not a partition's). */
  isMainKey?: (key: string) => boolean;
  /** Connections of the backend's own besides keyv's. */
  close?: () => Promise<unknown>;
  durabilityProblem?: () => Promise<string | null>;
}

function assemble(parts: BackendParts): Store {
  const { backend, url, kv, atomic, open, listPartitions, claimOnce } = parts;
  const isMainKey = parts.isMainKey ?? (() => true);
  const partitions = new Map<string, Keyv>();
  const store: Store = {
    backend,
    url,
    kv,
    activeJobs(partition) {
      let keyv = partitions.get(partition);
      if (!keyv) {
        keyv = open(partition);
        keyv.on("error", (error: unknown) => kv.emit("error", error));
        partitions.set(partition, keyv);
      }
      return keyv;
    },
    async *entries() {
      const keyspaces: [string | null, Keyv][] = [[null, kv]];
      for (const partition of await listPartitions()) {
        keyspaces.push([partition, store.activeJobs(partition)]);
      }
      for (const [partition, keyv] of keyspaces) {
        for await (const [key] of keyv.iterator!(undefined)) {
          if (partition === null && !isMainKey(String(key))) continue;
          const raw = await keyv.getRaw(String(key));
          if (raw === undefined) continue;
          yield { partition, key: String(key), value: raw.value, expires: raw.expires };
        }
      }
    },
    async put(entry) {
      const keyv = entry.partition === null ? kv : store.activeJobs(entry.partition);
      if (entry.expires === undefined) return void (await keyv.set(entry.key, entry.value));
      const left = entry.expires - Date.now();
      if (left > 0) await keyv.set(entry.key, entry.value, left);
    },
    sweepExpired: parts.sweepExpired ?? (async () => 0),
    durabilityProblem: parts.durabilityProblem ?? (async () => null),
    claimOnce,
    atomic,
    async disconnect() {
      await Promise.all([kv, ...partitions.values()].map((keyv) => keyv.disconnect()));
      await parts.close?.();
    },
  };
  return store;
}

/**
 * Atomic steps on SQLite: each a transaction on a connection of its own (so no other
 * query joins it), alone in this process (the gate); `BEGIN IMMEDIATE` takes the file's
 * write lock first, so another process's step or write waits for this one (up to the
 * busy timeout).
 */
function sqliteTransactions(connection: KeyvSqlite, gate: SharedGate): AtomicRunner {
  const key = (name: string) => `${NAMESPACE}:${name}`;
  // Used inside the gate only.
  const { query } = connection;
  const records: Records = {
    async get(name) {
      const rows: { value: string }[] = await query(
        "SELECT value FROM keyv WHERE key = ?",
        key(name),
      );
      if (rows[0] === undefined) return undefined;
      const { value, expires } = tolerantDeserialize<unknown>(rows[0].value);
      return expires !== undefined && expires < Date.now() ? undefined : value;
    },
    async set(name, value, ttlMs) {
      const expires = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      await query(
        "INSERT INTO keyv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        key(name),
        defaultSerialize({ value, expires }),
      );
    },
    async delete(name) {
      await query("DELETE FROM keyv WHERE key = ?", key(name));
    },
  };
  return {
    kind: "transaction",
    run: (body) =>
      gate.exclusive(async () => {
        await query("BEGIN IMMEDIATE");
        try {
          const output = await body(records);
          await query("COMMIT");
          return output;
        } catch (error) {
          await query("ROLLBACK").catch(() => undefined);
          throw error;
        }
      }),
  };
}
