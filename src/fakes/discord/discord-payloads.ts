import {
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandInteraction,
  type APIGuildMember,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageReactionAddDispatchData,
  type GatewayMessageReactionRemoveDispatchData,
  InteractionContextType,
  InteractionType,
  Locale,
} from "discord-api-types/v10";

/** Discord-style ids: snowflakes from a counter, unique within one fake. */
let counter = 0n;
export function snowflake(): string {
  counter += 1n;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (counter & 0x3fffffn));
}

/** A snowflake whose guild would live on `shardId` of `shardCount` shards. */
export function snowflakeOnShard(shardId: number, shardCount: number): string {
  counter += 1n;
  const now = BigInt(Date.now()) - 1420070400000n;
  const count = BigInt(shardCount);
  const timestamp = now - (now % count) + BigInt(shardId);
  return String((timestamp << 22n) | (counter & 0x3fffffn));
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /** Guild permission bitfield as Discord sends it (a decimal string). */
  permissions: string;
  /** The member's own role, which carries those permissions. */
  roleId: string;
  /** Roles given to the member besides their own (see `FakeDiscord.createRole`). */
  extraRoleIds?: string[];
  /** Their Discord's language, sent with their interactions (en-US when unset). */
  locale?: Locale;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  channelIds: string[];
  members: FakeUser[];
  /** Boost tier (0–3): raises the bot's upload limit in the guild. */
  premiumTier?: number;
  /** Roles created besides @everyone and each member's own, by id. */
  extraRoles?: { id: string; name: string }[];
}

export interface FakeAttachment {
  filename: string;
  contentType: string | null;
  size: number;
}

/** A USER option: the id of the chosen member. */
export interface FakeUserOption {
  userId: string;
}

/** A CHANNEL option: the id of the chosen channel. */
export interface FakeChannelOption {
  channelId: string;
}

/** A ROLE option: the id of the chosen role. */
export interface FakeRoleOption {
  roleId: string;
}

export type FakeOptionValue =
  | string
  | number
  | boolean
  | FakeAttachment
  | FakeUserOption
  | FakeChannelOption
  | FakeRoleOption;

export function apiUser(user: Pick<FakeUser, "id" | "username" | "bot">): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.username,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

/** Every role a member holds: their own and any given to them. */
export function rolesOf(user: FakeUser): string[] {
  return [user.roleId, ...(user.extraRoleIds ?? [])];
}

