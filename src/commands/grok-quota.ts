import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import type { QuotaService } from "../services/quotas/quota-service.js";
import {
  MAX_CREDIT_BUDGET,
  MAX_VIDEO_LIMIT,
  QUOTA_LIMIT_NAMES,
  type QuotaLimitName,
} from "../services/quotas/quota-settings.js";
import { QUOTA_PERIODS } from "../services/quotas/quota-window.js";
import { MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS } from "../services/ttapi/ttapi-schemas.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeQuotaReport, describeSettings } from "../views/quota-messages.js";
import { describeInvalidOptions } from "../views/user-messages.js";
import { requirePermission } from "./preconditions.js";
import { type OptionName, rawOptions, type SlashCommand } from "./slash-command.js";

const int = (name: string, description: string, zh: string, min: number, max: number) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name,
    description,
    description_localizations: { "zh-CN": zh },
    required: false,
    min_value: min,
    max_value: max,
  }) as const;

const LIMIT_CHOICES = [
  {
    name: "server videos",
    name_localizations: { "zh-CN": "服务器视频数" },
    value: "server_videos",
  },
  { name: "member videos", name_localizations: { "zh-CN": "成员视频数" }, value: "member_videos" },
  { name: "credit budget", name_localizations: { "zh-CN": "积分预算" }, value: "credits" },
  { name: "longest video", name_localizations: { "zh-CN": "最长视频" }, value: "max_length" },
  { name: "all limits", name_localizations: { "zh-CN": "全部限制" }, value: "all" },
];

