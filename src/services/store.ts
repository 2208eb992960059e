import type { AtomicRunner } from "./atomic-steps.js";
import { openRedis } from "./redis-store.js";
import { openSqlite } from "./sqlite-store.js";

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
 * One keyspace as the bot's services use it: keyv's calls behind the project's own type,
 * so nothing outside the store module depends on keyv (values are JSON; a TTL in ms).
 */
export interface KeySpace {
  get<Value = unknown>(key: string): Promise<Value | undefined>;
  getMany<Value = unknown>(keys: string[]): Promise<(Value | undefined)[]>;
  set(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  /** Every live key and value, in no particular order. */
  iterate(): AsyncGenerator<[string, unknown]>;
}

/**
 * The bot's state, one key per thing (a job, a member's usage in a window, a claim), so
 * no write grows with how much else there is. Unfinished jobs also get a key each in a
 * keyspace of their own per process, so a restart can iterate exactly those.
 */
export interface Store {
  readonly backend: StoreBackend;
  /** Jobs, message links, quotas, settings, claims. */
  readonly kv: KeySpace;
  /** One process's unfinished jobs (see JobStore): iterable without touching anything else. */
  activeJobs(partition: string): KeySpace;
  /** Tells `listener` of every failed store call, any keyspace's; the result stops it. */
  onError(listener: (error: unknown) => void): () => void;
  /** The URL the store was opened from. */
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
  /**
   * Where a process holding `partition` keeps an OS lock beside the store (an SQLite file:
   * the kernel drops it when the process ends); undefined where a lease in the store is used.
   */
  ownerLockFile(partition: string): string | undefined;
  /** Messages between the hosts that share this store; absent where none can share it. */
  readonly hostMessages?: HostMessages;
  disconnect(): Promise<void>;
}

/**
 * Messages between hosts that share a store (Redis pub/sub): what one host must pass to a
 * process of another, such as a TTAPI callback for a shard it does not run.
 */
export interface HostMessages {
  publish(channel: string, message: string): Promise<void>;
  /** Hands each message on `channels` to `onMessage`, until the store is closed. */
  subscribe(
    channels: readonly string[],
    onMessage: (message: string, channel: string) => void,
  ): Promise<void>;
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

/**
 * How long a SQLite write waits, by default, for another process's write lock: the wait
 * blocks this process (the driver is synchronous), and the bot's own transactions hold
 * the lock for well under a millisecond.
 */
const SQLITE_BUSY_TIMEOUT_MS = 1_000;

/** How often, by default, SQLite's WAL is copied back into the file (see sqlite-checkpoints). */
const SQLITE_CHECKPOINT_INTERVAL_MS = 1_000;

export interface StoreOptions {
  /** SQLITE_BUSY_TIMEOUT_MS: how long a write waits for another process's lock. */
  sqliteBusyTimeoutMs?: number;
  /** SQLITE_CHECKPOINT_INTERVAL_MS: how often a worker thread checkpoints the WAL. */
  sqliteCheckpointIntervalMs?: number;
}

/**
 * Opens the store named by STORE_URL: an embedded SQLite file by default (WAL mode: one
 * writer, readers never blocked, a live backup is possible), Redis when processes on
 * several hosts share state, memory for demos and tests.
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const sqlite = {
    busyTimeoutMs: options.sqliteBusyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS,
    checkpointIntervalMs: options.sqliteCheckpointIntervalMs ?? SQLITE_CHECKPOINT_INTERVAL_MS,
  };
  switch (backendOf(url)) {
    case "sqlite":
      return openSqlite(url, "sqlite", sqlite);
    case "redis":
      return openRedis(url);
    case "memory":
      return openSqlite(url, "memory", sqlite);
    default:
      throw new Error(`Unsupported STORE_URL scheme: ${url.split(":")[0]}`);
  }
}
