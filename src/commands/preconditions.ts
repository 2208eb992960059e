import type { ChatInputCommandInteraction } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";

/**
 * Checks a permission on the interacting member in code. `default_member_permissions`
 * is only a default server admins can change, so it never protects anything alone.
 * Returns the refusal when they lack it.
 */
export function requirePermission(
  interaction: ChatInputCommandInteraction,
  permission: bigint,
  permissionName: keyof Catalog["permissions"],
  t: Catalog,
): string | undefined {
  if (interaction.inGuild() && interaction.memberPermissions.has(permission)) return undefined;
  return t.needPermission(t.permissions[permissionName]);
}

/** Refuses use outside servers when direct-message use is off. */
export function requireGuildUnless(
  allowed: boolean,
  interaction: ChatInputCommandInteraction,
  t: Catalog,
): string | undefined {
  return allowed || interaction.inGuild() ? undefined : t.serversOnly;
}

/**
 * Whether `roleId` names one of this server's roles (not @everyone). Discord offers only
 * those, but a forged payload can name another server's.
 */
export function isServerRole(
  interaction: ChatInputCommandInteraction<"cached" | "raw">,
  roleId: string,
): boolean {
  return roleId !== interaction.guildId && interaction.guild?.roles.cache.has(roleId) !== false;
}
