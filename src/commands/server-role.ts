import type { ChatInputCommandInteraction } from "discord.js";
import { z } from "zod";
import type { Catalog } from "../i18n/catalog.js";

/** A ROLE option as Discord sends it: the role's id (nothing else is trusted). */
export const roleIdSchema = (t: Catalog) => z.string().regex(/^\d+$/, t.roleOptionInvalid);

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
