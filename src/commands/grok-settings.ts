import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from "discord.js";
import { z } from "zod";
import type { InteractionDeps } from "../handlers/interaction-deps.js";
import { requirePermission } from "../handlers/require-permission.js";
import type { Catalog } from "../i18n/catalog.js";
import type { GuildSettings } from "../services/guild-settings/guild-settings.js";
import { apiKeyModal } from "../views/component-views.js";
import { describeGuildSettings } from "../views/guild-settings.js";
import { shown } from "../views/member-text.js";
import { describeSettings } from "../views/quota-messages.js";
import type { SlashCommandModule } from "./command-module.js";
import { guildSubcommand } from "./guild-subcommand.js";
import { described } from "./localized.js";
import { isServerRole, roleIdSchema } from "./server-role.js";
import { type CommandHandler, handler, type SlashCommand } from "./slash-command.js";

type Texts = Catalog["commands"]["settings"];
const text = (pick: (texts: Texts) => string) => described((t) => pick(t.commands.settings));

const channelOption = (pick: (texts: Texts) => string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.Channel,
  name: "channel",
  ...text(pick),
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
  required: true,
});

const roleOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Role,
  name: "role",
  ...text((s) => s.role),
  required: true,
};

const wordsOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: "words",
  ...text((s) => s.words),
  required: true,
  max_length: 2_000,
};

const sub = (
  name: string,
  pick: (texts: Texts) => string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  ...text(pick),
  options,
});

