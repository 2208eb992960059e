import { Client, GatewayIntentBits, Options, Partials, REST } from "discord.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { send } from "./upload-transport.js";

/**
 * The discord.js client with exactly the intents the bot uses: Guilds for interactions,
 * GuildMessageReactions for 🔁. Partials let reactions on uncached (old) messages through.
 * No message is cached: the bot acts on messages by id, and discord.js's default of 200
 * per channel grows with every server's traffic (a soak of 10,000 jobs across 50 servers
 * filled it). Guilds, their channels and roles stay cached (the bot reads them, and
 * discord.js does not support limiting them): about 50,000 channels and 45,000 roles for
 * 2,500 servers of 20 channels, some 215 MB a shard process (`npm run bench -- --servers`).
 */
export function createDiscordClient(apiBaseUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      // Members and users come with every interaction and are read from it, never from
      // the cache: kept, they grow with every member who ever used the bot (its own stay).
      GuildMemberManager: {
        maxSize: 0,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      // GUILD_CREATE brings them; nothing here reads them.
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
    allowedMentions: NO_MENTION_OPTIONS,
    rest: restOptions(apiBaseUrl),
  });
}

/**
 * REST for routes authorized by an interaction token (editing a reply, follow-ups).
 * Discord does not count these against the bot's global rate limit, but discord.js's
 * client-side limiter does (50 requests/s for all routes together): a busy server's job
 * edits would queue behind it. Per-route buckets and 429s are still honoured.
 */
export function createInteractionRest(apiBaseUrl: string): REST {
  return new REST({
    ...restOptions(apiBaseUrl),
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
  });
}

/**
 * discord.js's default transport is its own copy of undici, which shares Node's process-wide
 * dispatcher slot with the undici this bot uses for TTAPI. Whichever copy fills the slot
 * first serves both, and a newer undici's dispatcher rejects a `FormData` not its own:
 * every upload (an attached video) would fail. Node's global `fetch` encodes the body
 * itself before any dispatcher sees it, so uploads work whichever undici fills the slot.
 */
function restOptions(apiBaseUrl: string) {
  return { api: apiBaseUrl, makeRequest: send };
}

/** What an operator reads when Discord refuses the bot token: the variable and the fix. */
export const TOKEN_REFUSED =
  "Discord refused DISCORD_TOKEN: copy the bot's token again (Developer Portal → Bot → Reset Token) into .env";

/**
 * Whether Discord refused the bot token: discord.js's `TokenInvalid` (a 401 at login, or
 * the gateway closing with 4004), or a REST call answered 401.
 */
export function isTokenRefused(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return (
    ("code" in error && error.code === "TokenInvalid") ||
    ("status" in error && error.status === 401)
  );
}
