import type { Role } from "discord.js";
import type { Logger } from "../logger.js";
import type { GuildSettingsService } from "../services/guild-settings/guild-settings.js";
import type { QuotaSettingsService } from "../services/quotas/quota-settings-service.js";

export interface RoleDeleteOptions {
  settings: Pick<GuildSettingsService, "dropRole">;
  quotaSettings: Pick<QuotaSettingsService, "dropRole">;
  logger: Logger;
}

/**
 * A server deleted a role (GUILD_ROLE_DELETE, part of the Guilds intent): it is dropped
 * from who may make videos and from the role limits, so settings and `/grok-quota show`
 * never list a role that no longer exists. Until then a deleted role is only ignored.
 */
export function createRoleDeleteHandler(options: RoleDeleteOptions) {
  return async (role: Role): Promise<void> => {
    const { guild, id } = role;
    try {
      await Promise.all([
        options.settings.dropRole(guild.id, id),
        options.quotaSettings.dropRole(guild.id, id),
      ]);
    } catch (error) {
      options.logger.warn(
        { err: error, guildId: guild.id, roleId: id },
        "deleted role not dropped",
      );
    }
  };
}
