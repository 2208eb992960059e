import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * Checks a permission on the interacting member in code. `default_member_permissions`
 * is only a default server admins can change, so it never protects anything alone.
 * Answers the member privately and returns false when they lack it.
 */
export async function requirePermission(
  interaction: ChatInputCommandInteraction,
  permission: bigint,
  permissionName: keyof Catalog["permissions"],
): Promise<boolean> {
  if (interaction.inGuild() && interaction.memberPermissions.has(permission)) return true;
  const t = catalogFor(interaction.locale);
  await interaction.reply({
    content: t.needPermission(t.permissions[permissionName]),
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTION_OPTIONS,
  });
  return false;
}

/** Refuses use outside servers when direct-message use is off. */
export async function requireGuildUnless(
  allowed: boolean,
  interaction: ChatInputCommandInteraction,
): Promise<boolean> {
  if (allowed || interaction.inGuild()) return true;
  await interaction.reply({
    content: catalogFor(interaction.locale).serversOnly,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTION_OPTIONS,
  });
  return false;
}
