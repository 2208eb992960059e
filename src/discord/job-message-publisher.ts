import { DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from "discord.js";
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { JobNotifier } from "../services/jobs/job-notifier.js";
import type { JobRecord } from "../services/jobs/job-record.js";
import { renderJobMessage } from "../views/job-message.js";

/** Interaction tokens live 15 minutes; past this age the channel route is used instead. */
const TOKEN_SAFE_AGE_MS = 14 * 60 * 1000;

const messageSchema = z.object({ id: z.string() });

/**
 * Shows job state in Discord with raw REST calls built from the stored record alone, so
 * it works the same for a live interaction and for a job resumed after a restart.
 */
export class JobMessagePublisher implements JobNotifier {
  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async publish(job: JobRecord): Promise<{ messageId: string | null }> {
    const body = renderJobMessage(job);
    const { delivery, origin } = job;
    const tokenFresh = this.now() - delivery.tokenIssuedAt < TOKEN_SAFE_AGE_MS;
    if (tokenFresh || !delivery.messageId) {
      try {
        const message = await this.rest.patch(
          Routes.webhookMessage(delivery.applicationId, delivery.interactionToken, "@original"),
          { body, auth: false },
        );
        return { messageId: messageSchema.parse(message).id };
      } catch (error) {
        if (!isExpiredToken(error) || !delivery.messageId) {
          this.logFailure(job, "webhook edit", error);
          return { messageId: delivery.messageId };
        }
      }
    }
    // A public reply is an ordinary bot message: the bot token can still edit it.
    try {
      await this.rest.patch(Routes.channelMessage(origin.channelId, delivery.messageId!), { body });
    } catch (error) {
      this.logFailure(job, "channel edit", error);
    }
    return { messageId: delivery.messageId };
  }

  private logFailure(job: JobRecord, what: string, error: unknown): void {
    const details =
      error instanceof DiscordAPIError
        ? { status: error.status, code: error.code }
        : { error: String(error) };
    this.logger.warn({ jobId: job.id, ...details }, `${what} failed; the job goes on`);
  }
}

function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.status === 401)
  );
}
