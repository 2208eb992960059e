import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "../logger.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeAdmissionRefusal, describeInvalidOptions } from "../views/user-messages.js";
import { grokVideoOptionsSchema } from "./grok-video-options.js";
import { requireGuildUnless } from "./preconditions.js";
import { rawOptions, type SlashCommand } from "./slash-command.js";

const ASPECT_CHOICES = [
  { name: "16:9 landscape", name_localizations: { "zh-CN": "16:9 横屏" }, value: "16:9" },
  { name: "9:16 portrait", name_localizations: { "zh-CN": "9:16 竖屏" }, value: "9:16" },
  { name: "1:1 square", name_localizations: { "zh-CN": "1:1 方形" }, value: "1:1" },
  { name: "2:3 portrait", name_localizations: { "zh-CN": "2:3 竖版" }, value: "2:3" },
  { name: "3:2 landscape", name_localizations: { "zh-CN": "3:2 横版" }, value: "3:2" },
] satisfies APIApplicationCommandOptionChoice<string>[];

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

export interface GrokVideoDeps {
  generations: Pick<GenerationService, "start">;
  maxImageBytes: number;
  limits: ModelLimits;
  allowDms: boolean;
  logger: Logger;
}

export function createGrokVideoCommand(deps: GrokVideoDeps): SlashCommand {
  const schema = grokVideoOptionsSchema(deps.maxImageBytes, deps.limits);
  const privately = { flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTION_OPTIONS } as const;
  return {
    definition: grokVideoDefinition(deps.limits),
    async handle(interaction: ChatInputCommandInteraction) {
      if (!(await requireGuildUnless(deps.allowDms, interaction))) return;
      const parsed = schema.safeParse(rawOptions(interaction));
      if (!parsed.success) {
        await interaction.reply({ content: describeInvalidOptions(parsed.error), ...privately });
        return;
      }
      // Acknowledge first: Discord kills interactions not answered within 3 s.
      await interaction.deferReply();
      deps.logger.debug({ ackMs: Date.now() - interaction.createdTimestamp }, "deferred");
      const result = await deps.generations.start({
        id: interaction.id,
        request: parsed.data,
        origin: {
          guildId: interaction.guildId,
          channelId: interaction.channelId,
          userId: interaction.user.id,
          locale: interaction.locale,
        },
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
        await interaction.followUp({ content: describeAdmissionRefusal(result), ...privately });
      }
    },
  };
}
