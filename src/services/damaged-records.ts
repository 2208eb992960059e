import type { Logger } from "../logger.js";
import type { KeySpace } from "./store.js";

/** Set-aside values are kept this long for an operator to look at, then expire. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

export type Keyspace = "job" | "active";

/**
 * What happens to a stored value that cannot be read (not JSON, or not the shape the bot
 * wrote): it is logged once, with its key, and moved under `damaged:<keyspace>:<key>` in
 * the main keyspace, so no start trips over it again and an operator can look at it.
 */
export class DamagedRecords {
  constructor(
    private readonly options: {
      kv: KeySpace;
      logger: Logger;
      onSetAside?: (keyspace: Keyspace) => void;
    },
  ) {}

  async setAside(keyspace: Keyspace, from: KeySpace, key: string, raw: unknown): Promise<void> {
    const { kv, logger, onSetAside } = this.options;
    const asideKey = `damaged:${keyspace}:${key}`;
    await kv.set(asideKey, raw, KEEP_MS);
    await from.delete(key);
    logger.error({ keyspace, key, asideKey }, "unreadable stored value set aside");
    onSetAside?.(keyspace);
  }
}
