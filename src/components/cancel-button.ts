import { PermissionFlagsBits } from "discord.js";
import { z } from "zod";
import { CANCEL_PREFIX } from "../interactions/custom-ids.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import { describeCancelOutcome } from "../views/user-messages.js";
import { type ButtonComponent, button } from "./component.js";

/** Job ids are interaction snowflakes or `retry-<uuid>`; custom_ids allow 100 characters. */
const jobIdSchema = z.string().regex(/^[\w-]{1,80}$/);

/** Clicks on Cancel: the requester, or a member with Manage Messages. */
export function createCancelButton({
  generations,
}: {
  generations: Pick<GenerationService, "cancel">;
}): ButtonComponent {
  return button(CANCEL_PREFIX, jobIdSchema, async (interaction, jobId, context) => {
    await context.deferPrivately();
    const outcome = await generations.cancel({
      jobId,
      messageId: interaction.message.id,
      guildId: interaction.guildId,
      actorId: interaction.user.id,
      isModerator: async () =>
        interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
    });
    await context.answer(describeCancelOutcome(outcome, context.t));
  });
}
