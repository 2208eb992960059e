import { roleMention, time } from "discord.js";
import type { z } from "zod";
import type { Catalog } from "../i18n/catalog.js";
import type { StartResult } from "../services/jobs/admission.js";
import type { FailureKind, NotAttached } from "../services/jobs/job-record.js";
import type { RetryOutcome } from "../services/jobs/retry-service.js";
import type { CancelOutcome } from "../services/jobs/waiting-jobs.js";
import { shown } from "./member-text.js";
import { describeQuotaRefusal } from "./quota-messages.js";

/**
 * The one place that turns failure kinds into words for users. Never includes stack
 * traces, keys or internal ids beyond what helps the user.
 */
export function describeFailure(kind: FailureKind, reason: string | null, t: Catalog): string {
  return t.failures[kind](reason ? t.ttapiSaid(shown(reason, 300)) : "");
}

/** One short line under a video shown as a link: why it is not attached. */
export function describeNotAttached(
  why: Exclude<NotAttached, { kind: "no_file" }>,
  t: Catalog,
): string {
  switch (why.kind) {
    case "too_large":
      return t.notAttachedTooLarge(why.size, why.limit);
    case "download_failed":
      return t.notAttachedDownload;
    case "refused":
      return t.notAttachedRefused;
  }
}

/** What a member is told about their click on Cancel. */
export function describeCancelOutcome(outcome: CancelOutcome, t: Catalog): string {
  switch (outcome.kind) {
    case "cancelled":
      return t.cancelDone;
    case "forbidden":
      return t.cancelForbidden;
    case "not_waiting":
      return t.cancelTooLate;
    case "not_found":
      return t.cancelUnknown;
  }
}

/** What a member is told about their 🔁 or Retry click (nothing for "started" reactions). */
export function describeRetryOutcome(outcome: RetryOutcome, t: Catalog): string {
  switch (outcome.kind) {
    case "started":
      return t.retryStarted;
    case "forbidden":
      return t.retryForbidden;
    case "duplicate":
      return t.retryDuplicate;
    case "cooling_down":
      return t.retryCoolingDown(time(new Date(outcome.until), "R"));
    case "still_running":
      return t.retryStillRunning;
    case "image_unavailable":
      return t.retryImageGone;
    case "not_tracked":
      return t.retryNotTracked;
    case "over_quota":
    case "budget_spent":
    case "too_many_active":
    case "line_full":
    case "channel_not_allowed":
    case "blocked_prompt":
    case "server_key_unreadable":
    case "settings_unreadable":
    case "role_not_allowed":
      return describeAdmissionRefusal(outcome, t);
  }
}

/** Lists what to fix in a command's options, one line per problem, for a private reply. */
export function describeInvalidOptions(error: z.ZodError, t: Catalog): string {
  return t.invalidOptions([...new Set(error.issues.map((issue) => issue.message))]);
}

/** Why a new job was not started: a quota, the member's own cap, or a full line. */
export function describeAdmissionRefusal(
  refusal: Exclude<StartResult, { kind: "started" }>,
  t: Catalog,
): string {
  switch (refusal.kind) {
    case "over_quota":
      return describeQuotaRefusal(refusal.exceeded, refusal.resetsAt, t);
    case "budget_spent":
      return t.budgetSpent(time(new Date(refusal.resetsAt), "R"));
    case "too_many_active":
      return t.tooManyActive(refusal.limit);
    case "line_full":
      return t.lineFull(refusal.limit);
    case "channel_not_allowed":
      return t.channelNotAllowed(refusal.channels.map((id) => `<#${id}>`));
    case "blocked_prompt":
      return t.blockedPrompt;
    case "server_key_unreadable":
      return t.serverKeyUnreadable;
    case "settings_unreadable":
      return t.guildSettingsDamaged;
    case "role_not_allowed":
      return t.rolesRequired(refusal.roles.map(roleMention));
  }
}
