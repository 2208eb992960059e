import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { scopeOf } from "../services/quotas/quota-scope.js";
import { describeHelp } from "../views/help.js";
import { describeMemberUsage } from "../views/quota-messages.js";
import type { SlashCommandModule } from "./command-module.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler } from "./slash-command.js";

/** `/grok-help`: anyone; admins also see the admin commands. */
export const grokHelpDefinition = {
  name: "grok-help",
  ...described((t) => t.commands.help),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const grokHelp: SlashCommandModule = {
  definition: () => grokHelpDefinition,
  forMembers: true,
  create: ({ quotas, allowDms }) => ({
    allowed: (interaction, t) => requireGuildUnless(allowDms, interaction, t),
    handler: handler(
      () => z.object({}),
      async (interaction, _args, { t, deferPrivately, answer }) => {
        await deferPrivately();
        const origin = { guildId: interaction.guildId, userId: interaction.user.id };
        const report = await quotas.report(scopeOf(origin), interaction.user.id);
        const forAdmin =
          interaction.inGuild() &&
          interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
        await answer(describeHelp(t, describeMemberUsage(report, t), forAdmin));
      },
    ),
  }),
};
