import KeyvRedis from "@keyv/redis";
import { createClient } from "@redis/client";
import type { Store } from "./store.js";
import { assemble, keyv, NAMESPACE } from "./store-parts.js";

/**
 * Iterates without the holes a SCAN then MGET leaves: a key deleted between the two reads
 * as missing, which keyv 5 takes for a record and throws on (a restart's or an operator's
 * walk over the store while jobs end).
 */
class KeyvRedisWithoutHoles<T> extends KeyvRedis<T> {
  override async *iterator<U = T>(namespace?: string): AsyncGenerator<[string, U | undefined]> {
    for await (const entry of super.iterator<U>(namespace)) {
      if (entry[1] !== undefined && entry[1] !== null) yield entry;
    }
  }
}

export function openRedis(url: string): Store {
  // The adapter prefixes keys itself; keyv's own prefix would double it.
  const redis = (namespace: string) =>
    keyv({
      store: new KeyvRedisWithoutHoles(url, {
        namespace,
        keyPrefixSeparator: ":",
        throwOnErrors: true,
      }),
      namespace,
      useKeyPrefix: false,
    });
  const kv = redis(NAMESPACE);
  const client = () => (kv.store as KeyvRedis<unknown>).getClient();
  // A subscribing connection can do nothing else: its own, made at the first subscribe.
  let subscriber: ReturnType<typeof createClient> | undefined;
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
    hostMessages: {
      async publish(channel, message) {
        await (await client()).publish(channel, message);
      },
      async subscribe(channels, onMessage) {
        if (!subscriber) {
          subscriber = createClient({ url });
          subscriber.on("error", (error: unknown) => kv.emit("error", error));
          await subscriber.connect();
        }
        await subscriber.subscribe([...channels], onMessage);
      },
    },
    close: async () => subscriber?.quit(),
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
