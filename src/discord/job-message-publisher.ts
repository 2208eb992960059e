import { DiscordAPIError, type REST, Routes, time } from "discord.js";
import { z } from "zod";
import { catalogFor } from "../i18n/catalog.js";
import { RETRY_EMOJI } from "../interactions/custom-ids.js";
import type { Logger } from "../logger.js";
import type { JobNotifier, LostJob, Published } from "../services/jobs/job-notifier.js";
import {
  awaitsVideo,
  isTerminal,
  type JobDelivery,
  type JobRecord,
  type NotAttached,
  type VideoDelivery,
} from "../services/jobs/job-record.js";
import type { DownloadedVideo, VideoDownloader } from "../services/media/video-download.js";
import type { Semaphore } from "../services/semaphore.js";
import { renderJobMessage, renderPlainEnding } from "../views/job-message.js";
import { NO_MENTIONS } from "../views/no-mentions.js";
import { messageRequest } from "./multipart-upload.js";
import {
  isExpiredToken,
  isGone,
  isInvalidBody,
  isServerError,
  refusedUpload,
  UploadRefused,
  withServerRetries,
} from "./rest-failures.js";

/** Discord's upload limit when nothing larger is known (unboosted server, interaction). */
export const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

const messageSchema = z.object({ id: z.string() });

/** Attaching finished videos; absent when ATTACH_VIDEOS=false. */
export interface VideoUploads {
  downloader: Pick<VideoDownloader, "download">;
  /** Bounds downloads + uploads in flight, so their memory is bounded too. */
  slots: Semaphore;
  /** The upload limit of messages the bot edits or posts itself in this guild (boost tier). */
  channelLimit: (guildId: string | null) => number;
}

export interface JobMessagePublisherOptions {
  /** The bot's REST (channel routes, with the bot token). */
  rest: REST;
  /** REST for interaction-token routes (see `createInteractionRest`). */
  interactionRest: REST;
  logger: Logger;
  /** Interaction tokens live 15 minutes; past this age the channel route is used instead. */
  tokenSafeAgeMs: number;
  /** A short line for the embed footer (e.g. the requester's remaining allowance). */
  footerFor?: (job: JobRecord) => Promise<string | undefined>;
  videos?: VideoUploads;
  /** Told how each finished video was shown (for metrics). */
  onVideo?: (video: VideoDelivery) => void;
  /**
   * A job's final message is sent again after a Discord 5xx, this long first and doubling,
   * three times (on top of discord.js's own immediate retries): it carries a paid video.
   */
  retryDelayMs?: number;
  now?: () => number;
  /**
   * Whether this process still holds its shards (FencedOut when not), asked between a video's
   * download and its upload: one paused meanwhile may wake after a standby has shown it.
   */
  checkClaim?: () => Promise<void>;
}

/**
 * Shows job state in Discord with raw REST calls built from the stored record alone, so
 * it works the same for a live interaction, a 🔁 retry and a job resumed after a restart.
 *
 * Order of routes: the interaction webhook while its token is fresh; then the bot's own
 * message through the channel route (works after 15 minutes for public replies); then a
 * new message in the channel that replies to the original and names the requester.
 * Whichever message carries the job is returned, to be stored.
 *
 * A finished video is downloaded from TTAPI and attached, so it outlives TTAPI's link;
 * when it cannot be (too large for the route's limit, the download failed, Discord refused
 * it) the link is shown as before, with one line saying why.
 */
export class JobMessagePublisher implements JobNotifier {
  private readonly now: () => number;

  constructor(private readonly options: JobMessagePublisherOptions) {
    this.now = options.now ?? Date.now;
  }

  async publish(job: JobRecord): Promise<Published> {
    const footer = await this.options.footerFor?.(job).catch(() => undefined);
    const published = awaitsVideo(job)
      ? await this.publishVideo(job, footer)
      : { delivery: await this.deliver(job, footer) };
    if (published.video) this.options.onVideo?.(published.video);
    const { messageId } = published.delivery;
    if (messageId && isTerminal(job)) await this.offerRetry(job, messageId);
    return published;
  }

