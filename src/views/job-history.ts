import { messageLink, time } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import type { JobRecord, JobStatus } from "../services/jobs/job-record.js";
import { clip, shown } from "./member-text.js";
import { describeFailure } from "./user-messages.js";

/** What Discord accepts in one message's content. */
const MESSAGE_LIMIT = 2_000;

const ICONS: Record<JobStatus, string> = {
  waiting: "⏸",
  submitting: "📤",
  unconfirmed: "❔",
  queued: "⏳",
  generating: "🎬",
  succeeded: "✅",
  failed: "❌",
  timed_out: "⌛",
};

/** A link to the message that shows the job, if it has one. */
export function jumpLink(job: JobRecord): string | undefined {
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

/** `/grok-jobs`: a member's recent jobs here, newest first (`whose` null: the asker's). */
export function describeJobList(
  jobs: readonly JobRecord[],
  whose: string | null,
  t: Catalog,
): string {
  const member = whose ? `<@${whose}>` : null;
  if (jobs.length === 0) return t.jobsNone(member);
  const lines = jobs.map((job) => {
    const link = jumpLink(job);
    return [
      `${ICONS[job.status]} ${shown(job.request.prompt, 60)}`,
      time(new Date(job.createdAt), "R"),
      ...(link ? [`[${t.jobsMessageLink}](${link})`] : []),
    ].join(" · ");
  });
  return [t.jobsHeader(member, jobs.length), ...lines].join("\n");
}

/** `/grok-jobs job:`: one job in full. */
export function describeJobDetail(job: JobRecord, t: Catalog): string {
  const { request, result } = job;
  const link = jumpLink(job);
  const asked = t.jobAsked(
    t.jobStates[job.status],
    time(new Date(job.createdAt), "f"),
    `<@${job.origin.userId}>`,
  );
  const details = [
    t.jobOptions(request.aspectRatio, request.videoLength, request.referImages.length),
    ...(result?.videoUrl ? [t.jobVideo(result.videoUrl)] : []),
    ...(result?.credits != null ? [t.jobCredits(result.credits)] : []),
    ...(job.failure ? [describeFailure(job.failure.kind, job.failure.reason, t)] : []),
    ...(job.ttapiJobId ? [t.jobTtapiId(job.ttapiJobId)] : []),
    ...(link ? [t.jobMessage(link)] : []),
  ];
  const head = `${ICONS[job.status]} ${asked}`;
  // The prompt gets what the rest leaves of Discord's 2,000 characters.
  const room = MESSAGE_LIMIT - [head, ...details].join("\n").length - "\n> \n".length;
  return [head, `> ${shown(request.prompt, Math.min(1_500, room))}`, ...details].join("\n");
}
