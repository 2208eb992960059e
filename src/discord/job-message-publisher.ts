import {
  DiscordAPIError,
  HTTPError,
  type REST,
  RESTJSONErrorCodes,
  Routes,
  time,
} from "discord.js";
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
import { type JobMessageBody, renderJobMessage, VIDEO_FILE_NAME } from "../views/job-message.js";
import { NO_MENTIONS } from "../views/no-mentions.js";
import { MultipartUpload } from "./multipart-upload.js";

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
  now?: () => number;
}

/** Discord turned an upload away: too large for it, or no Attach Files permission. */
class UploadRefused extends Error {}

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

  /** Throws `UploadRefused` when a `file` was turned away; every other problem is logged. */
  private async deliver(job: JobRecord, footer: string | undefined, file?: DownloadedVideo) {
    const { delivery, origin } = job;
    const render = (shown: JobRecord) => messageRequest(renderJobMessage(shown, footer), file);
    const token = delivery.interactionToken;
    if (token && this.tokenIsFresh(delivery)) {
      try {
        const message = await this.options.interactionRest.patch(
          Routes.webhookMessage(delivery.applicationId, token, "@original"),
          { ...render(job), auth: false },
        );
        const { id } = messageSchema.parse(message);
        return id === delivery.messageId ? delivery : { ...delivery, messageId: id };
      } catch (error) {
        refusedUpload(error, file);
        if (isGone(error)) return this.postNew(job, footer, file);
        if (!isExpiredToken(error)) return this.gaveUp(job, "webhook edit", error);
      }
    }
    // The token is dead from here on: never send it again.
    const current = token ? { ...delivery, interactionToken: null } : delivery;
    if (current.messageId) {
      try {
        await this.options.rest.patch(
          Routes.channelMessage(origin.channelId, current.messageId),
          render({ ...job, delivery: current }),
        );
        return current;
      } catch (error) {
        refusedUpload(error, file);
        if (!isGone(error)) return this.gaveUp(job, "channel edit", error);
      }
    }
    return this.postNew(job, footer, file);
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
      return this.gaveUp(job, "new message", error);
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

/**
 * A REST request for a message body, with the video uploaded as `files[0]` when there is
 * one (multipart, streamed from disk; see `MultipartUpload`). Listing it as attachment 0
 * replaces whatever the message had, so delivering twice leaves one copy.
 */
function messageRequest(body: JobMessageBody, file: DownloadedVideo | undefined) {
  if (!file) return { body };
  const attachments = [{ id: "0", filename: VIDEO_FILE_NAME }];
  const upload = new MultipartUpload(
    { ...body, attachments },
    { path: file.path, size: file.size, name: VIDEO_FILE_NAME, contentType: "video/mp4" },
  );
  return { body: upload, passThroughBody: true };
}

function withVideo(job: JobRecord, video: VideoDelivery): JobRecord {
  return { ...job, result: { ...job.result!, video } };
}

/**
 * With a file, any failure but "the message is gone" or "the token expired" (which the
 * caller handles by moving the job) means the video could not be uploaded there: 413,
 * 40005, 50013 (no Attach Files), or the upload broke off. The caller shows the link.
 */
function refusedUpload(error: unknown, file: DownloadedVideo | undefined): void {
  if (!file || isGone(error) || isExpiredToken(error)) return;
  const code = error instanceof DiscordAPIError ? error.code : null;
  const status =
    error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : null;
  throw new UploadRefused(`the upload failed (${code ?? status ?? String(error)})`);
}

function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.status === 401)
  );
}

/** The message is gone (deleted by someone): the job needs a new one. */
function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage;
}
