import { type ButtonInteraction, MessageFlags, PermissionFlagsBits } from "discord.js";
import type { RetryService } from "../services/jobs/retry-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { RETRY_BUTTON_ID } from "../views/retry-button.js";
import { describeRetryOutcome } from "../views/user-messages.js";

/** A handler for clicks on one kind of button, found by its custom id. */
export interface ButtonHandler {
  readonly customId: string;
  handle(interaction: ButtonInteraction): Promise<void>;
}

/** The Retry button on finished replies: the same path as a 🔁 reaction. */
export function createRetryButton(retries: Pick<RetryService, "retry">): ButtonHandler {
  return {
    customId: RETRY_BUTTON_ID,
    async handle(interaction) {
      // Retrying submits to TTAPI, which can take longer than Discord's 3 s.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const outcome = await retries.retry({
        messageId: interaction.message.id,
        actorId: interaction.user.id,
        isModerator: async () =>
          interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
        actorLocale: interaction.locale,
        viaReaction: false,
      });
      await interaction.editReply({
        content: describeRetryOutcome(outcome),
        allowedMentions: NO_MENTION_OPTIONS,
      });
    },
  };
}
