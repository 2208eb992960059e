import type { Client, Guild } from "discord.js";
import type { Logger } from "../logger.js";

/**
 * `ALLOWED_GUILD_IDS`: the servers an operator lets the bot serve. Direct messages are not
 * a server (`ALLOW_DM_USE` governs them). Unset: every server.
 */
export class GuildAllowlist {
  private readonly allowed: ReadonlySet<string> | undefined;

  constructor(
    ids: readonly string[] | undefined,
    private readonly logger: Logger,
  ) {
    this.allowed = ids ? new Set(ids) : undefined;
  }

  allows(guildId: string | null): boolean {
    return guildId === null || this.allowed === undefined || this.allowed.has(guildId);
  }

  /**
   * Leaves a server that is not allowed, with one line in the log (never throws): for each
   * server the bot is added to.
   */
  async leaveIfNotAllowed(guild: Guild): Promise<void> {
    if (this.allows(guild.id)) return;
    try {
      await guild.leave();
      this.logger.warn(
        { guildId: guild.id, name: guild.name },
        "left a server not in ALLOWED_GUILD_IDS",
      );
    } catch (error) {
      this.logger.error({ err: error, guildId: guild.id }, "could not leave a server not allowed");
    }
  }

  /** Leaves every server the client is in that is not allowed: at start. */
  async leaveOthers(client: Client): Promise<void> {
    await Promise.all([...client.guilds.cache.values()].map((g) => this.leaveIfNotAllowed(g)));
  }
}
