import { Client, GatewayIntentBits, Partials } from "discord.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * The discord.js client with exactly the intents the bot uses: Guilds for interactions,
 * GuildMessageReactions for 🔁. Partials let reactions on uncached (old) messages through.
 */
export function createDiscordClient(apiBaseUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    allowedMentions: NO_MENTION_OPTIONS,
    rest: { api: apiBaseUrl },
  });
}