  private async publishVideo(job: JobRecord, footer: string | undefined): Promise<Published> {
    const { videos } = this.options;
    const linked = async (why: NotAttached | null): Promise<Published> => {
      const video: VideoDelivery = { state: "linked", why };
      return { delivery: await this.deliver(withVideo(job, video), footer), video };
    };
    if (!videos) return linked(null);
    // The slot is held from download to upload: bounding bandwidth and disk in use.
    return videos.slots.run(async () => {
      const limit = this.tokenIsFresh(job.delivery)
        ? (job.delivery.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT)
        : videos.channelLimit(job.origin.guildId);
      const url = job.result?.videoUrl;
      if (!url) return linked({ kind: "no_file" });
      const download = await videos.downloader.download(url, limit);
      if (!download.ok) {
        this.options.logger.warn({ jobId: job.id, ...download, limit }, "video not attached");
        return linked(
          download.reason === "too_large"
            ? { kind: "too_large", size: download.size, limit }
            : { kind: "download_failed" },
        );
      }
      const { video: file } = download;
      const video: VideoDelivery = { state: "attached" };
      try {
        await this.options.checkClaim?.();
        return { delivery: await this.deliver(withVideo(job, video), footer, file), video };
      } catch (error) {
        if (!(error instanceof UploadRefused)) throw error;
        this.options.logger.warn({ jobId: job.id, size: file.size }, error.message);
        return linked({ kind: "refused" });
      } finally {
        await file.discard();
      }
    });
  }

  /**
   * A job's ending must reach its member: an edit Discord fails (5xx past the retries, an
   * invalid body) moves on to the next route, down to a new message; a status update that
   * fails is left for the next one. Throws `UploadRefused` when a `file` was turned away;
   * every other problem is logged.
   */
  private async deliver(job: JobRecord, footer: string | undefined, file?: DownloadedVideo) {
    const { delivery, origin } = job;
    const ending = isTerminal(job);
    // An upload that keeps failing is shown as the link instead (see refusedUpload).
    const send = <T>(request: () => Promise<T>) =>
      ending && !file ? this.withRetries(request) : request();
    const render = (shown: JobRecord) => messageRequest(renderJobMessage(shown, footer), file);
    const token = delivery.interactionToken;
    if (token && this.tokenIsFresh(delivery)) {
      try {
        const message = await send(() =>
          this.options.interactionRest.patch(
            Routes.webhookMessage(delivery.applicationId, token, "@original"),
            { ...render(job), auth: false },
          ),
        );
        const { id } = messageSchema.parse(message);
        return id === delivery.messageId ? delivery : { ...delivery, messageId: id };
      } catch (error) {
        refusedUpload(error, file);
        if (isGone(error)) return this.postNew(job, footer, file);
        if (!isExpiredToken(error)) {
          if (!ending) return this.gaveUp(job, "webhook edit", error);
          this.failedEnding(job, "webhook edit", error);
        }
      }
    }
    // The token is dead (or its route failed) from here on: never send it again.
    const current = token ? { ...delivery, interactionToken: null } : delivery;
    if (current.messageId) {
      try {
        await send(() =>
          this.options.rest.patch(
            Routes.channelMessage(origin.channelId, current.messageId!),
            render({ ...job, delivery: current }),
          ),
        );
        return current;
      } catch (error) {
        refusedUpload(error, file);
        if (!isGone(error)) {
          if (!ending) return this.gaveUp(job, "channel edit", error);
          this.failedEnding(job, "channel edit", error);
        }
      }
    }
    return this.postNew(job, footer, file);
  }

