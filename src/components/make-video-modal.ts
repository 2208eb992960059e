import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type Message,
  MessageFlags,
  type ModalSubmitInteraction,
  TextInputStyle,
} from "discord.js";
import { z } from "zod";
import { grokVideoOptionsSchema } from "../commands/grok-video-options.js";
import { type StartGenerationDeps, startGeneration } from "../commands/start-generation.js";
import { imageOf } from "../discord/message-image.js";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import { nearestAspectRatio } from "../services/aspect-ratio.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeInvalidOptions } from "../views/user-messages.js";
import { customId, type ModalComponent, modal } from "./component.js";

/** The modal carries the id of the message whose image is animated. */
const PREFIX = "grok-video:animate";

/** The prompt and length, asked for after "Make a Grok video" on a message with an image. */
export function makeVideoModal(
  messageId: string,
  limits: ModelLimits,
  t: Catalog,
): APIModalInteractionResponseCallbackData {
  const fallback = defaultSeconds(limits);
  return {
    custom_id: customId(PREFIX, messageId),
    title: t.modalTitle,
    components: [
      {
        type: ComponentType.Label,
        label: t.modalPrompt,
        description: t.modalPromptHint,
        component: {
          type: ComponentType.TextInput,
          custom_id: "prompt",
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: MAX_PROMPT_LENGTH,
        },
      },
      {
        type: ComponentType.Label,
        label: t.modalLength,
        description: t.modalLengthHint(limits.minSeconds, limits.maxSeconds, fallback),
        component: {
          type: ComponentType.TextInput,
          custom_id: "length",
          style: TextInputStyle.Short,
          required: false,
          max_length: 3,
          placeholder: String(fallback),
        },
      },
    ],
  };
}

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
  const privately = { flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTION_OPTIONS } as const;
  return modal(PREFIX, z.string().regex(/^\d+$/), async (interaction, messageId) => {
    const t = catalogFor(interaction.locale);
    const image = await imageIn(interaction, messageId);
    if (!image) {
      await interaction.reply({ content: t.noImageInMessage, ...privately });
      return;
    }
    const length = interaction.fields.getTextInputValue("length").trim();
    const parsed = grokVideoOptionsSchema(deps.maxImageBytes, deps.limits, t).safeParse({
      prompt: interaction.fields.getTextInputValue("prompt"),
      // Typed text: a number if it is one, else the schema says what is wrong with it.
      ...(length ? { length: /^\d+$/.test(length) ? Number(length) : length } : {}),
      ...(image.width && image.height
        ? { aspect_ratio: nearestAspectRatio(image.width, image.height) }
        : {}),
      image_urls: image.url,
    });
    if (!parsed.success) {
      await interaction.reply({ content: describeInvalidOptions(parsed.error, t), ...privately });
      return;
    }
    await startGeneration(interaction, parsed.data, deps);
  });
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
