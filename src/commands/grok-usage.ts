import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { catalogFor } from "../i18n/catalog.js";
import { type QuotaService, scopeOf } from "../services/quotas/quota-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeMemberUsage } from "../views/quota-messages.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler, type SlashCommand } from "./slash-command.js";

/** `/grok-usage`: anyone can see their own usage and what is left. */
export const grokUsageDefinition = {
  name: "grok-usage",
  ...described((t) => t.commands.usage),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export function createGrokUsageCommand(quotas: QuotaService, allowDms: boolean): SlashCommand {
  return {
    definition: grokUsageDefinition,
    allowed: (interaction) => requireGuildUnless(allowDms, interaction),
    handler: handler(
      () => z.object({}),
      async (interaction) => {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const origin = { guildId: interaction.guildId, userId: interaction.user.id };
        const report = await quotas.report(scopeOf(origin), interaction.user.id);
        await interaction.editReply({
          content: describeMemberUsage(report, catalogFor(interaction.locale)),
          allowedMentions: NO_MENTION_OPTIONS,
        });
      },
    ),
  };
}
