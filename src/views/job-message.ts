import {
  type APIEmbed,
  type APIEmbedField,
  ComponentType,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  time,
} from "discord.js";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import { chargeOutcome } from "../services/jobs/job-lifecycle.js";
import { isTerminal, type JobRecord, type JobStatus } from "../services/jobs/job-record.js";
import { cancelButton, remixButton, retryButton } from "./component-views.js";
import { shown } from "./member-text.js";
import { NO_MENTIONS } from "./no-mentions.js";
import { describeFailure, describeNotAttached } from "./user-messages.js";

const COLORS: Record<JobStatus, number> = {
  waiting: 0x99aab5,
  submitting: 0x99aab5,
  unconfirmed: 0xfee75c,
  queued: 0x99aab5,
  generating: 0x5865f2,
  succeeded: 0x57f287,
  failed: 0xed4245,
  timed_out: 0xfee75c,
};

export type JobMessageBody = RESTPatchAPIWebhookWithTokenMessageJSONBody;

/**
 * Renders a job as a Discord message body (API shape, usable on the webhook and the
 * channel routes alike), in the requester's language. A finished video's link is in the
 * content, because Discord plays a bare mp4 link inline but not one inside an embed.
 */
export function renderJobMessage(job: JobRecord, footer?: string): JobMessageBody {
  const t = catalogFor(job.origin.locale);
  // Running states say it all in the embed title; content carries the video or the failure.
  const content =
    job.status === "succeeded" && job.result
      ? describeVideo(job, job.result, t)
      : job.status === "failed" || job.status === "timed_out"
        ? describeEnding(job, t)
        : job.status === "unconfirmed"
          ? t.unconfirmedNotice
          : "";
  // Messages the bot posts itself (retries, replacements) name the requester; the
  // allowed_mentions below make sure that is not a ping.
  const mention = job.delivery.replyToMessageId ? `<@${job.origin.userId}> ` : "";
  const correction = job.correction ? `${t.lateCorrection}\n` : "";
  return {
    content: `${mention}${correction}${content}`.trim(),
    embeds: [renderEmbed(job, t, footer)],
    components: actionsFor(job, t),
    allowed_mentions: NO_MENTIONS,
  };
}

/**
 * A finished job as one line of plain text (the video's link, or the ending's headline),
 * for when Discord will not take the full message.
 */
export function renderPlainEnding(job: JobRecord): JobMessageBody {
  const t = catalogFor(job.origin.locale);
  const shown =
    job.status === "succeeded" && job.result
      ? (job.result.videoUrl ?? t.notAttachedNoFile(job.ttapiJobId ?? job.id))
      : t.headlines[job.status];
  return { content: `<@${job.origin.userId}> ${shown}`, allowed_mentions: NO_MENTIONS };
}

/**
 * Retry and Remix on a finished job; Cancel while it waits in the bot's line (TTAPI has no
 * cancel).
 */
function actionsFor(job: JobRecord, t: Catalog): JobMessageBody["components"] {
  const actions = isTerminal(job)
    ? [retryButton(t), remixButton(job.id, t)]
    : job.status === "waiting"
      ? [cancelButton(job.id, t)]
      : [];
  return actions.length > 0 ? [{ type: ComponentType.ActionRow, components: actions }] : [];
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
function describeVideo(
  job: JobRecord,
  result: NonNullable<JobRecord["result"]>,
  t: Catalog,
): string {
  const { video, videoUrl } = result;
  if (videoUrl === null) return t.notAttachedNoFile(job.ttapiJobId ?? job.id);
  if (video?.state === "attached") {
    return t.downloadLink(videoUrl, time(new Date(job.updatedAt + TTAPI_LINK_LIFETIME_MS), "R"));
  }
  return video?.why && video.why.kind !== "no_file"
    ? `${videoUrl}\n-# ${describeNotAttached(video.why, t)}`
    : videoUrl;
}

function describeEnding(job: JobRecord, t: Catalog): string {
  const why = describeFailure(job.failure?.kind ?? "unknown", job.failure?.reason ?? null, t);
  const quota = chargeOutcome(job) === "release" ? ` ${t.quotaGivenBack}` : "";
  return `${t.headlines[job.status]} — ${why}${quota}`;
}

function renderEmbed(job: JobRecord, t: Catalog, footer?: string): APIEmbed {
  const { request } = job;
  const fields: APIEmbedField[] = [
    { name: t.fieldAspectRatio, value: request.aspectRatio, inline: true },
    { name: t.fieldLength, value: t.seconds(request.videoLength), inline: true },
    { name: t.fieldRequestedBy, value: `<@${job.origin.userId}>`, inline: true },
  ];
  if (job.status === "waiting" && job.waitingPosition !== null) {
    fields.push({ name: t.fieldPlaceInLine, value: String(job.waitingPosition), inline: true });
  }
  if (request.referImages.length > 0) {
    fields.push({
      name: t.fieldReferenceImages,
      value: String(request.referImages.length),
      inline: true,
    });
  }
  if (job.eta && (job.status === "queued" || job.status === "generating")) {
    fields.push({
      name: t.fieldReady,
      value: job.eta.overdue ? t.readyLate : t.readyExpected(time(new Date(job.eta.readyAt), "R")),
      inline: true,
    });
  }
  const finished = job.status === "succeeded";
  fields.push({
    name: finished ? t.fieldFinished : t.fieldStarted,
    value: time(new Date(finished ? job.updatedAt : job.createdAt), "R"),
    inline: true,
  });
  if (job.result?.credits != null) {
    fields.push({ name: t.fieldCredits, value: String(job.result.credits), inline: true });
  }
  const footerText = [footer, job.ttapiJobId ? t.footerJob(job.ttapiJobId) : undefined]
    .filter(Boolean)
    .join(" · ");
  return {
    // Waiting for TTAPI's balance says so: the member sees why nothing moves.
    title:
      job.status === "waiting" && job.waitingFor === "balance"
        ? t.waitingForBalance
        : t.headlines[job.status],
    description: shown(request.prompt, 400),
    color: COLORS[job.status],
    fields,
    ...(footerText ? { footer: { text: footerText } } : {}),
  };
}
