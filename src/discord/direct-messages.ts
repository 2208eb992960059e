import type { Client } from "discord.js";
import type { Logger } from "../logger.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * A direct message to each of these users (the bot's operators, or the admin who set a
 * server's key). One that cannot be delivered (DMs closed, an unknown id) is logged and
 * the others still go.
 */
export async function sendDirectMessages(
  client: Client,
  userIds: readonly string[],
  text: string,
  logger: Logger,
): Promise<void> {
  await Promise.all(
    userIds.map(async (id) => {
      try {
        await client.users.send(id, { content: text, allowedMentions: NO_MENTION_OPTIONS });
      } catch (error) {
        logger.warn({ err: error, userId: id }, "could not send a DM");
      }
    }),
  );
}
