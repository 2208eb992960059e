import type { Logger } from "../../logger.js";
import { backoffDelay } from "../backoff.js";

export interface SubmitQueueOptions {
  /** Tries to get the job accepted by TTAPI; false while TTAPI is still full. */
  attempt: (jobId: string) => Promise<boolean>;
  /** Called with the ids still waiting, in order, each time the line moves. */
  onLineMoved: (waiting: readonly string[]) => Promise<void>;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  logger: Logger;
}

/**
 * The bot's own line for submits TTAPI turned away as too busy (429, or 499 when the
 * account's concurrent slots are taken). Only the head is retried, with backoff, so the
 * line keeps its order and TTAPI is not hammered; one timer for the whole line.
 */
export class SubmitQueue {
  private readonly line: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private busyStreak = 0;
  private stopped = false;

  constructor(private readonly options: SubmitQueueOptions) {}

  get waiting(): readonly string[] {
    return this.line;
  }

  /** 1-based place of a job in line, or null when it is not waiting. */
  private position(jobId: string): number | null {
    const index = this.line.indexOf(jobId);
    return index === -1 ? null : index + 1;
  }

  add(jobId: string): number {
    if (!this.line.includes(jobId)) this.line.push(jobId);
    this.schedule(this.options.retryDelayMs);
    return this.position(jobId)!;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.draining || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        if (this.line.length > 0) {
          const { retryDelayMs, maxRetryDelayMs } = this.options;
          this.schedule(
            backoffDelay(this.busyStreak, {
              baseDelayMs: retryDelayMs,
              maxDelayMs: maxRetryDelayMs,
            }),
          );
        }
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    while (this.line.length > 0 && !this.stopped) {
      const head = this.line[0]!;
      let done: boolean;
      try {
        done = await this.options.attempt(head);
      } catch (error) {
        // Never let one broken job block the line.
        this.options.logger.error({ err: error, jobId: head }, "queued submit failed");
        done = true;
      }
      if (!done) {
        this.busyStreak++;
        return;
      }
      this.busyStreak = 0;
      this.line.shift();
      await this.options.onLineMoved(this.line);
    }
  }
}
