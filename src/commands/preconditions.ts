import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * Checks a permission on the interacting member in code. `default_member_permissions`
 * is only a default server admins can change, so it never protects anything alone.
 * Answers the member privately and returns false when they lack it.
 */
export async function requirePermission(
  interaction: ChatInputCommandInteraction,
  permission: bigint,
  permissionName: string,
): Promise<boolean> {
  if (interaction.inGuild() && interaction.memberPermissions.has(permission)) return true;
  await interaction.reply({
    content: `You need the **${permissionName}** permission in this server to do that.`,
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
    content: "This command works in servers only.",
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTION_OPTIONS,
  });
  return false;
}
