import { z } from "zod";
import { generationRequestSchema } from "../generation-request.js";
import { type QuotaCharge, quotaChargeSchema } from "../quotas/quota-charge.js";
import { TTAPI_ERROR_KINDS } from "../ttapi/ttapi-error.js";

export const JOB_STATUSES = [
  /** In the bot's own line: TTAPI said it was full (429/499); not yet accepted. */
  "waiting",
  "submitting",
  /**
   * The submit may have reached TTAPI (a timeout, a reset, a 5xx) but no job id came back:
   * never resent; its reservation held while a callback may still name the job.
   */
  "unconfirmed",
  "queued",
  "generating",
  "succeeded",
  "failed",
  "timed_out",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set([
  "succeeded",
  "failed",
  "timed_out",
]);

/** Why a job ended without a video: a closed set, so every kind has its words for users. */
export const FAILURE_KINDS = [
  ...TTAPI_ERROR_KINDS,
  /** TTAPI never confirmed a submit that may have reached it; not resent, not counted. */
  "submit_uncertain",
  /** TTAPI accepted the job and reported FAILED. */
  "generation",
  /** The server pays with its own TTAPI key, and TTAPI refused it (or it was removed). */
  "server_key",
  /** The server pays with its own TTAPI key, and that account's balance is empty. */
  "server_balance",
  /** Waited in the bot's line past the give-up deadline. */
  "busy_timed_out",
  /** Taken out of the bot's line by its requester (or a moderator) before TTAPI had it. */
  "cancelled",
  /** TTAPI did not finish before the give-up deadline. */
  "timed_out",
  "unknown",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Why a finished video is shown as TTAPI's link rather than attached. */
export const notAttachedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("too_large"), size: z.number(), limit: z.number() }),
  z.object({ kind: z.literal("download_failed") }),
  /** Discord turned the upload away (too large for it, or no Attach Files permission). */
  z.object({ kind: z.literal("refused") }),
  /** TTAPI reported the job done (SUCCESS) but named no file: there is no link either. */
  z.object({ kind: z.literal("no_file") }),
]);
export type NotAttached = z.infer<typeof notAttachedSchema>;

/** What became of a finished video in Discord. */
export const videoDeliverySchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("attached") }),
  /** `why` is null when attaching is off (ATTACH_VIDEOS=false). */
  z.object({ state: z.literal("linked"), why: notAttachedSchema.nullable() }),
]);
export type VideoDelivery = z.infer<typeof videoDeliverySchema>;

/** How the bot reaches the message that shows a job. */
export const jobDeliverySchema = z.object({
  applicationId: z.string(),
  /** Null for jobs started without an interaction (a 🔁 reaction): channel routes only. */
  interactionToken: z.string().nullable(),
  /** Interaction tokens die 15 minutes after this. */
  tokenIssuedAt: z.number(),
  /** Largest upload the interaction allows (Discord's `attachment_size_limit`), if known. */
  uploadLimitBytes: z.number().nullable().default(null),
  messageId: z.string().nullable(),
  /**
   * The message this job's own message replies to: the retried job's, or the reply it
   * replaced. Set only for messages the bot posted itself (not interaction replies).
   */
  replyToMessageId: z.string().nullable(),
});
export type JobDelivery = z.infer<typeof jobDeliverySchema>;