  /** An ending that could not be shown where it was: logged, and the next route tried. */
  private failedEnding(job: JobRecord, what: string, error: unknown): void {
    if (isInvalidBody(error)) {
      // The bot built a message Discord calls invalid: a bug to fix, with the fields named.
      this.options.logger.error(
        { jobId: job.id, code: error.code, fields: error.rawError.errors },
        `Discord refused the job's message as invalid (${what}); posting it anew`,
      );
    } else this.gaveUp(job, `${what} of the ending`, error);
  }

  /** A new message replying to the one that carried the job (or to the retried one). */
  private async postNew(job: JobRecord, footer: string | undefined, file?: DownloadedVideo) {
    const replyTo = job.delivery.replyToMessageId ?? job.delivery.messageId;
    const moved: JobDelivery = {
      ...job.delivery,
      interactionToken: null,
      replyToMessageId: replyTo,
    };
    const reference = replyTo
      ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } }
      : {};
    try {
      const body = { ...renderJobMessage({ ...job, delivery: moved }, footer), ...reference };
      const message = await this.options.rest.post(
        Routes.channelMessages(job.origin.channelId),
        messageRequest(body, file),
      );
      return { ...moved, messageId: messageSchema.parse(message).id };
    } catch (error) {
      refusedUpload(error, file);
      if (!(isTerminal(job) && (isInvalidBody(error) || isServerError(error)))) {
        return this.gaveUp(job, "new message", error);
      }
      this.failedEnding(job, "new message", error);
      return this.postPlain({ ...job, delivery: moved }, reference);
    }
  }

  /** The ending as one line of text, the last resort when richer messages fail. */
  private async postPlain(
    job: JobRecord,
    reference: { message_reference?: { message_id: string; fail_if_not_exists: boolean } },
  ): Promise<JobDelivery> {
    try {
      const message = await this.withRetries(() =>
        this.options.rest.post(Routes.channelMessages(job.origin.channelId), {
          body: { ...renderPlainEnding(job), ...reference },
        }),
      );
      return { ...job.delivery, messageId: messageSchema.parse(message).id };
    } catch (error) {
      return this.gaveUp(job, "plain new message", error);
    }
  }

  /** A request whose record is unreadable: its member is told, where the job was shown. */
  async tellLost(lost: LostJob): Promise<void> {
    const t = catalogFor(lost.locale);
    const reference = lost.messageId
      ? { message_reference: { message_id: lost.messageId, fail_if_not_exists: false } }
      : {};
    await this.options.rest.post(Routes.channelMessages(lost.channelId), {
      body: {
        content: `<@${lost.userId}> ${t.lostRequest(time(new Date(lost.createdAt), "R"))}`,
        allowed_mentions: NO_MENTIONS,
        ...reference,
      },
    });
  }

  /** The 🔁 reaction makes the retry affordance visible; the button is in the message. */
  private async offerRetry(job: JobRecord, messageId: string): Promise<void> {
    try {
      await this.options.rest.put(
        Routes.channelMessageOwnReaction(job.origin.channelId, messageId, RETRY_EMOJI),
      );
    } catch (error) {
      this.gaveUp(job, "adding 🔁", error);
    }
  }

  /** A job's ending is sent again after a Discord 5xx: it carries a paid video. */
  private withRetries<T>(request: () => Promise<T>): Promise<T> {
    return withServerRetries(request, this.options.retryDelayMs ?? 2_000);
  }

  private tokenIsFresh(delivery: JobDelivery): boolean {
    return (
      delivery.interactionToken !== null &&
      this.now() - delivery.tokenIssuedAt < this.options.tokenSafeAgeMs
    );
  }

  private gaveUp(job: JobRecord, what: string, error: unknown): JobDelivery {
    const details =
      error instanceof DiscordAPIError
        ? { status: error.status, code: error.code }
        : { error: String(error) };
    this.options.logger.warn({ jobId: job.id, ...details }, `${what} failed; the job goes on`);
    return job.delivery;
  }
}

function withVideo(job: JobRecord, video: VideoDelivery): JobRecord {
  return { ...job, result: { ...job.result!, video } };
}
