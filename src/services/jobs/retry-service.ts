import { randomUUID } from "node:crypto";
import type { Logger } from "../../logger.js";
import type { StoreLock } from "../store-lock.js";
import type { GenerationService, StartResult } from "./generation-service.js";
import { isTerminal } from "./job-record.js";
import type { JobStore } from "./job-store.js";

export interface RetryRequest {
  /** The bot message the 🔁 or the Retry button belongs to. */
  messageId: string;
  actorId: string;
  /** Whether the actor has Manage Messages where the message is. */
  actorIsModerator: boolean;
  actorLocale: string | null;
}

export type RetryOutcome =
  | StartResult
  | { kind: "not_tracked" }
  | { kind: "forbidden" }
  | { kind: "duplicate" }
  | { kind: "still_running" };

export interface RetryServiceOptions {
  jobs: JobStore;
  locks: StoreLock;
  generations: Pick<GenerationService, "start">;
  logger: Logger;
  /** How long after one retry the same message ignores further ones (ms). */
  cooldownMs: number;
  now?: () => number;
}

/**
 * "Run this job again", shared by the 🔁 reaction and the Retry button: the same prompt
 * and options become a new job with a new message that replies to the original.
 */
export class RetryService {
  private readonly now: () => number;

  constructor(private readonly options: RetryServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async retry(request: RetryRequest): Promise<RetryOutcome> {
    // Expired records, and stored ones that no longer validate, are not found.
    const original = await this.options.jobs.getByMessage(request.messageId);
    if (!original) return { kind: "not_tracked" };
    if (request.actorId !== original.origin.userId && !request.actorIsModerator) {
      return { kind: "forbidden" };
    }
    if (!isTerminal(original)) return { kind: "still_running" };
    // Reactions and clicks arriving together start one job; later retries work again.
    const lock = `retry-lock:${request.messageId}`;
    if (!(await this.options.locks.acquire(lock, this.options.cooldownMs))) {
      return { kind: "duplicate" };
    }

    const result = await this.options.generations.start({
      id: `retry-${randomUUID()}`,
      request: original.request,
      origin: { ...original.origin, userId: request.actorId, locale: request.actorLocale },
      delivery: {
        applicationId: original.delivery.applicationId,
        interactionToken: null,
        tokenIssuedAt: this.now(),
        replyToMessageId: request.messageId,
      },
    });
    if (result.kind === "started") {
      this.options.logger.info({ jobId: result.job.id, repeats: original.id }, "retry started");
    }
    return result;
  }
}
