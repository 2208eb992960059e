import { escapeMarkdown, messageLink, time } from "discord.js";
import type { JobRecord, JobStatus } from "../services/jobs/job-record.js";
import { clip, describeFailure } from "./user-messages.js";

const ICONS: Record<JobStatus, string> = {
  waiting: "⏸",
  submitting: "📤",
  queued: "⏳",
  generating: "🎬",
  succeeded: "✅",
  failed: "❌",
  timed_out: "⌛",
};

const STATES: Record<JobStatus, string> = {
  waiting: "waiting in line",
  submitting: "being sent to TTAPI",
  queued: "in TTAPI's queue",
  generating: "being generated",
  succeeded: "made",
  failed: "failed",
  timed_out: "gave up waiting",
};

/** A link to the message that shows the job, if it has one. */
function jumpLink(job: JobRecord): string | undefined {
  const { messageId } = job.delivery;
  if (!messageId) return undefined;
  return job.origin.guildId
    ? messageLink(job.origin.channelId, messageId, job.origin.guildId)
    : messageLink(job.origin.channelId, messageId);
}

/** One line per job, for choosing one in autocomplete (at most 100 characters). */
export function describeJobChoice(job: JobRecord): string {
  const day = new Date(job.createdAt).toISOString().slice(0, 10);
  return clip(`${ICONS[job.status]} ${day} · ${job.request.prompt}`, 100);
}

/** `/grok-jobs`: a member's recent jobs here, newest first. */
export function describeJobList(jobs: readonly JobRecord[], whose: string | null): string {
  const owner = whose ? `<@${whose}>'s` : "Your";
  if (jobs.length === 0)
    return `${owner === "Your" ? "You have" : `<@${whose}> has`} no videos here yet.`;
  const lines = jobs.map((job) => {
    const link = jumpLink(job);
    return [
      `${ICONS[job.status]} ${escapeMarkdown(clip(job.request.prompt, 60))}`,
      time(new Date(job.createdAt), "R"),
      ...(link ? [`[message](${link})`] : []),
    ].join(" · ");
  });
  return [
    `${owner} last ${jobs.length} video request${jobs.length === 1 ? "" : "s"} here:`,
    ...lines,
  ].join("\n");
}

/** `/grok-jobs job:`: one job in full. */
export function describeJobDetail(job: JobRecord): string {
  const { request, result } = job;
  const link = jumpLink(job);
  const lines = [
    `${ICONS[job.status]} **${STATES[job.status]}** · asked ${time(new Date(job.createdAt), "f")} by <@${job.origin.userId}>`,
    `> ${escapeMarkdown(clip(request.prompt, 1_500))}`,
    `Aspect ratio ${request.aspectRatio} · ${request.videoLength} s · ${request.referImages.length} reference image${request.referImages.length === 1 ? "" : "s"}`,
    ...(result ? [`Video: ${result.videoUrl}`] : []),
    ...(result?.credits != null ? [`Credits used: ${result.credits}`] : []),
    ...(job.failure ? [describeFailure(job.failure.kind, job.failure.reason)] : []),
    ...(job.ttapiJobId ? [`TTAPI job: \`${job.ttapiJobId}\``] : []),
    ...(link ? [`Message: ${link}`] : []),
  ];
  return lines.join("\n");
}
