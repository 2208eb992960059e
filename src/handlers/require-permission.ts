import type { BaseInteraction } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";

/**
 * Checks a permission on the interacting member in code. `default_member_permissions`
 * is only a default server admins can change, so it never protects anything alone.
 * Returns the refusal when they lack it.
 */
export function requirePermission(
  interaction: BaseInteraction,
  permission: bigint,
  permissionName: keyof Catalog["permissions"],
  t: Catalog,
): string | undefined {
  if (interaction.inGuild() && interaction.memberPermissions.has(permission)) return undefined;
  return t.needPermission(t.permissions[permissionName]);
}
