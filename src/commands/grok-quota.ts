import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  roleMention,
} from "discord.js";
import { z } from "zod";
import type { InteractionDeps } from "../handlers/interaction-deps.js";
import { requirePermission } from "../handlers/require-permission.js";
import type { Catalog } from "../i18n/catalog.js";
import {
  MAX_CREDIT_BUDGET,
  MAX_ROLE_LIMITS,
  MAX_VIDEO_LIMIT,
  QUOTA_LIMIT_NAMES,
  type QuotaLimitName,
} from "../services/quotas/quota-settings.js";
import { QUOTA_PERIODS } from "../services/quotas/quota-window.js";
import { MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS } from "../services/ttapi/ttapi-schemas.js";
import { describeQuotaReport, describeSettings } from "../views/quota-messages.js";
import type { SlashCommandModule } from "./command-module.js";
import { guildSubcommand } from "./guild-subcommand.js";
import { described, named } from "./localized.js";
import { isServerRole, roleIdSchema } from "./server-role.js";
import type { CommandHandler, OptionName, SlashCommand } from "./slash-command.js";

type Texts = Catalog["commands"]["quota"];
const text = (pick: (texts: Texts) => string) => described((t) => pick(t.commands.quota));

const int = (
  name: string,
  pick: (texts: Texts) => string,
  min: number,
  max: number,
  required = false,
) =>
  ({
    type: ApplicationCommandOptionType.Integer,
    name,
    ...text(pick),
    required,
    min_value: min,
    max_value: max,
  }) as const;

const periodOption = (pick: (texts: Texts) => string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: "period",
    ...text(pick),
    required: false,
    choices: QUOTA_PERIODS.map((period) => ({ name: period, value: period })),
  }) as const;

const roleOption = {
  type: ApplicationCommandOptionType.Role,
  name: "role",
  ...text((q) => q.roleOption),
  required: true,
} as const;

/** What `/grok-quota clear` can remove: the choices and the schema are both built from it. */
const CLEAR_TARGETS = {
  server_videos: ["guildVideos"],
  member_videos: ["memberVideos"],
  credits: ["credits"],
  max_length: ["maxVideoSeconds"],
  all: QUOTA_LIMIT_NAMES,
} as const satisfies Record<string, readonly QuotaLimitName[]>;
type ClearTarget = keyof typeof CLEAR_TARGETS;
const CLEAR_TARGET_NAMES = Object.keys(CLEAR_TARGETS) as [ClearTarget, ...ClearTarget[]];

const LIMIT_CHOICES = CLEAR_TARGET_NAMES.map((value) => ({
  ...named((t) => t.commands.quota.clearTargets[value]),
  value,
}));

