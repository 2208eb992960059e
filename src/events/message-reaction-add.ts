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
import { askerFromMember } from "../handlers/video-access.js";
import { catalogFor } from "../i18n/catalog.js";
import { RETRY_EMOJIS } from "../interactions/custom-ids.js";
import type { Logger } from "../logger.js";
import type { RetryOutcome, RetryService } from "../services/jobs/retry-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeRetryOutcome } from "../views/user-messages.js";

export interface ReactionRetryOptions {
  client: Client;
  retries: Pick<RetryService, "retry" | "reactionRemoved">;
  logger: Logger;
  /** How long a refusal notice stays in the channel before the bot deletes it (ms). */
  noticeLifetimeMs: number;
}

type AnyReaction = MessageReaction | PartialMessageReaction;

/** A member's (not a bot's) 🔁 or 🔄 on a message in a server. */
function isMembersRetryReaction(reaction: AnyReaction, user: User | PartialUser, client: Client) {
  // Discord echoes the bot's own 🔁 back; bots never retry.
  if (user.bot || user.id === client.user?.id) return false;
  return RETRY_EMOJIS.has(reaction.emoji.name ?? "") && reaction.message.inGuild();
}

/**
 * 🔁 on a bot reply repeats its generation. Works on uncached messages (partials): only
 * ids are needed, and the job is found in the store by message id. The member (roles,
 * permissions) comes with the reaction event, so reading it costs no Discord call.
 */
export function createReactionRetryHandler(options: ReactionRetryOptions) {
  const { client, retries, logger } = options;
  return async (reaction: AnyReaction, user: User | PartialUser): Promise<void> => {
    if (!isMembersRetryReaction(reaction, user, client)) return;
    const message = reaction.message;
    if (!message.inGuild()) return;
    const { channel, guild } = message;
    try {
      // A 🔁 asks for a video like a command does: the server's rules apply (admission
      // applies them). The reaction carried the member, so this reads discord.js's cache.
      const member = await guild.members.fetch(user.id);
      const asker = askerFromMember(member);
      // Reactions carry no locale: the server's own language.
      const t = catalogFor(guild.preferredLocale);
      const outcome = await retries.retry({
        messageId: message.id,
        actorId: user.id,
        isModerator: async () =>
          channel.permissionsFor(member).has(PermissionFlagsBits.ManageMessages),
        actorLocale: null,
        actorRoleIds: asker.roleIds,
        actorManagesServer: asker.managesServer,
        viaReaction: true,
      });
      if (outcome.kind === "duplicate") return;
      if (outcome.kind === "not_tracked" && !(await isOwnMessage(message, client))) return;
      const me = guild.members.me ?? (await guild.members.fetchMe());
      // Removing the 🔁 lets the same member react again later to repeat once more.
      if (channel.permissionsFor(me).has(PermissionFlagsBits.ManageMessages)) {
        await reaction.users.remove(user.id);
      }
      if (needsNotice(outcome)) {
        await postNotice(channel, message.id, user.id, describeRetryOutcome(outcome, t), options);
      }
    } catch (error) {
      logger.warn({ err: error, messageId: message.id }, "🔁 reaction could not be handled");
    }
  };
}

/** A 🔁 taken off (by the member or the bot): the member's next 🔁 is a new request. */
export function createReactionRemovedHandler(options: ReactionRetryOptions) {
  const { client, retries, logger } = options;
  return async (reaction: AnyReaction, user: User | PartialUser): Promise<void> => {
    if (!isMembersRetryReaction(reaction, user, client)) return;
    await retries.reactionRemoved(reaction.message.id, user.id).catch((error: unknown) => {
      logger.warn({ err: error, messageId: reaction.message.id }, "🔁 removal not recorded");
    });
  };
}

/** Unauthorized reactions are ignored (and removed); started ones speak for themselves. */
function needsNotice(outcome: RetryOutcome): boolean {
  return outcome.kind !== "started" && outcome.kind !== "forbidden";
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
  text: string,
  options: ReactionRetryOptions,
): Promise<void> {
  const notice = await channel.send({
    content: `<@${userId}> ${text}`,
    reply: { messageReference: messageId, failIfNotExists: false },
    allowedMentions: NO_MENTION_OPTIONS,
  });
  setTimeout(() => {
    notice.delete().catch((error: unknown) => {
      options.logger.debug({ err: error }, "notice already gone");
    });
  }, options.noticeLifetimeMs).unref();
}