export const jobRecordSchema = z.object({
  /** Our id: the interaction (or retry) that created the job. */
  id: z.string(),
  ttapiJobId: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  request: generationRequestSchema,
  origin: z.object({
    guildId: z.string().nullable(),
    channelId: z.string(),
    userId: z.string(),
    locale: z.string().nullable(),
    /** The requester's roles when they asked: which role limit applies (`/grok-quota role`). */
    roleIds: z.array(z.string()).default([]),
    /** Whether they had Manage Server (who may make videos when roles are listed). */
    managesServer: z.boolean().default(false),
  }),
  delivery: jobDeliverySchema,
  result: z
    .object({
      /** Null when TTAPI reported the job done without a file. */
      videoUrl: z.string().nullable(),
      credits: z.number().nullable(),
      /**
       * Null while the video is still to be attached (kept among unfinished jobs, so a
       * restart delivers it). Records from before attaching existed were linked.
       */
      video: videoDeliverySchema.nullable().default({ state: "linked", why: null }),
    })
    .nullable(),
  failure: z
    .object({
      // A kind written by a newer or older version reads as "unknown", not as a lost job.
      kind: z.enum(FAILURE_KINDS).catch("unknown"),
      reason: z.string().nullable(),
    })
    .nullable(),
  /**
   * When the video is expected, from the durations observed (see JobDurations); null
   * with too little history. `overdue` once the job ran past it (shown once).
   */
  eta: z.object({ readyAt: z.number(), overdue: z.boolean() }).nullable().default(null),
  /** What a `waiting` job waits for: a free slot, or TTAPI's balance to be topped up. */
  waitingFor: z.enum(["slot", "balance"]).default("slot"),
  /** Place in the bot's submit line while `waiting` (1 = next). */
  waitingPosition: z.number().int().nullable().default(null),
  /** Secret part of this job's callback URL, when TTAPI callbacks are on. */
  hookToken: z.string().nullable().default(null),
  /**
   * The job was ended as never confirmed, then TTAPI's callback proved it made: its new
   * message says the earlier one was wrong.
   */
  correction: z.boolean().default(false),
  /** The quota reservation to settle or release when the job ends. */
  charge: quotaChargeSchema.nullable().default(null),
  /** Whose TTAPI account pays: the operator's key, or the server's own (`/grok-settings api-key`). */
  paidBy: z.enum(["operator", "server"]).default("operator"),
  /**
   * Which of its server's keys submitted it, when the server pays: TTAPI answers for the
   * job to that key alone, replaced or removed since or not.
   */
  serverKeyId: z.string().nullable().default(null),
  /** On the requester's role limit, when that counts in a period of its own. */
  memberCharge: quotaChargeSchema.nullable().default(null),
  /** The reservation on the operator's budget (BOT_CREDIT_BUDGET), when there is one. */
  budgetCharge: quotaChargeSchema.nullable().default(null),
  createdAt: z.number(),
  /** Since when TTAPI's answer to the submit is missing (status `unconfirmed`). */
  unconfirmedSince: z.number().nullable().default(null),
  /** When TTAPI accepted the job; the give-up deadline counts from here, not from the line. */
  submittedAt: z.number().nullable().default(null),
  updatedAt: z.number(),
  polls: z.number().int(),
  pollErrors: z.number().int(),
});

export type JobRecord = z.output<typeof jobRecordSchema>;

/** Every reservation a job holds, to settle or release together. */
export function chargesOf(job: {
  charge: QuotaCharge | null;
  memberCharge?: QuotaCharge | null;
  budgetCharge?: QuotaCharge | null;
}): QuotaCharge[] {
  return [job.charge, job.memberCharge, job.budgetCharge].filter((charge) => charge != null);
}

/**
 * A job ended as never confirmed (its submit's answer was lost, no callback came within
 * UNCONFIRMED_WAIT_MINUTES) that TTAPI may still have made: a callback naming it is still
 * heard until `windowMs` after the request (JOB_GIVE_UP_AFTER_MINUTES: TTAPI does not
 * work on a job longer than the bot would wait for it).
 */
export function awaitsLateConfirmation(job: JobRecord, now: number, windowMs: number): boolean {
  return (
    job.failure?.kind === "submit_uncertain" &&
    job.ttapiJobId === null &&
    job.hookToken !== null &&
    now - job.createdAt <= windowMs
  );
}

export function isTerminal(job: Pick<JobRecord, "status">): boolean {
  return TERMINAL_STATUSES.has(job.status);
}

/** Succeeded, but the video is not in Discord yet (being attached, or cut off by a stop). */
export function awaitsVideo(job: Pick<JobRecord, "status" | "result">): boolean {
  return job.status === "succeeded" && job.result !== null && job.result.video === null;
}

/** The job as failed with `kind` (and TTAPI's reason, if any), out of any line. */
export function failedJob(
  job: JobRecord,
  kind: FailureKind,
  reason: string | null,
  at: number,
): JobRecord {
  return {
    ...job,
    status: "failed",
    failure: { kind, reason },
    waitingPosition: null,
    updatedAt: at,
  };
}
