import type { Logger } from "../logger.js";
import type { KeySpace } from "./store.js";

export interface StoreHealthOptions {
  kv: KeySpace;
  logger: Logger;
  /** A store step slower than this counts as the store being unreachable. */
  timeoutMs: number;
}

/** A store step that did not answer within the deadline. */
export class StoreTimeout extends Error {
  override name = "StoreTimeout";
}

/**
 * Whether the store answers. Interactions run their first store step through `within`, so
 * a member is answered within Discord's 3 s even while the store is away; an outage is
 * logged once ("store unreachable"), probed with a small write until it answers, and its
 * end logged once ("store back"). Store errors during an outage are not logged again.
 */
export class StoreHealth {
  private down = false;
  private probe: NodeJS.Timeout | undefined;

  constructor(private readonly options: StoreHealthOptions) {}

  /** Runs one store step, failing with StoreTimeout when it takes longer than the deadline. */
  async within<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await this.bounded(step);
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  /** A store step failed: the first failure of an outage is logged, the rest are not. */
  failed(error: unknown): void {
    if (this.down) {
      this.options.logger.debug({ err: error }, "store still unreachable");
      return;
    }
    this.down = true;
    this.options.logger.error({ err: error }, "store unreachable");
    this.scheduleProbe();
  }

  stop(): void {
    clearTimeout(this.probe);
  }

  private scheduleProbe(): void {
    this.probe = setTimeout(() => void this.tryStore(), this.options.timeoutMs);
    this.probe.unref();
  }

  private async tryStore(): Promise<void> {
    // A write: a locked file or a read-only replica must count as down too.
    const answered = await this.bounded(() =>
      this.options.kv.set("store-probe", Date.now(), 60_000),
    ).then(
      () => true,
      () => false,
    );
    if (!answered) return this.scheduleProbe();
    this.down = false;
    this.options.logger.info("store back");
  }

  /** `step`, or a StoreTimeout once the deadline passes. */
  private async bounded<T>(step: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreTimeout("the store did not answer")),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([step(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
