import { setTimeout as sleep } from "node:timers/promises";
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
    /** Between two leaves of `leaveOthers` in this process (the bot-wide pace × shards). */
    private readonly leaveIntervalMs = 0,
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

  /**
   * Leaves every server the client is in that is not allowed, one at a time and
   * `leaveIntervalMs` apart, until done or `signal` ends it: at start, beside the bot's
   * work (its commands are not answered there meanwhile). Thousands of leaves at once
   * would spend the whole bot's rate limit, which every shard shares.
   */
  async leaveOthers(client: Client, signal: AbortSignal): Promise<void> {
    const others = [...client.guilds.cache.values()].filter((guild) => !this.allows(guild.id));
    for (const [index, guild] of others.entries()) {
      if (signal.aborted) return;
      if (index > 0) {
        await sleep(this.leaveIntervalMs, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return;
      }
      await this.leaveIfNotAllowed(guild);
    }
  }
}
