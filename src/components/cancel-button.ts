import {
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import { z } from "zod";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeCancelOutcome } from "../views/user-messages.js";
import { type ButtonComponent, button, customId } from "./component.js";

const CANCEL_PREFIX = "grok-video:cancel";
/** Job ids are interaction snowflakes or `retry-<uuid>`; custom_ids allow 100 characters. */
const jobIdSchema = z.string().regex(/^[\w-]{1,80}$/);

/** Cancel, on a request waiting in the bot's line; it carries the job's id. */
export function cancelButton(jobId: string, t: Catalog): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId(CANCEL_PREFIX, jobId),
    label: t.cancelLabel,
  };
}

/** Clicks on Cancel: the requester, or a member with Manage Messages. */
export function createCancelButton(
  generations: Pick<GenerationService, "cancel">,
): ButtonComponent {
  return button(CANCEL_PREFIX, jobIdSchema, async (interaction, jobId) => {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await generations.cancel({
      jobId,
      actorId: interaction.user.id,
      isModerator: async () =>
        interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
    });
    await interaction.editReply({
      content: describeCancelOutcome(outcome, catalogFor(interaction.locale)),
      allowedMentions: NO_MENTION_OPTIONS,
    });
  });
}
