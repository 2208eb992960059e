import type { Message, ModalSubmitInteraction } from "discord.js";
import { z } from "zod";
import { imageOf } from "../discord/message-image.js";
import { type StartGenerationDeps, startGeneration } from "../handlers/start-generation.js";
import { grokVideoOptionsSchema, typedNumber } from "../handlers/video-request-options.js";
import { MAKE_VIDEO_MODAL_PREFIX } from "../interactions/custom-ids.js";
import { nearestAspectRatio } from "../services/aspect-ratio.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import { describeInvalidOptions } from "../views/user-messages.js";
import { type ModalComponent, modal } from "./component.js";

export interface MakeVideoModalDeps extends StartGenerationDeps {
  limits: ModelLimits;
  maxImageBytes: number;
}

/**
 * The modal's submit: the message's image (read again now, so its link is fresh) becomes
 * the reference image and the aspect ratio the allowed one nearest the image's own; then
 * the same validation and start as `/grok-video`.
 */
export function createMakeVideoModal(deps: MakeVideoModalDeps): ModalComponent {
  const messageIdSchema = z.string().regex(/^\d+$/);
  return modal(
    MAKE_VIDEO_MODAL_PREFIX,
    messageIdSchema,
    async (interaction, messageId, context) => {
      const { t, answer } = context;
      const image = await imageIn(interaction, messageId);
      if (!image) return answer(t.noImageInMessage);
      const length = interaction.fields.getTextInputValue("length").trim();
      const parsed = grokVideoOptionsSchema(deps.maxImageBytes, deps.limits, t).safeParse({
        prompt: interaction.fields.getTextInputValue("prompt"),
        ...(length ? { length: typedNumber(length) } : {}),
        ...(image.width && image.height
          ? { aspect_ratio: nearestAspectRatio(image.width, image.height) }
          : {}),
        image_urls: image.url,
      });
      if (!parsed.success) return answer(describeInvalidOptions(parsed.error, t));
      await startGeneration(interaction, parsed.data, t, deps);
    },
  );
}

async function imageIn(interaction: ModalSubmitInteraction, messageId: string) {
  let message: Message | undefined;
  try {
    message = await interaction.channel?.messages.fetch(messageId);
  } catch {
    // Deleted meanwhile, or no longer visible to the bot.
    return undefined;
  }
  return message && imageOf(message);
}