/** A role as the API and the gateway describe it. */
export function apiRole(
  role: { id: string; name: string; permissions?: string },
  position: number,
) {
  return {
    permissions: "0",
    ...role,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function apiMember(user: FakeUser): APIGuildMember & { permissions: string } {
  return {
    user: apiUser(user),
    roles: rolesOf(user),
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0 as APIGuildMember["flags"],
    permissions: user.permissions,
  };
}

export function guildCreatePayload(guild: FakeGuild): GatewayGuildCreateDispatchData {
  const now = new Date().toISOString();
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      { id: guild.id, name: "@everyone", permissions: "0" },
      ...guild.members.map((member) => ({
        id: member.roleId,
        name: member.username,
        permissions: member.permissions,
      })),
      ...(guild.extraRoles ?? []),
    ].map(apiRole),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: guild.premiumTier ?? 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
    joined_at: now,
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: [],
    channels: guild.channelIds.map((id, position) => ({
      id,
      type: ChannelType.GuildText,
      name: `channel-${position}`,
      guild_id: guild.id,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}

interface InteractionBase {
  id: string;
  applicationId: string;
  token: string;
  guild: FakeGuild;
  channelId: string;
  user: FakeUser;
  appPermissions: string;
  locale?: Locale;
  /** A direct message with the bot instead of a guild channel. */
  dm?: boolean;
  /** The interaction's `attachment_size_limit` (bytes). */
  attachmentSizeLimit: number;
}

function interactionCommon(base: InteractionBase) {
  const shared = {
    id: base.id,
    application_id: base.applicationId,
    token: base.token,
    version: 1 as const,
    channel_id: base.channelId,
    app_permissions: base.appPermissions,
    locale: base.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: base.attachmentSizeLimit,
  };
  if (base.dm) {
    // In a DM Discord sends `user` instead of `member`, and no guild at all.
    return {
      ...shared,
      channel: { id: base.channelId, type: ChannelType.DM, recipients: [apiUser(base.user)] },
      user: apiUser(base.user),
      authorizing_integration_owners: { "0": "0" },
      context: InteractionContextType.BotDM,
    };
  }
  return {
    id: base.id,
    application_id: base.applicationId,
    token: base.token,
    version: 1 as const,
    guild_id: base.guild.id,
    guild: { id: base.guild.id, features: [], locale: Locale.EnglishUS },
    guild_locale: Locale.EnglishUS,
    channel_id: base.channelId,
    channel: {
      id: base.channelId,
      type: ChannelType.GuildText,
      name: "channel",
      guild_id: base.guild.id,
    },
    member: apiMember(base.user),
    app_permissions: base.appPermissions,
    locale: base.locale ?? Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { "0": base.guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: base.attachmentSizeLimit,
  };
}

/** A chat-input command as Discord sends it: typed options and resolved attachments. */
export function chatInputInteraction(
  base: InteractionBase & {
    commandName: string;
    subcommand?: string;
    /** The group the subcommand is in (`/grok-settings channels add`). */
    group?: string;
    options: Record<string, FakeOptionValue>;
    /** Discord's signed CDN link for an uploaded attachment. */
    attachmentUrl: (channelId: string, id: string, filename: string) => string;
  },
): APIChatInputApplicationCommandInteraction {
  const attachments: Record<string, APIAttachment> = {};
  const users: Record<string, APIUser> = {};
  const channels: Record<string, { id: string; type: number; name: string; permissions: string }> =
    {};
  const options: APIApplicationCommandInteractionDataOption[] = [];
  for (const [name, value] of Object.entries(base.options)) {
    if (typeof value === "object" && "channelId" in value) {
      channels[value.channelId] = {
        id: value.channelId,
        type: ChannelType.GuildText,
        name: "channel",
        permissions: "0",
      };
      options.push({ name, type: ApplicationCommandOptionType.Channel, value: value.channelId });
    } else if (typeof value === "object" && "roleId" in value) {
      options.push({ name, type: ApplicationCommandOptionType.Role, value: value.roleId });
    } else if (typeof value === "object" && "userId" in value) {
      const member = base.guild.members.find((m) => m.id === value.userId);
      users[value.userId] = apiUser(member ?? { id: value.userId, username: "someone" });
      options.push({ name, type: ApplicationCommandOptionType.User, value: value.userId });
    } else if (typeof value === "object") {
      const id = snowflake();
      const url = base.attachmentUrl(base.channelId, id, value.filename);
      attachments[id] = {
        id,
        filename: value.filename,
        size: value.size,
        url,
        proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
        ...(value.contentType ? { content_type: value.contentType } : {}),
      };
      options.push({ name, type: ApplicationCommandOptionType.Attachment, value: id });
    } else if (typeof value === "number") {
      // Raw on purpose: the fake may send values Discord's client would have blocked.
      options.push({ name, type: ApplicationCommandOptionType.Integer, value });
    } else if (typeof value === "boolean") {
      options.push({ name, type: ApplicationCommandOptionType.Boolean, value });
    } else {
      options.push({ name, type: ApplicationCommandOptionType.String, value });
    }
  }
  const resolved = {
    ...(Object.keys(attachments).length > 0 ? { attachments } : {}),
    ...(Object.keys(users).length > 0 ? { users } : {}),
    ...(Object.keys(channels).length > 0 ? { channels } : {}),
  };
  return {
    ...interactionCommon(base),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name: base.commandName,
      type: ApplicationCommandType.ChatInput,
      guild_id: base.guild.id,
      options: base.subcommand
        ? nestIn(base.group, {
            name: base.subcommand,
            type: ApplicationCommandOptionType.Subcommand,
            options,
          } as APIApplicationCommandInteractionDataOption)
        : options,
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    },
  } as APIChatInputApplicationCommandInteraction;
}

/**
 * The member is typing in option `focused` of a command: Discord asks the bot for choices
 * with the options typed so far, the focused one marked.
 */
export function autocompleteInteraction(
  base: Parameters<typeof chatInputInteraction>[0] & { focused: string },
) {
  const command = chatInputInteraction(base);
  const options = (command.data.options ?? []).map((option) =>
    option.name === base.focused ? { ...option, focused: true } : option,
  );
  return {
    ...command,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { ...command.data, options },
  };
}

/** Apps → a message command, on `message`. */
export function messageCommandInteraction(
  base: InteractionBase & { commandName: string; message: APIMessage },
) {
  return {
    ...interactionCommon(base),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name: base.commandName,
      type: ApplicationCommandType.Message,
      guild_id: base.guild.id,
      target_id: base.message.id,
      resolved: { messages: { [base.message.id]: base.message } },
    },
  };
}

/** A modal submitted with text `values` by input custom_id (in Label components). */
export function modalSubmitInteraction(
  base: InteractionBase & { customId: string; values: Record<string, string> },
) {
  return {
    ...interactionCommon(base),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: base.customId,
      components: Object.entries(base.values).map(([customId, value]) => ({
        type: ComponentType.Label,
        component: { type: ComponentType.TextInput, custom_id: customId, value },
      })),
    },
  };
}

/** A subcommand, inside its group when it has one. */
function nestIn(
  group: string | undefined,
  subcommand: APIApplicationCommandInteractionDataOption,
): APIApplicationCommandInteractionDataOption[] {
  return group
    ? [
        {
          name: group,
          type: ApplicationCommandOptionType.SubcommandGroup,
          options: [subcommand],
        } as APIApplicationCommandInteractionDataOption,
      ]
    : [subcommand];
}

/** A button click on a message. */
export function buttonInteraction(
  base: InteractionBase & { customId: string; message: APIMessage },
): APIMessageComponentInteraction {
  return {
    ...interactionCommon(base),
    type: InteractionType.MessageComponent,
    data: { custom_id: base.customId, component_type: ComponentType.Button },
    message: base.message,
  } as APIMessageComponentInteraction;
}

export function reactionAddPayload(input: {
  user: FakeUser;
  guildId: string;
  channelId: string;
  messageId: string;
  emoji: string;
  messageAuthorId?: string;
}): GatewayMessageReactionAddDispatchData {
  return {
    user_id: input.user.id,
    channel_id: input.channelId,
    message_id: input.messageId,
    guild_id: input.guildId,
    member: apiMember(input.user),
    emoji: { id: null, name: input.emoji },
    burst: false,
    burst_colors: [],
    type: 0,
    ...(input.messageAuthorId ? { message_author_id: input.messageAuthorId } : {}),
  } as GatewayMessageReactionAddDispatchData;
}

/** MESSAGE_REACTION_REMOVE: someone's reaction is gone (taken off, or removed by a moderator). */
export function reactionRemovePayload(input: {
  userId: string;
  guildId: string;
  channelId: string;
  messageId: string;
  emoji: string;
}): GatewayMessageReactionRemoveDispatchData {
  return {
    user_id: input.userId,
    channel_id: input.channelId,
    message_id: input.messageId,
    guild_id: input.guildId,
    emoji: { id: null, name: input.emoji },
    burst: false,
    type: 0,
  };
}
