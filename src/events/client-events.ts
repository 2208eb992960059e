import { type Client, Events, RESTEvents } from "discord.js";
import type { GuildAllowlist } from "../discord/guild-allowlist.js";
import type { Logger } from "../logger.js";
import type { InteractionRouter } from "./interaction-create.js";
import {
  createReactionRemovedHandler,
  createReactionRetryHandler,
  type ReactionRetryOptions,
} from "./message-reaction-add.js";
import { createRoleDeleteHandler, type RoleDeleteOptions } from "./role-delete.js";

export interface ClientEventDeps extends Omit<ReactionRetryOptions, "client">, RoleDeleteOptions {
  router: Pick<InteractionRouter, "handle">;
  /** In a server outside ALLOWED_GUILD_IDS the bot answers nothing, and leaves it. */
  allowlist: GuildAllowlist;
  logger: Logger;
}

/** Every gateway event the bot listens to, each to its handler. */
export function listenToClient(client: Client, deps: ClientEventDeps): void {
  const { router, allowlist, logger } = deps;
  client.on(Events.InteractionCreate, async (interaction) => {
    if (allowlist.allows(interaction.guildId)) await router.handle(interaction);
  });
  const onReactionAdd = createReactionRetryHandler({ ...deps, client });
  const onReactionRemove = createReactionRemovedHandler({ ...deps, client });
  client.on(Events.MessageReactionAdd, async (reaction, user) => {
    if (allowlist.allows(reaction.message.guildId)) await onReactionAdd(reaction, user);
  });
  client.on(Events.MessageReactionRemove, async (reaction, user) => {
    if (allowlist.allows(reaction.message.guildId)) await onReactionRemove(reaction, user);
  });
  client.on(Events.GuildCreate, (guild) => void allowlist.leaveIfNotAllowed(guild));
  client.on(Events.GuildRoleDelete, createRoleDeleteHandler(deps));
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
  // At LOG_LEVEL=trace, what discord.js does (gateway and REST), scrubbed like every line.
  if (logger.isLevelEnabled("trace")) {
    client.on(Events.Debug, (message) => logger.trace({ discord: message }, "discord.js"));
    client.rest.on(RESTEvents.Debug, (message) =>
      logger.trace({ rest: message }, "discord.js REST"),
    );
  }
}
