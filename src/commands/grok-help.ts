import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { catalogFor } from "../i18n/catalog.js";
import { type QuotaService, scopeOf } from "../services/quotas/quota-service.js";
import { describeHelp } from "../views/help.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeMemberUsage } from "../views/quota-messages.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler, type SlashCommand } from "./slash-command.js";

/** `/grok-help`: anyone; admins also see the admin commands. */
export const grokHelpDefinition = {
  name: "grok-help",
  ...described((t) => t.commands.help),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export function createGrokHelpCommand(quotas: QuotaService, allowDms: boolean): SlashCommand {
  return {
    definition: grokHelpDefinition,
    allowed: (interaction) => requireGuildUnless(allowDms, interaction),
    handler: handler(
      () => z.object({}),
      async (interaction) => {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const t = catalogFor(interaction.locale);
        const origin = { guildId: interaction.guildId, userId: interaction.user.id };
        const report = await quotas.report(scopeOf(origin), interaction.user.id);
        const forAdmin =
          interaction.inGuild() &&
          interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
        await interaction.editReply({
          content: describeHelp(t, describeMemberUsage(report, t), forAdmin),
          allowedMentions: NO_MENTION_OPTIONS,
        });
      },
    ),
  };
}