/** `/grok-quota`, for members with Manage Server (checked again in code). */
export const grokQuotaDefinition = {
  name: "grok-quota",
  description: "Set and view this server's video limits",
  description_localizations: { "zh-CN": "设置和查看本服务器的视频额度" },
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "set",
      description: "Change limits (leave an option out to keep it)",
      description_localizations: { "zh-CN": "修改额度（未填写的项保持不变）" },
      options: [
        int(
          "server_videos",
          "Videos the whole server may make per period",
          "整个服务器每周期可生成的视频数",
          1,
          MAX_VIDEO_LIMIT,
        ),
        int(
          "member_videos",
          "Videos each member may make per period",
          "每位成员每周期可生成的视频数",
          1,
          MAX_VIDEO_LIMIT,
        ),
        int(
          "credits",
          "TTAPI credits the server may spend per period",
          "服务器每周期可消耗的 TTAPI 积分",
          1,
          MAX_CREDIT_BUDGET,
        ),
        {
          type: ApplicationCommandOptionType.String,
          name: "period",
          description: "How often usage resets (UTC)",
          description_localizations: { "zh-CN": "额度重置周期（UTC）" },
          required: false,
          choices: QUOTA_PERIODS.map((period) => ({ name: period, value: period })),
        },
        int(
          "max_length",
          "Longest video allowed, in seconds",
          "允许的最长视频（秒）",
          MIN_VIDEO_SECONDS,
          MAX_VIDEO_SECONDS,
        ),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "clear",
      description: "Remove a limit (unlimited again)",
      description_localizations: { "zh-CN": "取消某项限制（恢复不限）" },
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "limit",
          description: "Which limit to remove",
          description_localizations: { "zh-CN": "要取消的限制" },
          required: true,
          choices: LIMIT_CHOICES,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "show",
      description: "Show the limits, this period's usage and the top members",
      description_localizations: { "zh-CN": "查看额度、本周期用量和用量最多的成员" },
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "reset",
      description: "Reset this period's usage for the server or one member",
      description_localizations: { "zh-CN": "重置服务器或某位成员本周期的用量" },
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: "member",
          description: "Only this member (default: the whole server)",
          description_localizations: { "zh-CN": "仅重置此成员（默认：整个服务器）" },
          required: false,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type QuotaOption = OptionName<typeof grokQuotaDefinition>;

const count = (max: number, label: string) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int(`${label} must be a whole number.`)
    .min(1, `${label} must be at least 1 (use /grok-quota clear to remove the limit).`)
    .max(max, `${label} can be at most ${max}.`)
    .optional();

const setSchema = z
  .object({
    server_videos: count(MAX_VIDEO_LIMIT, "server_videos"),
    member_videos: count(MAX_VIDEO_LIMIT, "member_videos"),
    credits: count(MAX_CREDIT_BUDGET, "credits"),
    period: z.enum(QUOTA_PERIODS, { error: "period must be day, week or month." }).optional(),
    max_length: z
      .number({ error: "max_length must be a whole number." })
      .int("max_length must be a whole number.")
      .min(MIN_VIDEO_SECONDS, `max_length must be ${MIN_VIDEO_SECONDS} to ${MAX_VIDEO_SECONDS}.`)
      .max(MAX_VIDEO_SECONDS, `max_length must be ${MIN_VIDEO_SECONDS} to ${MAX_VIDEO_SECONDS}.`)
      .optional(),
  } satisfies Partial<Record<QuotaOption, z.ZodType>>)
  .transform((o) => ({
    ...(o.server_videos !== undefined ? { guildVideos: o.server_videos } : {}),
    ...(o.member_videos !== undefined ? { memberVideos: o.member_videos } : {}),
    ...(o.credits !== undefined ? { credits: o.credits } : {}),
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(o.max_length !== undefined ? { maxVideoSeconds: o.max_length } : {}),
  }))
  .refine((change) => Object.keys(change).length > 0, {
    error: "Nothing to change: give at least one value.",
  });

const CLEAR_TARGETS: Record<string, readonly QuotaLimitName[]> = {
  server_videos: ["guildVideos"],
  member_videos: ["memberVideos"],
  credits: ["credits"],
  max_length: ["maxVideoSeconds"],
  all: QUOTA_LIMIT_NAMES,
};

const clearSchema = z.object({
  limit: z.enum(Object.keys(CLEAR_TARGETS) as [string, ...string[]], {
    error: "limit must be one of server_videos, member_videos, credits, max_length, all.",
  }),
} satisfies Partial<Record<QuotaOption, z.ZodType>>);

const resetSchema = z.object({
  member: z.string().regex(/^\d+$/, "member must be a member of this server.").optional(),
} satisfies Partial<Record<QuotaOption, z.ZodType>>);

export function createGrokQuotaCommand(quotas: QuotaService): SlashCommand {
  return {
    definition: grokQuotaDefinition,
    async handle(interaction: ChatInputCommandInteraction) {
      if (
        !(await requirePermission(interaction, PermissionFlagsBits.ManageGuild, "Manage Server"))
      ) {
        return;
      }
      if (!interaction.inGuild()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const answer = (content: string) =>
        interaction.editReply({ content, allowedMentions: NO_MENTION_OPTIONS });
      const options = rawOptions(interaction);
      const guildId = interaction.guildId;
      const actorId = interaction.user.id;

      switch (interaction.options.getSubcommand(false)) {
        case "set": {
          const parsed = setSchema.safeParse(options);
          if (!parsed.success) return void (await answer(describeInvalidOptions(parsed.error)));
          const settings = await quotas.updateSettings(guildId, parsed.data, actorId);
          return void (await answer(
            `Saved. This server's limits are now:\n${describeSettings(settings)}`,
          ));
        }
        case "clear": {
          const parsed = clearSchema.safeParse(options);
          if (!parsed.success) return void (await answer(describeInvalidOptions(parsed.error)));
          const targets = CLEAR_TARGETS[parsed.data.limit] ?? [];
          const settings = await quotas.clearLimits(guildId, targets, actorId);
          return void (await answer(
            `Removed. This server's limits are now:\n${describeSettings(settings)}`,
          ));
        }
        case "show": {
          const report = await quotas.report({ kind: "guild", guildId }, actorId);
          return void (await answer(describeQuotaReport(report)));
        }
        case "reset": {
          const parsed = resetSchema.safeParse(options);
          if (!parsed.success) return void (await answer(describeInvalidOptions(parsed.error)));
          await quotas.reset({ kind: "guild", guildId }, actorId, parsed.data.member);
          const who = parsed.data.member ? `<@${parsed.data.member}>` : "the whole server";
          return void (await answer(`This period's usage was reset for ${who}.`));
        }
        default:
          await answer("Unknown subcommand. Use set, clear, show or reset.");
      }
    },
  };
}
