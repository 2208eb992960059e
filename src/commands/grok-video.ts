import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { ASPECT_RATIOS, type AspectRatio } from "../services/ttapi/ttapi-schemas.js";
import { grokVideoOptionsSchema } from "./grok-video-options.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler, type SlashCommand } from "./slash-command.js";
import { type StartGenerationDeps, startGeneration } from "./start-generation.js";

const ASPECT_LABELS: Record<AspectRatio, { en: string; zh: string }> = {
  "16:9": { en: "landscape", zh: "横屏" },
  "9:16": { en: "portrait", zh: "竖屏" },
  "1:1": { en: "square", zh: "方形" },
  "2:3": { en: "portrait", zh: "竖版" },
  "3:2": { en: "landscape", zh: "横版" },
};

/** Built from the ratios the options schema accepts, so the two cannot drift apart. */
const ASPECT_CHOICES = ASPECT_RATIOS.map((value) => ({
  name: `${value} ${ASPECT_LABELS[value].en}`,
  name_localizations: { "zh-CN": `${value} ${ASPECT_LABELS[value].zh}` },
  value,
})) satisfies APIApplicationCommandOptionChoice<string>[];

function imageOption<N extends string>(name: N, description: string, zh: string) {
  return {
    type: ApplicationCommandOptionType.Attachment,
    name,
    description,
    description_localizations: { "zh-CN": zh },
    required: false,
  } as const;
}

/**
 * Every option `/grok-video` can have; `grokVideoDefinition` fits it to the model.
 * Server-side validation: grok-video-options.
 */
export const grokVideoShape = {
  name: "grok-video",
  description: "Generate a video with Grok from a prompt and optional reference images",
  description_localizations: { "zh-CN": "用 Grok 根据提示词和可选的参考图生成视频" },
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "prompt",
      description: "What the video should show",
      description_localizations: { "zh-CN": "视频内容的描述（提示词）" },
      required: true,
      max_length: MAX_PROMPT_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: "aspect_ratio",
      description: "Shape of the video (default 16:9)",
      description_localizations: { "zh-CN": "视频宽高比（默认 16:9）" },
      required: false,
      choices: ASPECT_CHOICES,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: "length",
      description: "Length in seconds",
      required: false,
    },
    imageOption("image", "Reference image (optional)", "参考图（可选）"),
    imageOption("image2", "Second reference image (optional)", "第二张参考图（可选）"),
    imageOption("image3", "Third reference image (optional)", "第三张参考图（可选）"),
    {
      type: ApplicationCommandOptionType.String,
      name: "image_urls",
      description: "Reference image links (https), separated by spaces",
      description_localizations: { "zh-CN": "参考图链接（https），用空格分隔" },
      required: false,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/grok-video` as registered with Discord, with the configured model's limits. */
export function grokVideoDefinition(
  limits: ModelLimits,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { minSeconds: min, maxSeconds: max } = limits;
  const fallback = defaultSeconds(limits);
  const options = grokVideoShape.options
    // A model that takes one image gets one image option (and the links option).
    .filter((option) => limits.maxImages > 1 || !["image2", "image3"].includes(option.name))
    .map((option) =>
      option.name === "length"
        ? {
            ...option,
            description: `Length in seconds, ${min}–${max} (default ${fallback})`,
            description_localizations: {
              "zh-CN": `视频时长（秒），${min}–${max}，默认 ${fallback}`,
            },
            min_value: min,
            max_value: max,
          }
        : option,
    );
  return { ...grokVideoShape, options };
}

export interface GrokVideoDeps extends StartGenerationDeps {
  maxImageBytes: number;
  limits: ModelLimits;
  allowDms: boolean;
}

export function createGrokVideoCommand(deps: GrokVideoDeps): SlashCommand {
  return {
    definition: grokVideoDefinition(deps.limits),
    allowed: (interaction) => requireGuildUnless(deps.allowDms, interaction),
    handler: handler(
      (t) => grokVideoOptionsSchema(deps.maxImageBytes, deps.limits, t),
      (interaction, request) => startGeneration(interaction, request, deps),
    ),
  };
}
