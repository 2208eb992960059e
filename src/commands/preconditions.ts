import type { ChatInputCommandInteraction } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";

/** Refuses use outside servers when direct-message use is off. */
export function requireGuildUnless(
  allowed: boolean,
  interaction: ChatInputCommandInteraction,
  t: Catalog,
): string | undefined {
  return allowed || interaction.inGuild() ? undefined : t.serversOnly;
}
