import type { ChatInputCommandInteraction } from "discord.js";
import type { z } from "zod";
import type { Catalog } from "../i18n/catalog.js";
import { type CommandHandler, handler } from "./slash-command.js";

/**
 * A server-admin subcommand (`/grok-quota`, `/grok-settings`): acknowledged privately,
 * run for the server it is used in, answered privately in the admin's language.
 */
export function guildSubcommand<S extends z.ZodType>(
  options: (t: Catalog) => S,
  run: (
    guildId: string,
    actorId: string,
    args: z.output<S>,
    t: Catalog,
    interaction: ChatInputCommandInteraction<"cached" | "raw">,
  ) => Promise<string>,
): CommandHandler {
  return handler(options, async (interaction, args, { t, deferPrivately, answer }) => {
    if (!interaction.inGuild()) return;
    await deferPrivately();
    await answer(await run(interaction.guildId, interaction.user.id, args, t, interaction));
  });
}
