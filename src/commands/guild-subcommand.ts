import { MessageFlags } from "discord.js";
import type { z } from "zod";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { type CommandHandler, handler } from "./slash-command.js";

/**
 * A server-admin subcommand (`/grok-quota`, `/grok-settings`): acknowledged privately,
 * run for the server it is used in, answered privately in the admin's language.
 */
export function guildSubcommand<S extends z.ZodType>(
  options: (t: Catalog) => S,
  run: (guildId: string, actorId: string, args: z.output<S>, t: Catalog) => Promise<string>,
): CommandHandler {
  return handler(options, async (interaction, args) => {
    if (!interaction.inGuild()) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const t = catalogFor(interaction.locale);
    const content = await run(interaction.guildId, interaction.user.id, args, t);
    await interaction.editReply({ content, allowedMentions: NO_MENTION_OPTIONS });
  });
}
