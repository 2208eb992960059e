import { findBlocked } from "../guild-settings/blocked-words.js";
import type { GuildSettings } from "../guild-settings/guild-settings.js";

/** Who asks for a video, and where: what a server's rules look at. */
export interface Asker {
  guildId: string | null;
  channelId: string;
  roleIds: readonly string[];
  /** Manage Server: such members may always make videos. */
  managesServer: boolean;
}

export type AccessRefusal =
  /** The server's own rules cannot be read: refused rather than served without them. */
  | { kind: "settings_unreadable" }
  /** The server allows videos only in these channels. */
  | { kind: "channel_not_allowed"; channels: string[] }
  /** The server allows videos only to members with one of these roles. */
  | { kind: "role_not_allowed"; roles: string[] }
  /** The prompt contains something the server blocked (which is not said back). */
  | { kind: "blocked_prompt" };

/**
 * May this member start this request here: the one place a server's rules (channels,
 * roles, blocked words) are decided. Admission applies it to every request, however it
 * came (command, modal, Retry, 🔁), so no entrance can skip it; an entrance may ask it
 * early too (before showing a modal). Direct messages have no server rules.
 */
export function accessRefusal(
  server: { settings: GuildSettings; damaged: boolean } | undefined,
  asker: Asker,
  prompt?: string,
): AccessRefusal | undefined {
  if (asker.guildId === null || !server) return undefined;
  const { settings, damaged } = server;
  if (damaged) return { kind: "settings_unreadable" };
  if (settings.channels.length > 0 && !settings.channels.includes(asker.channelId)) {
    return { kind: "channel_not_allowed", channels: settings.channels };
  }
  const { roles } = settings;
  if (roles.length > 0 && !asker.managesServer && !asker.roleIds.some((id) => roles.includes(id))) {
    return { kind: "role_not_allowed", roles };
  }
  if (prompt !== undefined && findBlocked(prompt, settings.blockedWords) !== undefined) {
    return { kind: "blocked_prompt" };
  }
  return undefined;
}
