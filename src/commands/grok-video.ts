import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { startGeneration } from "../handlers/start-generation.js";
import { grokVideoOptionsSchema, type VideoOptionName } from "../handlers/video-request-options.js";
import type { Catalog } from "../i18n/catalog.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { defaultSeconds, type ModelLimits, modelLimits } from "../services/ttapi/model-limits.js";
import { ASPECT_RATIOS } from "../services/ttapi/ttapi-schemas.js";
import type { SlashCommandModule } from "./command-module.js";
import { described, named } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler } from "./slash-command.js";

/** Built from the ratios the options schema accepts, so the two cannot drift apart. */
const ASPECT_CHOICES = ASPECT_RATIOS.map((value) => ({
  ...named((t) => `${value} ${t.commands.video.aspectLabels[value]}`),
  value,
})) satisfies APIApplicationCommandOptionChoice<string>[];

function lengthDescription(limits: ModelLimits) {
  const { minSeconds, maxSeconds } = limits;
  return described((t) => t.commands.video.length(minSeconds, maxSeconds, defaultSeconds(limits)));
}

function imageOption<N extends string>(name: N, pick: (t: Catalog) => string) {
  return {
    type: ApplicationCommandOptionType.Attachment,
    name,
    ...described(pick),
    required: false,
  } as const;
}

/**
 * Every option `/grok-video` can have; `grokVideoDefinition` fits it to the model.
 * Server-side validation: grok-video-options.
 */
export const grokVideoShape = {
  name: "grok-video",
  ...described((t) => t.commands.video.description),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "prompt",
      ...described((t) => t.commands.video.prompt),
      required: true,
      max_length: MAX_PROMPT_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: "aspect_ratio",
      ...described((t) => t.commands.video.aspectRatio),
      required: false,
      choices: ASPECT_CHOICES,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: "length",
      // Replaced by the configured model's range in grokVideoDefinition.
      ...lengthDescription(modelLimits(undefined)),
      required: false,
    },
    imageOption("image", (t) => t.commands.video.image),
    imageOption("image2", (t) => t.commands.video.image2),
    imageOption("image3", (t) => t.commands.video.image3),
    {
      type: ApplicationCommandOptionType.String,
      name: "image_urls",
      ...described((t) => t.commands.video.imageUrls),
      required: false,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// The schema judges every option the definition names (and VideoOptionName, the reverse).
grokVideoShape.options satisfies readonly { name: VideoOptionName }[];

/** `/grok-video` as registered with Discord, with the configured model's limits. */
export function grokVideoDefinition(
  limits: ModelLimits,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { minSeconds: min, maxSeconds: max } = limits;
  const options = grokVideoShape.options
    // A model that takes one image gets one image option (and the links option).
    .filter((option) => limits.maxImages > 1 || !["image2", "image3"].includes(option.name))
    .map((option) =>
      option.name === "length"
        ? {
            ...option,
            ...lengthDescription(limits),
            min_value: min,
            max_value: max,
          }
        : option,
    );
  return { ...grokVideoShape, options };
}

export const grokVideo: SlashCommandModule = {
  definition: grokVideoDefinition,
  forMembers: true,
  create: (deps) => ({
    allowed: (interaction, t) => requireGuildUnless(deps.allowDms, interaction, t),
    handler: handler(
      (t) => grokVideoOptionsSchema(deps.maxImageBytes, deps.limits, t),
      (interaction, request, { t }) => startGeneration(interaction, request, t, deps),
    ),
  }),
};
