import { KeyedMutex } from "./keyed-mutex.js";
import type { KeySpace, Store } from "./store.js";

/**
 * Short-lived claims kept in the store, so they hold across a restart: the first caller
 * for a key wins until the claim expires. The claim is one atomic store step
 * (`Store.claimOnce`), so two processes on one store never both win; the in-process
 * mutex only spares the store a second round trip for a key already being claimed here.
 */
export class StoreLock {
  private readonly mutex = new KeyedMutex();
  private readonly kv: KeySpace;

  constructor(private readonly store: Pick<Store, "kv" | "claimOnce">) {
    this.kv = store.kv;
  }

  acquire(key: string, ttlMs: number): Promise<boolean> {
    return this.mutex.run(key, () => this.store.claimOnce(key, ttlMs));
  }

  /** When the claim on `key` was made, if it is still held. */
  async heldSince(key: string): Promise<number | undefined> {
    const value: unknown = await this.kv.get(key);
    return typeof value === "number" ? value : undefined;
  }

  /** Gives a claim up before it expires. */
  async release(key: string): Promise<void> {
    await this.mutex.run(key, () => this.kv.delete(key));
  }
}
