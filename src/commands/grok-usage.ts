import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { scopeOf } from "../services/quotas/quota-scope.js";
import { describeMemberUsage } from "../views/quota-messages.js";
import type { SlashCommandModule } from "./command-module.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler } from "./slash-command.js";

/** `/grok-usage`: anyone can see their own usage and what is left. */
export const grokUsageDefinition = {
  name: "grok-usage",
  ...described((t) => t.commands.usage),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const grokUsage: SlashCommandModule = {
  definition: () => grokUsageDefinition,
  forMembers: true,
  create: ({ quotas, allowDms }) => ({
    allowed: (interaction, t) => requireGuildUnless(allowDms, interaction, t),
    handler: handler(
      () => z.object({}),
      async (interaction, _args, { t, deferPrivately, answer }) => {
        await deferPrivately();
        const origin = { guildId: interaction.guildId, userId: interaction.user.id };
        const report = await quotas.report(scopeOf(origin), interaction.user.id);
        await answer(describeMemberUsage(report, t));
      },
    ),
  }),
};