/** `/grok-quota`, for members with Manage Server (checked again in code). */
export const grokQuotaDefinition = {
  name: "grok-quota",
  ...text((q) => q.description),
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "set",
      ...text((q) => q.set),
      options: [
        int("server_videos", (q) => q.serverVideos, 1, MAX_VIDEO_LIMIT),
        int("member_videos", (q) => q.memberVideos, 1, MAX_VIDEO_LIMIT),
        int("credits", (q) => q.credits, 1, MAX_CREDIT_BUDGET),
        periodOption((q) => q.period),
        int("max_length", (q) => q.maxLength, MIN_VIDEO_SECONDS, MAX_VIDEO_SECONDS),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "clear",
      ...text((q) => q.clear),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "limit",
          ...text((q) => q.clearLimit),
          required: true,
          choices: LIMIT_CHOICES,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "role",
      ...text((q) => q.role),
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: "set",
          ...text((q) => q.roleSet),
          options: [
            roleOption,
            int("member_videos", (q) => q.roleMemberVideos, 0, MAX_VIDEO_LIMIT, true),
            int("credits", (q) => q.roleCredits, 1, MAX_CREDIT_BUDGET),
            periodOption((q) => q.rolePeriod),
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: "clear",
          ...text((q) => q.roleClear),
          options: [roleOption],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "show",
      ...text((q) => q.show),
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "reset",
      ...text((q) => q.reset),
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: "member",
          ...text((q) => q.resetMember),
          required: false,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type QuotaOption = OptionName<typeof grokQuotaDefinition>;
type Subcommand = (typeof grokQuotaDefinition.options)[number];
type SubcommandName =
  | Exclude<Subcommand, { options: readonly { options: readonly unknown[] }[] }>["name"]
  | "role set"
  | "role clear";

const count = (max: number, label: string, t: Catalog) =>
  z
    .number({ error: t.quotaWholeNumber(label) })
    .int(t.quotaWholeNumber(label))
    .min(1, t.quotaAtLeastOne(label))
    .max(max, t.quotaAtMost(label, max))
    .optional();

const setSchema = (t: Catalog) =>
  z
    .object({
      server_videos: count(MAX_VIDEO_LIMIT, "server_videos", t),
      member_videos: count(MAX_VIDEO_LIMIT, "member_videos", t),
      credits: count(MAX_CREDIT_BUDGET, "credits", t),
      period: z.enum(QUOTA_PERIODS, { error: t.quotaPeriodInvalid }).optional(),
      max_length: z
        .number({ error: t.quotaWholeNumber("max_length") })
        .int(t.quotaWholeNumber("max_length"))
        .min(MIN_VIDEO_SECONDS, t.quotaMaxLengthRange(MIN_VIDEO_SECONDS, MAX_VIDEO_SECONDS))
        .max(MAX_VIDEO_SECONDS, t.quotaMaxLengthRange(MIN_VIDEO_SECONDS, MAX_VIDEO_SECONDS))
        .optional(),
    } satisfies Partial<Record<QuotaOption, z.ZodType>>)
    .transform((o) => ({
      ...(o.server_videos !== undefined ? { guildVideos: o.server_videos } : {}),
      ...(o.member_videos !== undefined ? { memberVideos: o.member_videos } : {}),
      ...(o.credits !== undefined ? { credits: o.credits } : {}),
      ...(o.period !== undefined ? { period: o.period } : {}),
      ...(o.max_length !== undefined ? { maxVideoSeconds: o.max_length } : {}),
    }))
    .refine((change) => Object.keys(change).length > 0, { error: t.quotaNothingToChange });

const clearSchema = (t: Catalog) =>
  z.object({
    limit: z.enum(CLEAR_TARGET_NAMES, { error: t.quotaClearInvalid(CLEAR_TARGET_NAMES) }),
  } satisfies Partial<Record<QuotaOption, z.ZodType>>);

const roleSetSchema = (t: Catalog) =>
  z
    .object({
      role: roleIdSchema(t),
      member_videos: z
        .number({ error: t.quotaWholeNumber("member_videos") })
        .int(t.quotaWholeNumber("member_videos"))
        .min(0, t.quotaRoleAtLeastZero)
        .max(MAX_VIDEO_LIMIT, t.quotaAtMost("member_videos", MAX_VIDEO_LIMIT)),
      credits: count(MAX_CREDIT_BUDGET, "credits", t),
      period: z.enum(QUOTA_PERIODS, { error: t.quotaPeriodInvalid }).optional(),
    } satisfies Partial<Record<QuotaOption, z.ZodType>>)
    .transform(({ role, member_videos, credits, period }) => ({
      role,
      limit: { memberVideos: member_videos, credits: credits ?? null, period: period ?? null },
    }));

const roleClearSchema = (t: Catalog) =>
  z.object({ role: roleIdSchema(t) } satisfies Partial<Record<QuotaOption, z.ZodType>>);

const resetSchema = (t: Catalog) =>
  z.object({
    member: z.string().regex(/^\d+$/, t.memberOptionInvalid).optional(),
  } satisfies Partial<Record<QuotaOption, z.ZodType>>);

export const grokQuota: SlashCommandModule = {
  definition: () => grokQuotaDefinition,
  forMembers: false,
  create: (deps) => createGrokQuotaCommand(deps),
};

function createGrokQuotaCommand({
  quotas,
  quotaSettings,
}: Pick<InteractionDeps, "quotas" | "quotaSettings">): SlashCommand {
  return {
    allowed: (interaction, t) =>
      requirePermission(interaction, PermissionFlagsBits.ManageGuild, "manageServer", t),
    subcommands: {
      set: guildSubcommand(setSchema, async (guildId, actorId, change, t) => {
        const settings = await quotaSettings.update(guildId, change, actorId);
        return t.quotaSaved(describeSettings(settings, t, quotaSettings.ceilings));
      }),
      clear: guildSubcommand(clearSchema, async (guildId, actorId, { limit }, t) => {
        const settings = await quotaSettings.clear(guildId, CLEAR_TARGETS[limit], actorId);
        return t.quotaRemoved(describeSettings(settings, t, quotaSettings.ceilings));
      }),
      "role set": guildSubcommand(
        roleSetSchema,
        async (guildId, actorId, { role, limit }, t, here) => {
          if (!isServerRole(here, role)) return t.roleOptionInvalid;
          const settings = await quotaSettings.setRoleLimit(guildId, role, limit, actorId);
          if (settings === "too_many") return t.quotaRoleTooMany(MAX_ROLE_LIMITS);
          return t.quotaSaved(describeSettings(settings, t, quotaSettings.ceilings));
        },
      ),
      "role clear": guildSubcommand(roleClearSchema, async (guildId, actorId, { role }, t) => {
        const before = await quotaSettings.settings({ kind: "guild", guildId });
        if (!(role in before.roles)) return t.quotaRoleNotLimited(roleMention(role));
        const settings = await quotaSettings.clearRoleLimit(guildId, role, actorId);
        return t.quotaRemoved(describeSettings(settings, t, quotaSettings.ceilings));
      }),
      show: guildSubcommand(
        () => z.object({}),
        async (guildId, actorId, _args, t) =>
          describeQuotaReport(
            await quotas.report({ kind: "guild", guildId }, actorId),
            t,
            quotaSettings.ceilings,
          ),
      ),
      reset: guildSubcommand(resetSchema, async (guildId, actorId, { member }, t) => {
        await quotas.reset({ kind: "guild", guildId }, actorId, member);
        return t.quotaReset(member ? `<@${member}>` : null);
      }),
    } satisfies Record<SubcommandName, CommandHandler>,
  };
}
