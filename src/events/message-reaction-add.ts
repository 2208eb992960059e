import {
  type Client,
  type GuildTextBasedChannel,
  type Message,
  type MessageReaction,
  type PartialMessage,
  type PartialMessageReaction,
  type PartialUser,
  PermissionFlagsBits,
  type User,
} from "discord.js";
import type { Logger } from "../logger.js";
import type { RetryOutcome, RetryService } from "../services/jobs/retry-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { RETRY_EMOJIS } from "../views/retry-button.js";
import { describeRetryOutcome } from "../views/user-messages.js";

export interface ReactionRetryOptions {
  client: Client;
  retries: Pick<RetryService, "retry">;
  logger: Logger;
  /** How long a refusal notice stays in the channel before the bot deletes it (ms). */
  noticeLifetimeMs: number;
}

/**
 * 🔁 on a bot reply repeats its generation. Works on uncached messages (partials): only
 * ids are needed, and the job is found in the store by message id.
 */
export function createReactionRetryHandler(options: ReactionRetryOptions) {
  const { client, retries, logger } = options;
  return async (
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
  ): Promise<void> => {
    // Discord echoes the bot's own 🔁 back; bots never retry.
    if (user.bot || user.id === client.user?.id) return;
    if (!RETRY_EMOJIS.has(reaction.emoji.name ?? "")) return;
    const message = reaction.message;
    if (!message.inGuild()) return;
    const channel = message.channel;
    try {
      const member = await message.guild.members.fetch(user.id);
      const me = message.guild.members.me ?? (await message.guild.members.fetchMe());
      const outcome = await retries.retry({
        messageId: message.id,
        actorId: user.id,
        actorIsModerator: channel.permissionsFor(member).has(PermissionFlagsBits.ManageMessages),
        actorLocale: null,
      });
      if (outcome.kind === "not_tracked" && !(await isOwnMessage(message, client))) return;
      const botCanTidy = channel.permissionsFor(me).has(PermissionFlagsBits.ManageMessages);
      // Removing the 🔁 lets the same member react again later to repeat once more.
      if (botCanTidy) await reaction.users.remove(user.id);
      if (needsNotice(outcome)) await postNotice(channel, message.id, user.id, outcome, options);
    } catch (error) {
      logger.warn({ err: error, messageId: message.id }, "🔁 reaction could not be handled");
    }
  };
}

/** Unauthorized reactions are ignored (and removed); started ones speak for themselves. */
function needsNotice(outcome: RetryOutcome): boolean {
  return outcome.kind !== "started" && outcome.kind !== "forbidden" && outcome.kind !== "duplicate";
}

async function isOwnMessage(message: Message | PartialMessage, client: Client): Promise<boolean> {
  const full = message.partial ? await message.fetch() : message;
  return full.author.id === client.user?.id;
}

/** A short reply that deletes itself: visible to the member, not clutter for everyone. */
async function postNotice(
  channel: GuildTextBasedChannel,
  messageId: string,
  userId: string,
  outcome: RetryOutcome,
  options: ReactionRetryOptions,
): Promise<void> {
  const notice = await channel.send({
    content: `<@${userId}> ${describeRetryOutcome(outcome)}`,
    reply: { messageReference: messageId, failIfNotExists: false },
    allowedMentions: NO_MENTION_OPTIONS,
  });
  setTimeout(() => {
    notice.delete().catch((error: unknown) => {
      options.logger.debug({ err: error }, "notice already gone");
    });
  }, options.noticeLifetimeMs).unref();
}
