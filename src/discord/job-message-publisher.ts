import { DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from "discord.js";
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { JobNotifier } from "../services/jobs/job-notifier.js";
import { isTerminal, type JobRecord } from "../services/jobs/job-record.js";
import { renderJobMessage } from "../views/job-message.js";
import { RETRY_EMOJI } from "../views/retry-button.js";

/** Interaction tokens live 15 minutes; past this age the channel route is used instead. */
const TOKEN_SAFE_AGE_MS = 14 * 60 * 1000;

const messageSchema = z.object({ id: z.string() });

/**
 * Shows job state in Discord with raw REST calls built from the stored record alone, so
 * it works the same for a live interaction, a 🔁 retry and a job resumed after a restart.
 *
 * Order of routes: the interaction webhook while its token is fresh; then the bot's own
 * message through the channel route (works after 15 minutes for public replies); then a
 * new message in the channel that replies to the original.
 */
export class JobMessagePublisher implements JobNotifier {
  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    /** A short line for the embed footer (e.g. the requester's remaining allowance). */
    private readonly footerFor: (job: JobRecord) => Promise<string | undefined> = async () =>
      undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async publish(job: JobRecord): Promise<{ messageId: string | null }> {
    const messageId = await this.show(job);
    if (messageId && isTerminal(job)) await this.offerRetry(job, messageId);
    return { messageId };
  }

  private async show(job: JobRecord): Promise<string | null> {
    const body = renderJobMessage(job, await this.footerFor(job).catch(() => undefined));
    const { delivery, origin } = job;
    const token = delivery.interactionToken;
    if (token && this.now() - delivery.tokenIssuedAt < TOKEN_SAFE_AGE_MS) {
      try {
        const message = await this.rest.patch(
          Routes.webhookMessage(delivery.applicationId, token, "@original"),
          { body, auth: false },
        );
        return messageSchema.parse(message).id;
      } catch (error) {
        if (!isExpiredToken(error)) return this.gaveUp(job, "webhook edit", error);
      }
    }
    if (delivery.messageId) {
      try {
        await this.rest.patch(Routes.channelMessage(origin.channelId, delivery.messageId), {
          body,
        });
        return delivery.messageId;
      } catch (error) {
        return this.gaveUp(job, "channel edit", error);
      }
    }
    try {
      const reference = delivery.replyToMessageId
        ? {
            message_reference: { message_id: delivery.replyToMessageId, fail_if_not_exists: false },
          }
        : {};
      const message = await this.rest.post(Routes.channelMessages(origin.channelId), {
        body: { ...body, ...reference },
      });
      return messageSchema.parse(message).id;
    } catch (error) {
      return this.gaveUp(job, "new message", error);
    }
  }

  /** The 🔁 reaction makes the retry affordance visible; the button is in the message. */
  private async offerRetry(job: JobRecord, messageId: string): Promise<void> {
    try {
      await this.rest.put(
        Routes.channelMessageOwnReaction(job.origin.channelId, messageId, RETRY_EMOJI),
      );
    } catch (error) {
      this.gaveUp(job, "adding 🔁", error);
    }
  }

  private gaveUp(job: JobRecord, what: string, error: unknown): string | null {
    const details =
      error instanceof DiscordAPIError
        ? { status: error.status, code: error.code }
        : { error: String(error) };
    this.logger.warn({ jobId: job.id, ...details }, `${what} failed; the job goes on`);
    return job.delivery.messageId;
  }
}

function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.status === 401)
  );
}
