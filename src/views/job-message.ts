import {
  type APIEmbed,
  type APIEmbedField,
  ComponentType,
  escapeMarkdown,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  time,
} from "discord.js";
import { cancelButton } from "../components/cancel-button.js";
import { retryButton } from "../components/retry-button.js";
import { chargeOutcome } from "../services/jobs/job-lifecycle.js";
import { isTerminal, type JobRecord, type JobStatus } from "../services/jobs/job-record.js";
import { NO_MENTIONS } from "./no-mentions.js";
import { clip, describeFailure, describeNotAttached, QUOTA_GIVEN_BACK } from "./user-messages.js";

const HEADLINES: Record<JobStatus, string> = {
  waiting: "⏸ Waiting for a free TTAPI slot…",
  submitting: "📨 Sending your request to TTAPI…",
  queued: "🕒 Waiting in TTAPI's queue…",
  generating: "🎬 Generating your video…",
  succeeded: "✅ Your video is ready",
  failed: "❌ No video this time",
  timed_out: "⌛ Gave up waiting",
};

const COLORS: Record<JobStatus, number> = {
  waiting: 0x99aab5,
  submitting: 0x99aab5,
  queued: 0x99aab5,
  generating: 0x5865f2,
  succeeded: 0x57f287,
  failed: 0xed4245,
  timed_out: 0xfee75c,
};

export type JobMessageBody = RESTPatchAPIWebhookWithTokenMessageJSONBody;

/**
 * Renders a job as a Discord message body (API shape, usable on the webhook and the
 * channel routes alike). A finished video's bare URL is the whole content, because
 * Discord plays a bare mp4 link inline but not one inside an embed.
 */
export function renderJobMessage(job: JobRecord, footer?: string): JobMessageBody {
  // Running states say it all in the embed title; content carries the video or the failure.
  const content =
    job.status === "succeeded" && job.result
      ? describeVideo(job, job.result)
      : job.status === "failed" || job.status === "timed_out"
        ? describeEnding(job)
        : "";
  // Messages the bot posts itself (retries, replacements) name the requester; the
  // allowed_mentions below make sure that is not a ping.
  const mention = job.delivery.replyToMessageId ? `<@${job.origin.userId}> ` : "";
  return {
    content: `${mention}${content}`.trim(),
    embeds: [renderEmbed(job, footer)],
    components: actionsFor(job),
    allowed_mentions: NO_MENTIONS,
  };
}

/** Retry on a finished job; Cancel while it waits in the bot's line (TTAPI has no cancel). */
function actionsFor(job: JobRecord): JobMessageBody["components"] {
  const action = isTerminal(job)
    ? retryButton()
    : job.status === "waiting"
      ? cancelButton(job.id)
      : undefined;
  return action ? [{ type: ComponentType.ActionRow, components: [action] }] : [];
}

/** The name a finished video is attached under. */
export const VIDEO_FILE_NAME = "grok-video.mp4";
/** TTAPI keeps a finished video's file about a month. */
const TTAPI_LINK_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * An attached video plays from the attachment; TTAPI's link stays as a second way, masked
 * (`<…>` keeps Discord from showing a second player). A video that could not be attached
 * is TTAPI's bare link, which Discord plays inline, and why it is not attached.
 */
function describeVideo(job: JobRecord, result: NonNullable<JobRecord["result"]>): string {
  const { video, videoUrl } = result;
  if (video?.state === "attached") {
    const expires = time(new Date(job.updatedAt + TTAPI_LINK_LIFETIME_MS), "R");
    return `[Download](<${videoUrl}>) · TTAPI's link expires ${expires}`;
  }
  return video?.why ? `${videoUrl}\n-# ${describeNotAttached(video.why)}` : videoUrl;
}

function describeEnding(job: JobRecord): string {
  const why = describeFailure(job.failure?.kind ?? "unknown", job.failure?.reason ?? null);
  const quota = chargeOutcome(job) === "release" ? ` ${QUOTA_GIVEN_BACK}` : "";
  return `${HEADLINES[job.status]} — ${why}${quota}`;
}

function renderEmbed(job: JobRecord, footer?: string): APIEmbed {
  const { request } = job;
  const fields: APIEmbedField[] = [
    { name: "Aspect ratio", value: request.aspectRatio, inline: true },
    { name: "Length", value: `${request.videoLength} s`, inline: true },
    { name: "Requested by", value: `<@${job.origin.userId}>`, inline: true },
  ];
  if (job.status === "waiting" && job.waitingPosition !== null) {
    fields.push({ name: "Place in line", value: String(job.waitingPosition), inline: true });
  }
  if (request.referImages.length > 0) {
    fields.push({
      name: "Reference images",
      value: String(request.referImages.length),
      inline: true,
    });
  }
  if (job.eta && (job.status === "queued" || job.status === "generating")) {
    fields.push({
      name: "Ready",
      value: job.eta.overdue
        ? "Taking longer than usual"
        : `expected ${time(new Date(job.eta.readyAt), "R")}`,
      inline: true,
    });
  }
  const started = new Date(job.createdAt);
  fields.push({
    name: job.status === "succeeded" ? "Finished" : "Started",
    value: time(job.status === "succeeded" ? new Date(job.updatedAt) : started, "R"),
    inline: true,
  });
  if (job.result?.credits != null) {
    fields.push({ name: "Credits used", value: String(job.result.credits), inline: true });
  }
  const footerText = [footer, job.ttapiJobId ? `Job ${job.ttapiJobId}` : undefined]
    .filter(Boolean)
    .join(" · ");
  return {
    title: HEADLINES[job.status],
    description: escapeMarkdown(clip(request.prompt, 400)),
    color: COLORS[job.status],
    fields,
    ...(footerText ? { footer: { text: footerText } } : {}),
  };
}
