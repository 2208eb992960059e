import type { Client } from "discord.js";
import type { Logger } from "../logger.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * A direct message to each of the bot's operators (OPERATOR_USER_IDS). One that cannot be
 * delivered (DMs closed, an unknown id) is logged and the others still go.
 */
export async function tellOperators(
  client: Client,
  operatorIds: readonly string[],
  text: string,
  logger: Logger,
): Promise<void> {
  await Promise.all(
    operatorIds.map(async (id) => {
      try {
        await client.users.send(id, { content: text, allowedMentions: NO_MENTION_OPTIONS });
      } catch (error) {
        logger.warn({ err: error, operatorId: id }, "could not send a DM to an operator");
      }
    }),
  );
}
