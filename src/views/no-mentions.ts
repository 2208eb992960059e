import type { APIAllowedMentions, MessageMentionOptions } from "discord.js";

/**
 * Sent with every message the bot writes: prompts are echoed back, and a prompt saying
 * `@everyone` must ping nobody. Replies do not ping the replied-to user either.
 * `NO_MENTIONS` is the API shape (raw REST), `NO_MENTION_OPTIONS` discord.js's.
 */
export const NO_MENTIONS: APIAllowedMentions = Object.freeze({ parse: [], replied_user: false });

export const NO_MENTION_OPTIONS: MessageMentionOptions = Object.freeze({
  parse: [],
  repliedUser: false,
});
