import { type Client, DiscordAPIError, RESTJSONErrorCodes, Routes } from "discord.js";
import { catalogFor } from "../i18n/catalog.js";
import type { Logger } from "../logger.js";
import type { AuditSink } from "../services/guild-settings/audit-log.js";
import { describeAuditEvent } from "../views/guild-settings.js";
import { NO_MENTIONS } from "../views/no-mentions.js";

/** Errors that mean the bot cannot write to the channel at all (not a passing fault). */
const UNREACHABLE = new Set<number>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
]);

/** Audit lines as messages in the server's log channel, in the server's language. */
export function auditChannel(client: Client, logger: Logger): AuditSink {
  const localeOf = (guildId: string) => client.guilds.cache.get(guildId)?.preferredLocale ?? null;
  return {
    async post(channelId, guildId, event) {
      try {
        await client.rest.post(Routes.channelMessages(channelId), {
          body: {
            content: describeAuditEvent(event, catalogFor(localeOf(guildId))),
            allowed_mentions: NO_MENTIONS,
          },
        });
        return "posted";
      } catch (error) {
        if (error instanceof DiscordAPIError && UNREACHABLE.has(Number(error.code))) {
          return "unreachable";
        }
        logger.warn({ err: error, guildId }, "audit line failed");
        return "failed";
      }
    },
    async tellUnreachable(userId, guildId, channelId) {
      const server = client.guilds.cache.get(guildId)?.name ?? guildId;
      try {
        const user = await client.users.fetch(userId);
        await user.send({
          content: catalogFor(localeOf(guildId)).logChannelUnreachable(`<#${channelId}>`, server),
          allowedMentions: { parse: [] },
        });
      } catch (error) {
        logger.warn({ err: error, guildId }, "could not tell the admin about the log channel");
      }
    },
  };
}
