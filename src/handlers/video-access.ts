import {
  type APIInteractionGuildMember,
  type Guild,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
  roleMention,
} from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import type { GuildSettingsService } from "../services/guild-settings/guild-settings.js";

/** Who asks for a video, as far as access goes: their roles, and whether they manage the server. */
export interface Asker {
  roleIds: readonly string[];
  managesServer: boolean;
}

/** From an interaction's member (a cached one, or the raw one Discord sent). */
export function askerOf(interaction: {
  member: GuildMember | APIInteractionGuildMember | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
}): Asker {
  const roles = interaction.member?.roles;
  return {
    roleIds: Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : [],
    managesServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** From a member fetched for a reaction (reactions carry no permissions of their own). */
export function askerFromMember(member: GuildMember): Asker {
  return {
    roleIds: [...member.roles.cache.keys()],
    managesServer: member.permissions.has(PermissionFlagsBits.ManageGuild),
  };
}

/**
 * Why this member may not make videos here, or undefined: when a server lists roles
 * (`/grok-settings roles`), only members with one of them, or Manage Server, may. Checked
 * in code for every way of asking (Discord's command permissions do not cover reactions).
 * Roles deleted since they were listed no longer count.
 */
export async function refusedByRole(
  settings: Pick<GuildSettingsService, "get">,
  guild: { id: string; roles?: Guild["roles"] } | null,
  asker: Asker,
  t: Catalog,
): Promise<string | undefined> {
  if (!guild) return undefined;
  const listed = (await settings.get(guild.id)).roles;
  const live = guild.roles ? listed.filter((id) => guild.roles!.cache.has(id)) : listed;
  if (live.length === 0) return undefined;
  if (asker.managesServer || asker.roleIds.some((id) => live.includes(id))) return undefined;
  return t.rolesRequired(live.map(roleMention));
}

/** `refusedByRole` for the member of an interaction, in the server it comes from. */
export function refusedToInteraction(
  settings: Pick<GuildSettingsService, "get">,
  interaction: Parameters<typeof askerOf>[0] & { guildId: string | null; guild: Guild | null },
  t: Catalog,
): Promise<string | undefined> {
  const where = interaction.guildId
    ? { id: interaction.guildId, roles: interaction.guild?.roles }
    : null;
  return refusedByRole(settings, where, askerOf(interaction), t);
}
