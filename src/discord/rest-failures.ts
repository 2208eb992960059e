import { setTimeout as sleep } from "node:timers/promises";
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from "discord.js";
import type { DownloadedVideo } from "../services/media/video-download.js";

/** How Discord's REST answers fail, as the job message publisher tells them apart. */

/** Discord turned an upload away: too large for it, or no Attach Files permission. */
export class UploadRefused extends Error {}

/**
 * With a file, any failure but "the message is gone" or "the token expired" (which the
 * caller handles by moving the job) means the video could not be uploaded there: 413,
 * 40005, 50013 (no Attach Files), or the upload broke off. The caller shows the link.
 */
export function refusedUpload(error: unknown, file: DownloadedVideo | undefined): void {
  if (!file || isGone(error) || isExpiredToken(error)) return;
  const code = error instanceof DiscordAPIError ? error.code : null;
  const status =
    error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : null;
  throw new UploadRefused(`the upload failed (${code ?? status ?? String(error)})`);
}

/** Discord's own trouble (5xx): worth sending again. */
export function isServerError(error: unknown): boolean {
  return (error instanceof DiscordAPIError || error instanceof HTTPError) && error.status >= 500;
}

/** 50035 Invalid Form Body: the bot's message itself is wrong. */
export function isInvalidBody(
  error: unknown,
): error is DiscordAPIError & { rawError: { errors?: unknown } } {
  return (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType
  );
}

export function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.status === 401)
  );
}

/**
 * The interaction can no longer be answered, which is expected now and then: 10062, it
 * expired (3 s passed, or the bot was slow to start); 40060, it was already acknowledged
 * (a duplicate delivery another process answered).
 */
export function isSpentInteraction(error: unknown): error is DiscordAPIError {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction ||
      error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)
  );
}

/** The message is gone (deleted by someone): the job needs a new one. */
export function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage;
}

/** Sends again after a Discord 5xx, `baseMs` first and doubling, `retries` times. */
export async function withServerRetries<T>(
  request: () => Promise<T>,
  baseMs: number,
  retries = 3,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= retries || !isServerError(error)) throw error;
      await sleep(baseMs * 2 ** attempt);
    }
  }
}
