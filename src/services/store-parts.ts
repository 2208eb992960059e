import { defaultDeserialize } from "@keyv/serialize";
import { Keyv, type KeyvOptions } from "keyv";
import type { HostMessages, KeySpace, Store } from "./store.js";

/** The prefix of every key the bot stores, whatever the backend. */
export const NAMESPACE = "grok-video";

/**
 * What a read returns for a stored value that is not the JSON keyv wrote (a damaged file,
 * a hand edit): never an exception that stops the bot. Its readers set it aside.
 */
interface DamagedValue {
  damaged: string;
}

const DAMAGED = "damaged";

/** keyv's own reading, except that damage becomes a `DamagedValue` instead of a throw. */
export function tolerantDeserialize<Value>(data: string): { value?: Value; expires?: number } {
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
export function keyv(options: KeyvOptions): Keyv {
  return new Keyv({ ...options, deserialize: tolerantDeserialize, throwOnErrors: true });
}
/** What each backend brings; `assemble` adds the partitions and copying on top. */
export interface BackendParts extends Pick<Store, "backend" | "url" | "atomic" | "claimOnce"> {
  kv: Keyv;
  open(partition: string): Keyv;
  listPartitions(): Promise<string[]>;
  /** Absent where the backend expires keys itself (Redis) or forgets them (memory). */
  sweepExpired?: (batch: number) => Promise<number>;
  /** Whether a key the main keyspace lists is its own (not a partition's). */
  isMainKey?: (key: string) => boolean;
  /** Connections of the backend's own besides keyv's. */
  close?: () => Promise<unknown>;
  durabilityProblem?: () => Promise<string | null>;
  /** Absent where owners hold a lease in the store instead (Redis, memory). */
  ownerLockFile?: (partition: string) => string;
  hostMessages?: HostMessages;
}

export function assemble(parts: BackendParts): Store {
  const { backend, url, kv, atomic, open, listPartitions, claimOnce } = parts;
  const isMainKey = parts.isMainKey ?? (() => true);
  const partitions = new Map<string, Keyv>();
  const keyspace = (partition: string) => {
    let keyv = partitions.get(partition);
    if (!keyv) {
      keyv = open(partition);
      keyv.on("error", (error: unknown) => kv.emit("error", error));
      partitions.set(partition, keyv);
    }
    return keyv;
  };
  const store: Store = {
    backend,
    url,
    kv: keySpaceOf(kv),
    activeJobs: (partition) => keySpaceOf(keyspace(partition)),
    onError(listener) {
      kv.on("error", listener);
      return () => void kv.off("error", listener);
    },
    async *entries() {
      const keyspaces: [string | null, Keyv][] = [[null, kv]];
      for (const partition of await listPartitions()) {
        keyspaces.push([partition, keyspace(partition)]);
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
      const keyv = entry.partition === null ? kv : keyspace(entry.partition);
      if (entry.expires === undefined) return void (await keyv.set(entry.key, entry.value));
      const left = entry.expires - Date.now();
      if (left > 0) await keyv.set(entry.key, entry.value, left);
    },
    sweepExpired: parts.sweepExpired ?? (async () => 0),
    durabilityProblem: parts.durabilityProblem ?? (async () => null),
    ownerLockFile: (partition) => parts.ownerLockFile?.(partition),
    ...(parts.hostMessages ? { hostMessages: parts.hostMessages } : {}),
    claimOnce,
    atomic,
    async disconnect() {
      await Promise.all([kv, ...partitions.values()].map((keyv) => keyv.disconnect()));
      await parts.close?.();
    },
  };
  return store;
}

/** A keyv as the services see it (see `KeySpace`). */
function keySpaceOf(keyv: Keyv): KeySpace {
  return {
    get: (key) => keyv.get(key),
    getMany: (keys) => keyv.getMany(keys),
    set: (key, value, ttlMs) => keyv.set(key, value, ttlMs),
    delete: (key) => keyv.delete(key),
    async *iterate() {
      for await (const [key, value] of keyv.iterator!(undefined)) yield [String(key), value];
    },
  };
}
