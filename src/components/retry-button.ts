import { PermissionFlagsBits } from "discord.js";
import { z } from "zod";
import { askerOf } from "../handlers/video-access.js";
import { RETRY_BUTTON_ID } from "../interactions/custom-ids.js";
import type { RetryService } from "../services/jobs/retry-service.js";
import { describeRetryOutcome } from "../views/user-messages.js";
import { type ButtonComponent, button } from "./component.js";

/** Clicks on Retry: the same path as a 🔁 reaction. It carries no argument. */
export function createRetryButton({
  retries,
}: {
  retries: Pick<RetryService, "retry">;
}): ButtonComponent {
  return button(RETRY_BUTTON_ID, z.literal(""), async (interaction, _args, context) => {
    // Retrying submits to TTAPI, which can take longer than Discord's 3 s.
    await context.deferPrivately();
    const actor = askerOf(interaction);
    const outcome = await retries.retry({
      messageId: interaction.message.id,
      actorId: interaction.user.id,
      isModerator: async () =>
        interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
      actorLocale: interaction.locale,
      actorRoleIds: actor.roleIds,
      actorManagesServer: actor.managesServer,
      viaReaction: false,
    });
    await context.answer(describeRetryOutcome(outcome, context.t));
  });
}
