import { DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from "discord.js";
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { JobNotifier } from "../services/jobs/job-notifier.js";
import { isTerminal, type JobDelivery, type JobRecord } from "../services/jobs/job-record.js";
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
 * new message in the channel that replies to the original and names the requester.
 * Whichever message carries the job is returned, to be stored.
 */
export class JobMessagePublisher implements JobNotifier {
  constructor(
    /** The bot's REST (channel routes, with the bot token). */
    private readonly rest: REST,
    /** REST for interaction-token routes (see `createInteractionRest`). */
    private readonly interactionRest: REST,
    private readonly logger: Logger,
    /** A short line for the embed footer (e.g. the requester's remaining allowance). */
    private readonly footerFor: (job: JobRecord) => Promise<string | undefined> = async () =>
      undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async publish(job: JobRecord): Promise<JobDelivery> {
    const footer = await this.footerFor(job).catch(() => undefined);
    const delivery = await this.deliver(job, footer);
    if (delivery.messageId && isTerminal(job)) await this.offerRetry(job, delivery.messageId);
    return delivery;
  }

  private async deliver(job: JobRecord, footer: string | undefined): Promise<JobDelivery> {
    const { delivery, origin } = job;
    const token = delivery.interactionToken;
    if (token && this.now() - delivery.tokenIssuedAt < TOKEN_SAFE_AGE_MS) {
      try {
        const message = await this.interactionRest.patch(
          Routes.webhookMessage(delivery.applicationId, token, "@original"),
          { body: renderJobMessage(job, footer), auth: false },
        );
        const { id } = messageSchema.parse(message);
        return id === delivery.messageId ? delivery : { ...delivery, messageId: id };
      } catch (error) {
        if (isGone(error)) return this.postNew(job, footer);
        if (!isExpiredToken(error)) return this.gaveUp(job, "webhook edit", error);
      }
    }
    // The token is dead from here on: never send it again.
    const current = token ? { ...delivery, interactionToken: null } : delivery;
    if (current.messageId) {
      try {
        await this.rest.patch(Routes.channelMessage(origin.channelId, current.messageId), {
          body: renderJobMessage({ ...job, delivery: current }, footer),
        });
        return current;
      } catch (error) {
        if (!isGone(error)) return this.gaveUp(job, "channel edit", error);
      }
    }
    return this.postNew(job, footer);
  }

  /** A new message replying to the one that carried the job (or to the retried one). */
  private async postNew(job: JobRecord, footer: string | undefined): Promise<JobDelivery> {
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
      const message = await this.rest.post(Routes.channelMessages(job.origin.channelId), {
        body: { ...renderJobMessage({ ...job, delivery: moved }, footer), ...reference },
      });
      return { ...moved, messageId: messageSchema.parse(message).id };
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

  private gaveUp(job: JobRecord, what: string, error: unknown): JobDelivery {
    const details =
      error instanceof DiscordAPIError
        ? { status: error.status, code: error.code }
        : { error: String(error) };
    this.logger.warn({ jobId: job.id, ...details }, `${what} failed; the job goes on`);
    return job.delivery;
  }
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