/** `/grok-settings`, for members with Manage Server (checked again in code). */
export const grokSettingsDefinition = {
  name: "grok-settings",
  ...text((s) => s.description),
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "channels",
      ...text((s) => s.channels),
      options: [
        sub("add", (s) => s.channelsAdd, [channelOption((s) => s.channel)]),
        sub("remove", (s) => s.channelsRemove, [channelOption((s) => s.channel)]),
        sub("clear", (s) => s.channelsClear),
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "roles",
      ...text((s) => s.roles),
      options: [
        sub("add", (s) => s.rolesAdd, [roleOption]),
        sub("remove", (s) => s.rolesRemove, [roleOption]),
        sub("clear", (s) => s.rolesClear),
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "blocked-words",
      ...text((s) => s.blockedWords),
      options: [
        sub("add", (s) => s.blockedAdd, [wordsOption]),
        sub("remove", (s) => s.blockedRemove, [wordsOption]),
        sub("list", (s) => s.blockedListCommand),
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "log-channel",
      ...text((s) => s.logChannel),
      options: [
        sub("set", (s) => s.logSet, [channelOption((s) => s.logChannelOption)]),
        sub("off", (s) => s.logOff),
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "api-key",
      ...text((s) => s.apiKey),
      options: [sub("set", (s) => s.apiKeySet), sub("remove", (s) => s.apiKeyRemove)],
    },
    sub("show", (s) => s.show),
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const channelSchema = (t: Catalog) =>
  z.object({ channel: z.string().regex(/^\d+$/, t.channelOptionInvalid) });

/** Words or phrases, separated by commas (Latin or full-width) or new lines. */
const wordsSchema = (t: Catalog) =>
  z.object({
    words: z
      .string({ error: t.blockedWordsInvalid })
      .transform((text) =>
        text
          .split(/[,，、\n]/)
          .map((word) => word.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(100)).min(1, t.blockedWordsInvalid)),
  });

/** The id a channel or role option names, for `add` and `remove` of a list of ids. */
const channelIdSchema = (t: Catalog) =>
  channelSchema(t).transform(({ channel }) => ({ id: channel }));
const roleIdOptionSchema = (t: Catalog) =>
  z.object({ role: roleIdSchema(t) }).transform(({ role }) => ({ id: role }));

const none = () => z.object({});

export const grokSettings: SlashCommandModule = {
  definition: () => grokSettingsDefinition,
  forMembers: false,
  create: (deps) => createGrokSettingsCommand(deps),
};

function createGrokSettingsCommand(
  deps: Pick<InteractionDeps, "settings" | "quotaSettings" | "serverKeys">,
): SlashCommand {
  const { settings, serverKeys } = deps;
  /** Answers with the settings as they are after a change (the service logs it). */
  const saved = async (t: Catalog, change: Promise<GuildSettings>) =>
    t.settingsSaved(describeGuildSettings(await change, t));
  /**
   * `add`, `remove` and `clear` of a list of ids (channels, roles). An id added must be
   * this server's (`belongs`): a forged payload can name another server's.
   */
  const idListSubcommands = (
    list: "channels" | "roles",
    schema: (t: Catalog) => z.ZodType<{ id: string }>,
    belongs: (here: ChatInputCommandInteraction<"cached" | "raw">, id: string) => Promise<boolean>,
    invalid: (t: Catalog) => string,
  ): Record<string, CommandHandler> => ({
    [`${list} add`]: guildSubcommand(schema, async (guildId, actorId, { id }, t, here) =>
      (await belongs(here, id))
        ? saved(
            t,
            settings.setIds(guildId, list, (now) => [...now, id], actorId),
          )
        : invalid(t),
    ),
    [`${list} remove`]: guildSubcommand(schema, (guildId, actorId, { id }, t) =>
      saved(
        t,
        settings.setIds(guildId, list, (now) => now.filter((kept) => kept !== id), actorId),
      ),
    ),
    [`${list} clear`]: guildSubcommand(none, (guildId, actorId, _args, t) =>
      saved(
        t,
        settings.setIds(guildId, list, () => [], actorId),
      ),
    ),
  });
  return {
    allowed: (interaction, t) =>
      requirePermission(interaction, PermissionFlagsBits.ManageGuild, "manageServer", t),
    subcommands: {
      ...idListSubcommands(
        "channels",
        channelIdSchema,
        inThisServer,
        (t) => t.channelOptionInvalid,
      ),
      ...idListSubcommands(
        "roles",
        roleIdOptionSchema,
        async (here, role) => isServerRole(here, role),
        (t) => t.roleOptionInvalid,
      ),
      "blocked-words add": guildSubcommand(wordsSchema, async (guildId, actorId, { words }, t) => {
        const result = await settings.addBlockedWords(guildId, words, actorId);
        if (!result.ok) return t.blockedTooMany(result.limit);
        return t.blockedAdded(result.changed, result.settings.blockedWords.length);
      }),
      "blocked-words remove": guildSubcommand(
        wordsSchema,
        async (guildId, actorId, { words }, t) => {
          const result = await settings.removeBlockedWords(guildId, words, actorId);
          return t.blockedRemoved(result.changed, result.settings.blockedWords.length);
        },
      ),
      "blocked-words list": guildSubcommand(none, async (guildId, _actorId, _args, t) => {
        const { blockedWords } = await settings.get(guildId);
        if (blockedWords.length === 0) return t.blockedNone;
        return t.blockedList(shown(blockedWords.join(", "), 1_800));
      }),
      "log-channel set": guildSubcommand(
        channelSchema,
        async (guildId, actorId, { channel }, t, here) =>
          (await inThisServer(here, channel))
            ? saved(t, settings.setLogChannel(guildId, channel, actorId))
            : t.channelOptionInvalid,
      ),
      "log-channel off": guildSubcommand(none, (guildId, actorId, _args, t) =>
        saved(t, settings.setLogChannel(guildId, null, actorId)),
      ),
      // The key is typed into a form, never a command option (see apiKeyModal).
      "api-key set": handler(none, async (interaction, _args, { t, answer }) => {
        if (!serverKeys.enabled) return answer(t.apiKeyOff);
        await interaction.showModal(apiKeyModal(t));
      }),
      "api-key remove": guildSubcommand(none, async (guildId, actorId, _args, t) =>
        (await serverKeys.remove(guildId, actorId)) ? t.apiKeyRemoved : t.apiKeyNone,
      ),
      show: guildSubcommand(none, async (guildId, _actorId, _args, t) => {
        // The limits alone (cached): this period's usage is `/grok-quota show`'s.
        const [limits, guild, key] = await Promise.all([
          deps.quotaSettings.settings({ kind: "guild", guildId }),
          settings.get(guildId),
          serverKeys.info(guildId),
        ]);
        return [
          describeGuildSettings(guild, t),
          ...(serverKeys.enabled ? [t.settingsApiKey(key?.last4 ?? null)] : []),
          describeSettings(limits, t),
        ].join("\n");
      }),
    } satisfies Record<string, CommandHandler>,
  };
}

/**
 * Discord offers only this server's channels, but a forged payload can name any (and its
 * own resolved data would vouch for it): Discord is asked, so a server's log or its
 * allowed channels can never point into another server.
 */
async function inThisServer(
  interaction: ChatInputCommandInteraction,
  channelId: string,
): Promise<boolean> {
  // The raw API, not the cache: the forged payload itself put the channel in this guild's.
  const channel = await interaction.client.rest.get(Routes.channel(channelId)).catch(() => null);
  return channelGuildSchema.safeParse(channel).data?.guild_id === interaction.guildId;
}

const channelGuildSchema = z.object({ guild_id: z.string() });
