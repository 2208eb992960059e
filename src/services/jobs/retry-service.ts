import { randomUUID } from "node:crypto";
import type { Logger } from "../../logger.js";
import type { ReferenceImages } from "../media/reference-images.js";
import type { StoreLock } from "../store-lock.js";
import type { StartResult } from "./admission.js";
import type { GenerationService } from "./generation-service.js";
import { isTerminal } from "./job-record.js";
import type { JobStore } from "./job-store.js";

export interface RetryRequest {
  /** The bot message the 🔁 or the Retry button belongs to. */
  messageId: string;
  actorId: string;
  /**
   * Whether the actor has Manage Messages where the message is. Asked only when the
   * message is a job of someone else's, since answering may cost Discord calls.
   */
  isModerator: () => Promise<boolean>;
  actorLocale: string | null;
  /** The actor's roles here: their role limit applies to the new job. */
  actorRoleIds: readonly string[];
  /** Whether the actor has Manage Server (who may make videos when roles are listed). */
  actorManagesServer: boolean;
  /** A 🔁 reaction, which Discord may deliver twice (a button click has its own id). */
  viaReaction: boolean;
}

export type RetryOutcome =
  | StartResult
  | { kind: "not_tracked" }
  | { kind: "forbidden" }
  /** The same 🔁 delivered again: nothing to say. */
  | { kind: "duplicate" }
  /** The message was repeated moments ago; it can be repeated again from `until`. */
  | { kind: "cooling_down"; until: number }
  | { kind: "still_running" }
  /** A reference image's Discord attachment is gone (its link expired and cannot be renewed). */
  | { kind: "image_unavailable" };

export interface RetryServiceOptions {
  jobs: JobStore;
  locks: StoreLock;
  generations: Pick<GenerationService, "start">;
  referenceImages: Pick<ReferenceImages, "freshen">;
  logger: Logger;
  /** How long after one retry the same message refuses (and says so) further ones (ms). */
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
    const { locks, cooldownMs } = this.options;
    // Expired records, and stored ones that no longer validate, are not found.
    const original = await this.options.jobs.getByMessage(request.messageId);
    if (!original) return { kind: "not_tracked" };
    if (request.actorId !== original.origin.userId && !(await request.isModerator())) {
      return { kind: "forbidden" };
    }
    if (!isTerminal(original)) return { kind: "still_running" };
    // A member's 🔁 counts once until it is removed (by them, or by the bot after acting).
    const reaction = reactionKey(request.messageId, request.actorId);
    if (request.viaReaction && !(await locks.acquire(reaction, cooldownMs))) {
      return { kind: "duplicate" };
    }
    // Reactions and clicks arriving together start one job; the others are told why not.
    const lock = `retry-lock:${request.messageId}`;
    if (!(await locks.acquire(lock, cooldownMs))) {
      const since = (await locks.heldSince(lock)) ?? this.now();
      return { kind: "cooling_down", until: since + cooldownMs };
    }

    // Attachment links expire; renewed ones go to TTAPI. Nothing is reserved before this.
    const referImages = await this.options.referenceImages.freshen(original.request.referImages);
    if (!referImages) {
      await locks.release(lock);
      return { kind: "image_unavailable" };
    }
    const result = await this.options.generations.start({
      id: `retry-${randomUUID()}`,
      request: { ...original.request, referImages },
      origin: {
        ...original.origin,
        userId: request.actorId,
        roleIds: [...request.actorRoleIds],
        managesServer: request.actorManagesServer,
        // A reaction carries no locale: the requester's own is the best guess for them.
        locale:
          request.actorLocale ??
          (request.actorId === original.origin.userId ? original.origin.locale : null),
      },
      delivery: {
        applicationId: original.delivery.applicationId,
        interactionToken: null,
        tokenIssuedAt: this.now(),
        replyToMessageId: request.messageId,
      },
    });
    if (result.kind === "started") {
      this.options.logger.info({ jobId: result.job.id, repeats: original.id }, "retry started");
    } else {
      // Nothing started: no cooldown, so the next try (elsewhere, later) gets a real answer.
      await locks.release(lock);
    }
    return result;
  }

  /** A member took their 🔁 off (or the bot did): their next 🔁 there is a new request. */
  reactionRemoved(messageId: string, userId: string): Promise<void> {
    return this.options.locks.release(reactionKey(messageId, userId));
  }
}

const reactionKey = (messageId: string, userId: string) => `retry-reaction:${messageId}:${userId}`;
