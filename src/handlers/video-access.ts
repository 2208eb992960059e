import {
  type APIInteractionGuildMember,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
} from "discord.js";

/**
 * What a server's rules look at in a member (see services/jobs/access-rules, where they
 * are decided): their roles, and whether they manage the server.
 */
export interface MemberAccess {
  roleIds: string[];
  managesServer: boolean;
}

/** From an interaction's member (a cached one, or the raw one Discord sent). */
export function askerOf(interaction: {
  member: GuildMember | APIInteractionGuildMember | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
}): MemberAccess {
  const roles = interaction.member?.roles;
  return {
    roleIds: Array.isArray(roles) ? [...roles] : roles ? [...roles.cache.keys()] : [],
    managesServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** From a member fetched for a reaction (reactions carry no permissions of their own). */
export function askerFromMember(member: GuildMember): MemberAccess {
  return {
    roleIds: [...member.roles.cache.keys()],
    managesServer: member.permissions.has(PermissionFlagsBits.ManageGuild),
  };
}
