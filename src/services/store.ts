import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";

export type StoreBackend = "sqlite" | "redis" | "memory";

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
  disconnect(): Promise<void>;
}

const NAMESPACE = "grok-video";
/** Rows per query when iterating SQLite (keyv's default of 10 makes 10,000 jobs 1,000 queries). */
const SQLITE_PAGE = 1_000;

/**
 * Opens the store named by STORE_URL: an embedded SQLite file by default (WAL mode: one
 * writer, readers never blocked, a live backup is possible), Redis when processes on
 * several hosts share state, memory for demos and tests.
 */
export function openStore(url: string): Store {
  if (url.startsWith("sqlite://")) return openSqlite(url);
  if (url.startsWith("redis://") || url.startsWith("rediss://")) return openRedis(url);
  if (url.startsWith("memory:")) return openMemory(url);
  throw new Error(`Unsupported STORE_URL scheme: ${url.split(":")[0]}`);
}

function openSqlite(url: string): Store {
  const file = url.slice("sqlite://".length);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const adapter = (table: string) =>
    new KeyvSqlite({ uri: url, table, busyTimeout: 5_000, iterationLimit: SQLITE_PAGE });
  const main = adapter("keyv");
  const kv = new Keyv({ store: main, namespace: NAMESPACE });
  // WAL is kept in the file; NORMAL (this connection) is safe with WAL and spares fsyncs.
  main
    .query("PRAGMA journal_mode=WAL")
    .then(() => main.query("PRAGMA synchronous=NORMAL"))
    .catch((error: unknown) => kv.emit("error", error));
  return withPartitions(
    "sqlite",
    url,
    kv,
    // A table of their own: iterating them never scans the job records.
    (partition) => new Keyv({ store: adapter("active_jobs"), namespace: partition }),
  );
}

function openRedis(url: string): Store {
  // The adapter prefixes keys itself; keyv's own prefix would double it.
  const keyv = (namespace: string) =>
    new Keyv({
      store: new KeyvRedis(url, { namespace, keyPrefixSeparator: ":" }),
      namespace,
      useKeyPrefix: false,
    });
  return withPartitions("redis", url, keyv(NAMESPACE), (partition) =>
    keyv(`${NAMESPACE}:active:${partition}`),
  );
}

function openMemory(url: string): Store {
  return withPartitions(
    "memory",
    url,
    new Keyv({ namespace: NAMESPACE }),
    (partition) => new Keyv({ namespace: partition }),
  );
}

function withPartitions(
  backend: StoreBackend,
  url: string,
  kv: Keyv,
  open: (partition: string) => Keyv,
): Store {
  const partitions = new Map<string, Keyv>();
  return {
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
    async disconnect() {
      await Promise.all([kv, ...partitions.values()].map((keyv) => keyv.disconnect()));
    },
  };
}
