import type { Logger } from "../logger.js";
import type { Store } from "./store.js";

/** Rows per statement: one sweep never holds the file's write lock for long. */
const BATCH = 1_000;
/** Statements per sweep at most; what is left waits for the next sweep. */
const MAX_BATCHES = 100;

/**
 * Deletes expired rows on a schedule, in bounded batches, so an SQLite store does not grow
 * forever (keyv's SQLite adapter only skips expired rows when it reads them). A no-op on
 * stores that expire keys themselves.
 */
export class StoreSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      store: Pick<Store, "sweepExpired">;
      logger: Logger;
      intervalMs: number;
    },
  ) {}

  start(): void {
    this.timer = setTimeout(
      () => void this.sweep().finally(() => this.start()),
      this.options.intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** One sweep: how many rows it deleted. */
  async sweep(): Promise<number> {
    let removed = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const deleted = await this.options.store.sweepExpired(BATCH);
        removed += deleted;
        if (deleted < BATCH) break;
      }
    } catch (error) {
      this.options.logger.warn({ err: error, removed }, "sweeping expired rows failed");
    }
    if (removed > 0) this.options.logger.info({ removed }, "expired rows swept");
    return removed;
  }
}
