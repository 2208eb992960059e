import {
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
} from "discord.js";
import { z } from "zod";
import { askerOf } from "../handlers/video-access.js";
import type { Catalog } from "../i18n/catalog.js";
import { scopeOf } from "../services/quotas/quota-scope.js";
import type { UsageReport } from "../services/quotas/usage-report.js";
import type { SlashCommandModule } from "./command-module.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler } from "./slash-command.js";

/**
 * A member command without options that answers privately with something built on the
 * member's usage here (`/grok-usage`, `/grok-help`).
 */
export function usageAnswer(
  name: string,
  description: (t: Catalog) => string,
  render: (interaction: ChatInputCommandInteraction, report: UsageReport, t: Catalog) => string,
): SlashCommandModule {
  const definition = {
    name,
    ...described(description),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
  };
  return {
    definition: () => definition,
    forMembers: true,
    create: ({ quotas, allowDms }) => ({
      allowed: (interaction, t) => requireGuildUnless(allowDms, interaction, t),
      handler: handler(
        () => z.object({}),
        async (interaction, _args, { t, deferPrivately, answer }) => {
          await deferPrivately();
          const origin = { guildId: interaction.guildId, userId: interaction.user.id };
          const { roleIds } = askerOf(interaction);
          const report = await quotas.report(scopeOf(origin), interaction.user.id, roleIds);
          await answer(render(interaction, report, t));
        },
      ),
    }),
  };
}
