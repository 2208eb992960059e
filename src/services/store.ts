import KeyvRedis from "@keyv/redis";
import { defaultDeserialize, defaultSerialize } from "@keyv/serialize";
import type { Database } from "better-sqlite3";
import { Keyv, type KeyvOptions } from "keyv";
import type { AtomicRunner, Records } from "./atomic-steps.js";
import { openSqliteFile } from "./sqlite-file.js";
import { SqliteKeyv } from "./sqlite-keyv.js";

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
/**
 * How long a SQLite write waits, by default, for another process's write lock: the wait
 * blocks this process (the driver is synchronous), and the bot's own transactions hold
 * the lock for well under a millisecond.
 */
const SQLITE_BUSY_TIMEOUT_MS = 1_000;

export interface StoreOptions {
  /** SQLITE_BUSY_TIMEOUT_MS: how long a write waits for another process's lock. */
  sqliteBusyTimeoutMs?: number;
}
/** Rows per query when iterating SQLite (keyv's default of 10 makes 10,000 jobs 1,000 queries). */
const SQLITE_PAGE = 1_000;

/**
 * Opens the store named by STORE_URL: an embedded SQLite file by default (WAL mode: one
 * writer, readers never blocked, a live backup is possible), Redis when processes on
 * several hosts share state, memory for demos and tests.
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const busyTimeoutMs = options.sqliteBusyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS;
  switch (backendOf(url)) {
    case "sqlite":
      return openSqlite(url, "sqlite", busyTimeoutMs);
    case "redis":
      return openRedis(url);
    case "memory":
      return openSqlite(url, "memory", busyTimeoutMs);
    default:
      throw new Error(`Unsupported STORE_URL scheme: ${url.split(":")[0]}`);
  }
}

/**
 * SQLite through a synchronous driver (better-sqlite3): every query, and every atomic step
 * as one transaction, is one uninterrupted call on one connection, so nothing of this
 * process waits behind another query and the file's write lock is never held across an
 * await. `memory:` is the same on a database that lives in this process only.
 */
function openSqlite(url: string, backend: "sqlite" | "memory", busyTimeoutMs: number): Store {
  const file = backend === "memory" ? ":memory:" : url.slice("sqlite://".length);
  const db = openSqliteFile(file, ["keyv", "active_jobs"], busyTimeoutMs);
  const kv = keyv({ store: new SqliteKeyv(db, "keyv", SQLITE_PAGE), namespace: NAMESPACE });
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
    close: async () => db.close(),
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
