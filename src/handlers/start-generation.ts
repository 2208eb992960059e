import {
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import type { Logger } from "../logger.js";
import type { GenerationRequest } from "../services/generation-request.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import type { Metrics } from "../services/metrics.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeAdmissionRefusal } from "../views/user-messages.js";
import { askerOf } from "./video-access.js";

export interface StartGenerationDeps {
  generations: Pick<GenerationService, "start" | "refusedAccess">;
  logger: Logger;
  metrics: Pick<Metrics, "acknowledged">;
}

/**
 * What every way of asking for a video does with a valid request (`/grok-video`, "Make a
 * Grok video"): acknowledge within Discord's 3 s, start the job with the interaction as
 * its delivery, and if it is refused, replace the public reply with a private reason.
 */
export async function startGeneration(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  request: GenerationRequest,
  t: Catalog,
  deps: StartGenerationDeps,
): Promise<void> {
  const { channelId } = interaction;
  // Commands and modals from messages always come from a channel.
  if (!channelId) throw new Error(`interaction ${interaction.id} has no channel`);
  const origin = {
    guildId: interaction.guildId,
    channelId,
    userId: interaction.user.id,
    locale: interaction.locale,
    ...askerOf(interaction),
  };
  // Asked before the public "thinking…", so a refused member is answered privately at
  // once; admission applies the same rules again to the request itself.
  const refusal = await deps.generations.refusedAccess(origin);
  if (refusal) {
    await interaction.reply({
      content: describeAdmissionRefusal(refusal, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTION_OPTIONS,
    });
    return;
  }
  await interaction.deferReply();
  const ackMs = Date.now() - interaction.createdTimestamp;
  deps.metrics.acknowledged(ackMs);
  deps.logger.debug({ ackMs }, "deferred");
  const result = await deps.generations.start({
    id: interaction.id,
    request,
    origin,
    delivery: {
      applicationId: interaction.applicationId,
      interactionToken: interaction.token,
      tokenIssuedAt: interaction.createdTimestamp,
      uploadLimitBytes: interaction.attachmentSizeLimit ?? null,
      replyToMessageId: null,
    },
  });
  if (result.kind !== "started") {
    // The public "thinking…" reply goes away; only the member sees why.
    await interaction.deleteReply();
    await interaction.followUp({
      content: describeAdmissionRefusal(result, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTION_OPTIONS,
    });
  }
}
