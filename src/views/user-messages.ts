import { time } from "discord.js";
import type { z } from "zod";
import type { CancelOutcome, StartResult } from "../services/jobs/generation-service.js";
import type { FailureKind, NotAttached } from "../services/jobs/job-record.js";
import type { RetryOutcome } from "../services/jobs/retry-service.js";
import { describeQuotaRefusal } from "./quota-messages.js";

/**
 * The one place that turns failure kinds into words for users. Never includes stack
 * traces, keys or internal ids beyond what helps the user.
 */
export function describeFailure(kind: FailureKind, reason: string | null): string {
  const because = reason ? ` TTAPI said: “${clip(reason, 300)}”` : "";
  switch (kind) {
    case "auth":
      return "The bot's TTAPI key is not accepted — please tell the bot owner.";
    case "balance":
      return "The bot owner's TTAPI balance is used up, so no video can be made right now — please tell the bot owner.";
    case "invalid":
      return `TTAPI refused this request. Change the prompt or options and try again.${because}`;
    case "rate_limited":
      return "TTAPI is busy right now (too many requests at once). Please try again in a minute.";
    case "server":
      return "TTAPI had a problem on its side. Please try again in a few minutes.";
    case "network":
    case "timeout":
      return "The bot could not reach TTAPI. Please try again in a few minutes.";
    case "malformed":
      return "TTAPI answered with something the bot did not understand. Please try again later.";
    case "submit_uncertain":
      return "TTAPI did not confirm the request in time. So that you are not charged twice the bot did not send it again — please try once more.";
    case "generation":
      return `The video could not be generated.${because}`;
    case "busy_timed_out":
      return "TTAPI stayed too busy to take this request for too long, so the bot gave up. Nothing was charged; please try again later.";
    case "timed_out":
      return "TTAPI did not finish this video in time, so the bot stopped waiting. Please try again.";
    case "cancelled":
      return "Cancelled before it was sent to TTAPI.";
    case "unknown":
      return "Something went wrong while making this video. Please try again.";
  }
}

const MB = 1024 * 1024;

/** One short line under a video shown as a link: why it is not attached. */
export function describeNotAttached(why: NotAttached): string {
  switch (why.kind) {
    case "too_large":
      return `Too large to attach: ${(why.size / MB).toFixed(1)} MB, this server allows ${Math.round(why.limit / MB)} MB. The link plays for about a month.`;
    case "download_failed":
      return "Could not be attached (TTAPI's file server did not answer). The link plays for about a month.";
    case "refused":
      return "Discord did not accept the file (too large here, no Attach Files permission, or the upload broke off). The link plays for about a month.";
  }
}

/** Said under a failure whose reservation was given back (see `chargeOutcome`). */
export const QUOTA_GIVEN_BACK = "This did not use your quota.";

export const SHUTTING_DOWN =
  "The bot is restarting. Please try again in a minute — nothing was started or charged.";

export const NO_IMAGE_IN_MESSAGE =
  "That message has no image to animate. Use “Make a Grok video” on a message with an attached image or an image link that shows a preview — or use /grok-video.";

export const UNKNOWN_SUBCOMMAND =
  "This command has changed since your Discord app loaded it. Reload Discord (Ctrl+R) and try again.";

export const UNEXPECTED_ERROR =
  "Something went wrong on the bot's side. The error has been logged; please try again.";

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What a member is told about their click on Cancel. */
export function describeCancelOutcome(outcome: CancelOutcome): string {
  switch (outcome.kind) {
    case "cancelled":
      return "Cancelled. It was taken out of the line and did not use your quota.";
    case "forbidden":
      return "Only the member who asked for this video, or a moderator, can cancel it.";
    case "not_waiting":
      return "Too late to cancel: TTAPI has already taken this request (TTAPI cannot cancel a video it is making).";
    case "not_found":
      return "This request is no longer known to the bot.";
  }
}

/** What a member is told about their 🔁 or Retry click (nothing for "started" reactions). */
export function describeRetryOutcome(outcome: RetryOutcome): string {
  switch (outcome.kind) {
    case "started":
      return "🔁 Making it again — the new video will appear in a reply to that message.";
    case "forbidden":
      return "Only the member who asked for this video, or a moderator, can repeat it.";
    case "duplicate":
      return "This one is already being repeated.";
    case "cooling_down":
      return `This video was repeated moments ago. It can be repeated again ${time(new Date(outcome.until), "R")}.`;
    case "still_running":
      return "This video is still being made; it can be repeated once it is done.";
    case "image_unavailable":
      return "The reference image of this video is no longer available on Discord, so it can't be made again as it was. Run /grok-video with the image attached again. Nothing was charged.";
    case "not_tracked":
      return "This generation is too old to repeat (the bot no longer has its details). Use /grok-video to start a new one.";
    case "over_quota":
    case "too_many_active":
    case "line_full":
      return describeAdmissionRefusal(outcome);
  }
}

/** Lists what to fix in a command's options, one line per problem, for a private reply. */
export function describeInvalidOptions(error: z.ZodError): string {
  const lines = [...new Set(error.issues.map((issue) => issue.message))];
  return `That can't be done yet:\n${lines.map((line) => `• ${line}`).join("\n")}`;
}

/** Why a new job was not started: a quota, the member's own cap, or a full line. */
export function describeAdmissionRefusal(
  refusal: Exclude<StartResult, { kind: "started" }>,
): string {
  switch (refusal.kind) {
    case "over_quota":
      return describeQuotaRefusal(refusal.exceeded, refusal.resetsAt);
    case "too_many_active":
      return `You already have ${refusal.limit} video${refusal.limit === 1 ? "" : "s"} being made or waiting. So that everyone gets a turn, wait for one to finish, then try again.`;
    case "line_full":
      return `This server already has ${refusal.limit} requests waiting in line, the most it may have. Please try again once some of them have been made (usually a few minutes).`;
  }
}
