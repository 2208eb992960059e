import type { Keyv } from "keyv";
import { KeyedMutex } from "./keyed-mutex.js";

/**
 * Short-lived claims kept in the store, so they hold across a restart: the first caller
 * for a key wins until the claim expires. Check-and-set runs inside an in-process mutex;
 * with several shards on one Redis store each key must belong to one shard (a guild's
 * events all arrive at the shard that owns the guild).
 */
export class StoreLock {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly store: Keyv) {}

  acquire(key: string, ttlMs: number): Promise<boolean> {
    return this.mutex.run(key, async () => {
      if ((await this.store.get(key)) !== undefined) return false;
      await this.store.set(key, Date.now(), ttlMs);
      return true;
    });
  }

  /** When the claim on `key` was made, if it is still held. */
  async heldSince(key: string): Promise<number | undefined> {
    const value: unknown = await this.store.get(key);
    return typeof value === "number" ? value : undefined;
  }

  /** Gives a claim up before it expires. */
  async release(key: string): Promise<void> {
    await this.mutex.run(key, () => this.store.delete(key));
  }
}
