import {
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import { z } from "zod";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import type { RetryService } from "../services/jobs/retry-service.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeRetryOutcome } from "../views/user-messages.js";
import { type ButtonComponent, button, customId } from "./component.js";

/** The reaction the bot adds to finished replies; 🔄 is accepted too. */
export const RETRY_EMOJI = "🔁";
export const RETRY_EMOJIS: ReadonlySet<string> = new Set(["🔁", "🔄"]);

/** Messages already in channels carry this id: it must never change. */
export const RETRY_BUTTON_ID = customId("grok-video:retry");

/** The Retry button on finished replies, for where reactions are awkward (mobile, apps). */
export function retryButton(t: Catalog): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: RETRY_BUTTON_ID,
    label: t.retryLabel,
    emoji: { name: RETRY_EMOJI },
  };
}

/** Clicks on Retry: the same path as a 🔁 reaction. It carries no argument. */
export function createRetryButton(retries: Pick<RetryService, "retry">): ButtonComponent {
  return button(RETRY_BUTTON_ID, z.literal(""), async (interaction) => {
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
      content: describeRetryOutcome(outcome, catalogFor(interaction.locale)),
      allowedMentions: NO_MENTION_OPTIONS,
    });
  });
}
