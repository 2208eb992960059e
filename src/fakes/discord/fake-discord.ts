import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  type APIEmbed,
  type APIMessage,
  type APIUser,
  InteractionResponseType,
  MessageFlags,
  MessageType,
} from "discord-api-types/v10";
import { closeServer, listenOnLoopback, sendJson } from "../http-helpers.js";
import { RequestLog } from "../request-log.js";
import {
  apiRole,
  apiUser,
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  type FakeGuild,
  type FakeOptionValue,
  type FakeUser,
  guildCreatePayload,
  messageCommandInteraction,
  modalSubmitInteraction,
  reactionAddPayload,
  reactionRemovePayload,
  rolesOf,
  snowflake,
  snowflakeOnShard,
} from "./discord-payloads.js";
import { FakeCdn, type FakeFile, readRequestBody, uploadLimitForTier } from "./fake-attachments.js";
import { FakeGateway } from "./fake-gateway.js";
import { formBodyProblems } from "./message-limits.js";

export interface RestCall {
  at: number;
  method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  /** Files uploaded with the call (multipart), without their bytes. */
  files: { name: string; size: number }[];
  status: number;
}

export interface FakeMessage extends APIMessage {
  /** Whether only the interaction's user sees it. */
  ephemeral: boolean;
  deleted: boolean;
  /** Users who reacted, per emoji. */
  reactionsBy: Record<string, string[]>;
  /** The bytes of `attachments`, in the same order. */
  files: FakeFile[];
}

interface FakeInteraction {
  id: string;
  token: string;
  channelId: string;
  createdAt: number;
  responded: boolean;
  originalMessageId: string | undefined;
  ephemeral: boolean;
}

interface Hold {
  match: (call: Pick<RestCall, "method" | "path" | "body">) => boolean;
  taken: boolean;
  arrive: () => void;
  released: Promise<void>;
}

/** A request the fake has received but not yet answered; see `FakeDiscord.hold`. */
export interface HeldRequest {
  /** Resolves when the matching request arrives (before it takes effect). */
  arrived: Promise<void>;
  /** Lets the request take effect and be answered. */
  release(): void;
}

interface Fault {
  method: string;
  path: RegExp;
  status: number;
  body: Record<string, unknown>;
  remaining: number;
  /** Only requests that upload files. */
  uploadsOnly?: boolean;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Permissions of the bot in its guilds (decimal bitfield string). */
  botPermissions?: string;
  /** `attachment_size_limit` of interactions, and what their webhook routes accept. */
  attachmentSizeLimit?: number;
  /** Where it listens and what its URLs name (default 127.0.0.1). */
  host?: string;
}

/** Permission bits the fake hands out (Discord's values). */
export const PERMISSIONS = {
  member: String(0x400n | 0x800n | 0x40n | 0x10000n | 0x80000000n),
  attachFiles: String(0x8000n),
  manageMessages: String(0x2000n),
  administrator: String(0x8n),
} as const;

/**
 * Discord on 127.0.0.1: the REST routes this bot uses under `/api/v10` and a gateway at
 * `/gateway`. It keeps messages and interactions like Discord does, records every REST
 * call with its time, and can be told to fail (expired tokens, 429s, 5xx).
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUser: APIUser;
  readonly calls = new RequestLog<RestCall>();
  readonly messages = new Map<string, FakeMessage>();
  /** The guild tests use unless they name another (see `addGuild`). */
  readonly guild: FakeGuild;
  readonly guilds: FakeGuild[] = [];
  readonly users: { owner: FakeUser; alice: FakeUser; bob: FakeUser; moderator: FakeUser };
  readonly channelId: string;
  /** The direct-message channel between the members and the bot. */
  readonly dmChannelId = snowflake();
  /** Global and guild command registrations, as last written. */
  readonly commands = new Map<string, unknown[]>();
  /** Signed attachment links; `cdn.urlLifetimeMs` sets how long new ones last. */
  readonly cdn = new FakeCdn();
  /** The address it listens on and names in its URLs. */
  private readonly host: string;
  /** `attachment_size_limit` of new interactions (bytes); webhook routes refuse more. */
  attachmentSizeLimit: number;
  private readonly interactions = new Map<string, FakeInteraction>();
  private readonly expiredTokens = new Set<string>();
  private readonly deniedChannels = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly holds: Hold[] = [];
  private readonly server: Server;
  private readonly gateway: FakeGateway;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.host = options.host ?? "127.0.0.1";
    this.token = options.token ?? `fake.${randomBytes(8).toString("hex")}`;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
    this.botUser = apiUser({ id: this.applicationId, username: "Grok Video", bot: true });
    this.channelId = snowflake();
    this.users = {
      owner: newMember("owner", PERMISSIONS.administrator),
      alice: newMember("alice", PERMISSIONS.member),
      bob: newMember("bob", PERMISSIONS.member),
      moderator: newMember(
        "moderator",
        String(BigInt(PERMISSIONS.member) | BigInt(PERMISSIONS.manageMessages)),
      ),
    };
    const botMember: FakeUser = {
      id: this.botUser.id,
      username: this.botUser.username,
      bot: true,
      roleId: snowflake(),
      permissions:
        options.botPermissions ??
        String(
          BigInt(PERMISSIONS.member) |
            BigInt(PERMISSIONS.attachFiles) |
            BigInt(PERMISSIONS.manageMessages),
        ),
    };
    this.guild = {
      id: snowflake(),
      name: "Test Server",
      ownerId: this.users.owner.id,
      channelIds: [this.channelId],
      members: [...Object.values(this.users), botMember],
    };
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { message: String(error), code: 0 });
      });
    });
    this.guilds.push(this.guild);
    this.gateway = new FakeGateway(this.server, {
      token: this.token,
      applicationId: this.applicationId,
      botUser: this.botUser,
      guilds: () => this.guilds,
    });
  }

  /** What the bot's `DISCORD_API_BASE_URL` should be. */
  get apiBaseUrl(): string {
    return `http://${this.host}:${this.port}/api`;
  }

  /** Listens on `port` (0: any free one). */
  async start(port = 0): Promise<void> {
    this.port = await listenOnLoopback(this.server, port, this.host);
  }

  async stop(): Promise<void> {
    this.gateway.close();
    await closeServer(this.server);
  }

  /**
   * A member runs a slash command; options go out raw, exactly as given. A command name
   * with a space (`"grok-quota set"`) runs that subcommand. `where`: the first guild, a
   * DM with the bot, or another guild.
   */
  runCommand(
    command: string,
    options: Record<string, FakeOptionValue> = {},
    user: FakeUser = this.users.alice,
    where: "guild" | "dm" | FakeGuild | { channelId: string } = "guild",
  ): { interactionId: string; token: string; payload: unknown } {
    const dm = where === "dm";
    const guild = typeof where === "object" && "id" in where ? where : this.guild;
    const channelId = dm
      ? this.dmChannelId
      : typeof where === "object" && "channelId" in where
        ? where.channelId
        : guild.channelIds[0]!;
    const base = this.newInteraction(user, channelId, guild);
    const [commandName = command, ...path] = command.split(" ");
    const [group, subcommand] = path.length === 2 ? path : [undefined, path[0]];
    const payload = chatInputInteraction({
      ...base,
      commandName,
      subcommand,
      ...(group ? { group } : {}),
      options,
      dm,
      attachmentUrl: (channel, id, filename) => this.cdn.sign(channel, id, filename),
    });
    this.gateway.dispatch("INTERACTION_CREATE", payload, dm ? null : guild.id);
    return { interactionId: base.id, token: base.token, payload };
  }

  /**
   * A member types in option `focused` of a command; resolves to the choices the bot offers
   * (Discord's autocomplete, answered with callback type 8).
   */
  async autocomplete(
    command: string,
    options: Record<string, FakeOptionValue>,
    focused: string,
    user: FakeUser = this.users.alice,
  ): Promise<{ name: string; value: string | number }[]> {
    const base = this.newInteraction(user);
    const payload = autocompleteInteraction({
      ...base,
      commandName: command,
      options,
      focused,
      attachmentUrl: (channel, id, filename) => this.cdn.sign(channel, id, filename),
    });
    this.gateway.dispatch("INTERACTION_CREATE", payload, this.guild.id);
    const answer = await this.calls.waitFor(
      (call) => call.path.startsWith(`/interactions/${base.id}/`),
      5_000,
      `the choices for ${command} ${focused}`,
    );
    const data = answer.body?.data as { choices?: { name: string; value: string | number }[] };
    return data?.choices ?? [];
  }

  /**
   * Another guild with one channel and the same members, whose id puts it on shard
   * `shardId` of `shardCount` (Discord's rule: (id >> 22) % count). Only shard sessions
   * that identify after this see it.
   */
  addGuild(shardId = 0, shardCount = 1): FakeGuild {
    const guild: FakeGuild = {
      ...this.guild,
      id: snowflakeOnShard(shardId, shardCount),
      name: `Test Server ${this.guilds.length + 1}`,
      channelIds: [snowflake()],
    };
    this.guilds.push(guild);
    return guild;
  }

  /** Someone adds the bot to a new server: Discord sends it GUILD_CREATE at once. */
  joinGuild(): FakeGuild {
    const guild = this.addGuild();
    this.gateway.dispatch("GUILD_CREATE", guildCreatePayload(guild), guild.id);
    return guild;
  }

  /** An admin creates a role (GUILD_ROLE_CREATE); give it to members with `giveRole`. */
  createRole(name: string, guild: FakeGuild = this.guild): string {
    const role = { id: snowflake(), name };
    guild.extraRoles = [...(guild.extraRoles ?? []), role];
    const data = { guild_id: guild.id, role: apiRole(role, guild.extraRoles.length) };
    this.gateway.dispatch("GUILD_ROLE_CREATE", data, guild.id);
    return role.id;
  }

  /** A member gets a role (the bot hears of it with their next interaction or reaction). */
  giveRole(user: FakeUser, roleId: string): void {
    user.extraRoleIds = [...(user.extraRoleIds ?? []), roleId];
  }

  /** An admin deletes a role: members lose it and Discord sends GUILD_ROLE_DELETE. */
  deleteRole(roleId: string, guild: FakeGuild = this.guild): void {
    guild.extraRoles = (guild.extraRoles ?? []).filter((role) => role.id !== roleId);
    for (const member of guild.members) {
      member.extraRoleIds = member.extraRoleIds?.filter((id) => id !== roleId);
    }
    this.gateway.dispatch("GUILD_ROLE_DELETE", { guild_id: guild.id, role_id: roleId }, guild.id);
  }

  /** The guild reaches boost tier `tier` (0–3); Discord tells the bot with GUILD_UPDATE. */
  boostGuild(tier: number, guild: FakeGuild = this.guild): void {
    guild.premiumTier = tier;
    this.gateway.dispatch("GUILD_UPDATE", guildCreatePayload(guild), guild.id);
  }

  /** An admin creates another text channel in a guild; Discord tells the bot (CHANNEL_CREATE). */
  addChannel(guild: FakeGuild = this.guild): string {
    const id = snowflake();
    guild.channelIds.push(id);
    this.gateway.dispatch(
      "CHANNEL_CREATE",
      {
        id,
        type: 0,
        guild_id: guild.id,
        name: `channel-${guild.channelIds.length}`,
        position: guild.channelIds.length,
        permission_overwrites: [],
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        parent_id: null,
        flags: 0,
      },
      guild.id,
    );
    return id;
  }

  /** The bot loses access to a channel: writing there answers 403 Missing Access (50001). */
  denyChannel(channelId: string): void {
    this.deniedChannels.add(channelId);
  }

  /** A new member joins the guild (ordinary member permissions unless given). */
  addMember(
    username: string,
    permissions: string = PERMISSIONS.member,
    locale?: FakeUser["locale"],
  ): FakeUser {
    const member = { ...newMember(username, permissions), ...(locale ? { locale } : {}) };
    this.guild.members.push(member);
    return member;
  }

  /**
   * Discord is slow to answer one call: the first request matching `match` waits, neither
   * applied nor answered, until `release()`. Lets a test act at the exact moment a
   * request arrives, deterministically.
   */
  hold(match: Hold["match"]): HeldRequest {
    let arrive: () => void = () => undefined;
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.push({ match, taken: false, arrive, released });
    return { arrived, release };
  }

  /**
   * A member posts a message in the first channel, with images attached (sizes in pixels;
   * links signed like Discord's) or embeds (a link that unfurled). The fake keeps no bytes.
   */
  postMessage(
    user: FakeUser,
    content: {
      text?: string;
      images?: { filename: string; contentType: string; width: number; height: number }[];
      embeds?: APIEmbed[];
    },
  ): FakeMessage {
    const message = this.createMessage(
      this.channelId,
      { content: content.text ?? "", embeds: content.embeds ?? [] },
      { ephemeral: false },
    );
    message.author = apiUser(user);
    message.attachments = (content.images ?? []).map((image) => {
      const id = snowflake();
      const url = this.cdn.sign(this.channelId, id, image.filename);
      return {
        id,
        filename: image.filename,
        size: 1_000,
        url,
        proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
        content_type: image.contentType,
        width: image.width,
        height: image.height,
      };
    });
    return message;
  }

  /** A member picks a message command (Apps → `name`) on a message. */
  runMessageCommand(name: string, message: FakeMessage, user: FakeUser = this.users.alice) {
    const base = this.newInteraction(user);
    const { files: _bytes, ...apiMessage } = message;
    this.gateway.dispatch(
      "INTERACTION_CREATE",
      messageCommandInteraction({ ...base, commandName: name, message: apiMessage }),
      this.guild.id,
    );
    return { interactionId: base.id, token: base.token };
  }

  /** A member submits a modal the bot showed, with these text values by input custom_id. */
  submitModal(customId: string, values: Record<string, string>, user = this.users.alice) {
    const base = this.newInteraction(user);
    this.gateway.dispatch(
      "INTERACTION_CREATE",
      modalSubmitInteraction({ ...base, customId, values }),
      this.guild.id,
    );
    return { interactionId: base.id, token: base.token };
  }

  /** Someone deletes a message (e.g. a moderator removes the bot's reply). */
  deleteMessage(messageId: string): void {
    const message = this.messages.get(messageId);
    if (message) message.deleted = true;
  }

  /** A member clicks a button on a message. */
  clickButton(message: APIMessage, customId: string, user: FakeUser = this.users.alice) {
    const base = this.newInteraction(user, message.channel_id);
    this.gateway.dispatch(
      "INTERACTION_CREATE",
      buttonInteraction({ ...base, customId, message }),
      this.guild.id,
    );
    return { interactionId: base.id, token: base.token };
  }

  /** A member (or the bot) reacts to a message; returns the event, to deliver it again. */
  react(messageId: string, emoji: string, user: Pick<FakeUser, "id"> = this.users.alice) {
    const message = this.messages.get(messageId);
    const fakeUser = this.guild.members.find((member) => member.id === user.id);
    if (!fakeUser) throw new Error(`${user.id} is not a member of the fake guild`);
    this.addReaction(messageId, emoji, fakeUser.id);
    const payload = reactionAddPayload({
      user: fakeUser,
      guildId: this.guild.id,
      channelId: message?.channel_id ?? this.channelId,
      messageId,
      emoji,
      messageAuthorId: message?.author.id,
    });
    this.gateway.dispatch("MESSAGE_REACTION_ADD", payload, this.guild.id);
    return payload;
  }

  /** A member takes their reaction off a message. */
  unreact(messageId: string, emoji: string, user: Pick<FakeUser, "id"> = this.users.alice): void {
    const message = this.messages.get(messageId);
    if (!message) return;
    message.reactionsBy[emoji] = (message.reactionsBy[emoji] ?? []).filter((id) => id !== user.id);
    this.gateway.dispatch(
      "MESSAGE_REACTION_REMOVE",
      reactionRemovePayload({
        userId: user.id,
        guildId: this.guild.id,
        channelId: message.channel_id,
        messageId,
        emoji,
      }),
      this.guild.id,
    );
  }

  /** Dispatches an arbitrary guild event (e.g. a duplicate delivery). */
  dispatchRaw(event: Parameters<FakeGateway["dispatch"]>[0], data: unknown): void {
    this.gateway.dispatch(event, data, this.guild.id);
  }

  /** The gateway goes down: sessions are cut and reconnections dropped until `restoreGateway`. */
  cutGateway(): void {
    this.gateway.cut();
  }

  restoreGateway(): void {
    this.gateway.restore();
  }

  /** The shards that have identified, as `[id, count]`. */
  get gatewayShards(): [number, number][] {
    return this.gateway.shards;
  }

  /** From now on the webhook routes answer 401 / 50027 for this token, as after 15 minutes. */
  expireInteractionToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /**
   * The next `times` calls matching method and path fail as Discord fails them: 429 with
   * `Retry-After`, 403 Missing Permissions (50013), 400 Invalid Form Body (50035, naming
   * `content`), or 500.
   */
  failNext(method: string, path: RegExp, status: 429 | 400 | 403 | 413 | 500, times = 1): void {
    const answers = {
      400: {
        message: "Invalid Form Body",
        code: 50035,
        errors: {
          content: {
            _errors: [
              { code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." },
            ],
          },
        },
      },
      429: { message: "You are being rate limited.", retry_after: 0.05, global: false, code: 0 },
      403: { message: "Missing Permissions", code: 50013 },
      413: TOO_LARGE,
      500: { message: "Internal Server Error", code: 0 },
    };
    this.faults.push({ method, path, status, body: answers[status], remaining: times });
  }

  /**
   * The next request to `path` is refused as Discord refuses a spent interaction: 10062
   * Unknown interaction (404), 40060 already acknowledged (400), 50027 Invalid Webhook
   * Token (401).
   */
  refuseNext(method: string, path: RegExp, code: 10062 | 40060 | 50027): void {
    const answers = {
      10062: { status: 404, message: "Unknown interaction" },
      40060: { status: 400, message: "Interaction has already been acknowledged." },
      50027: { status: 401, message: "Invalid Webhook Token" },
    };
    const { status, message } = answers[code];
    this.faults.push({ method, path, status, body: { message, code }, remaining: 1 });
  }

  /**
   * The next `times` requests that upload a file fail: 413 / 40005 too large, 403 / 50013,
   * or 500 (Discord having trouble).
   */
  failNextUpload(status: 413 | 403 | 500, times = 1): void {
    const bodies = {
      413: TOO_LARGE,
      403: { message: "Missing Permissions", code: 50013 },
      500: { message: "Internal Server Error", code: 0 },
    };
    const body = bodies[status];
    this.faults.push({ method: "*", path: /./, status, body, remaining: times, uploadsOnly: true });
  }

  /** Sets the permissions of the bot's role (decimal bitfield string). */
  setBotPermissions(permissions: string): void {
    const bot = this.guild.members.find((m) => m.id === this.botUser.id);
    if (bot) bot.permissions = permissions;
  }

  /** The interaction's original response message, once it exists. */
  originalResponse(interactionId: string): FakeMessage | undefined {
    const id = this.interactions.get(interactionId)?.originalMessageId;
    return id ? this.messages.get(id) : undefined;
  }

  private newInteraction(user: FakeUser, channelId = this.channelId, guild = this.guild) {
    const id = snowflake();
    const token = `itok-${randomBytes(12).toString("hex")}`;
    this.interactions.set(id, {
      id,
      token,
      channelId,
      createdAt: Date.now(),
      responded: false,
      originalMessageId: undefined,
      ephemeral: false,
    });
    const appPermissions =
      this.guild.members.find((m) => m.id === this.botUser.id)?.permissions ?? "0";
    return {
      id,
      token,
      applicationId: this.applicationId,
      guild,
      channelId,
      user,
      appPermissions,
      attachmentSizeLimit: this.attachmentSizeLimit,
      ...(user.locale ? { locale: user.locale } : {}),
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ""));
    const method = request.method ?? "GET";
    const { json: body, files } = await readRequestBody(request);
    const reply = (status: number, payload?: unknown) => {
      const uploaded = files.map((file) => ({ name: file.name, size: file.data.length }));
      this.calls.add({
        at: Date.now(),
        method,
        path,
        query: url.searchParams,
        body,
        files: uploaded,
        status,
      });
      if (status === 429) response.setHeader("Retry-After", "0.05");
      if (status === 204) {
        response.writeHead(204);
        response.end();
      } else sendJson(response, status, withoutFileBytes(payload ?? {}));
    };

    const hold = this.holds.find((h) => !h.taken && h.match({ method, path, body }));
    if (hold) {
      hold.taken = true;
      hold.arrive();
      await hold.released;
    }
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === method || f.method === "*") &&
        f.path.test(path) &&
        (!f.uploadsOnly || files.length > 0),
    );
    if (fault) {
      fault.remaining--;
      return reply(fault.status, fault.body);
    }
    const auth = request.headers.authorization;
    const needsBot = !path.startsWith("/webhooks/") && !path.startsWith("/interactions/");
    if (needsBot && auth !== `Bot ${this.token}`)
      return reply(401, { message: "401: Unauthorized", code: 0 });

    const denied = /^\/channels\/(\d+)\//.exec(path)?.[1];
    if (denied && this.deniedChannels.has(denied)) {
      return reply(403, { message: "Missing Access", code: 50001 });
    }
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return reply(404, { message: `No fake route for ${method} ${path}`, code: 0 });
    const problems = method === "GET" ? [] : formBodyProblems(path, body);
    if (problems.length > 0) {
      return reply(400, { message: "Invalid Form Body", code: 50035, errors: problems });
    }
    if (files.length > 0) {
      const refusal = this.refuseUpload(path, files);
      if (refusal) return reply(...refusal);
    }
    const match = path.match(route.pattern)!;
    const [status, payload] = route.run(match.slice(1), body ?? {}, url.searchParams, files);
    reply(status, payload);
  }

  /**
   * Discord's upload rules: a message's files may not exceed the limit (the interaction's
   * for its webhook routes, the guild's boost tier for the bot's own), and the bot needs
   * Attach Files to upload through the channel routes.
   */
  private refuseUpload(path: string, files: FakeFile[]): [number, unknown] | undefined {
    const size = files.reduce((sum, file) => sum + file.data.length, 0);
    const channelId = /^\/channels\/(\d+)\//.exec(path)?.[1];
    const guild = this.guilds.find((g) => channelId && g.channelIds.includes(channelId));
    const limit = channelId
      ? uploadLimitForTier(guild?.premiumTier ?? 0)
      : this.attachmentSizeLimit;
    if (size > limit) return [413, TOO_LARGE];
    if (channelId && guild && !this.botHas(PERMISSIONS.attachFiles)) {
      return [403, { message: "Missing Permissions", code: 50013 }];
    }
    return undefined;
  }

  private readonly routes: {
    method: string;
    pattern: RegExp;
    run: (
      params: string[],
      body: Record<string, unknown>,
      query: URLSearchParams,
      files: FakeFile[],
    ) => [number, unknown?];
  }[] = [
    {
      method: "GET",
      pattern: /^\/gateway\/bot$/,
      run: () => [
        200,
        {
          url: `ws://${this.host}:${this.port}/gateway`,
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: 16,
          },
        },
      ],
    },
    { method: "GET", pattern: /^\/users\/@me$/, run: () => [200, this.botUser] },
    {
      method: "GET",
      pattern: /^\/users\/(\d+)$/,
      run: ([userId]) => {
        const user = this.guilds.flatMap((g) => g.members).find((m) => m.id === userId);
        return user ? [200, apiUser(user)] : [404, { message: "Unknown User", code: 10013 }];
      },
    },
    {
      // The bot opens a DM with a member (to tell them something privately).
      method: "POST",
      pattern: /^\/users\/@me\/channels$/,
      run: (_params, body) => [
        200,
        { id: this.dmChannelId, type: 1, recipients: [{ id: String(body.recipient_id) }] },
      ],
    },
    {
      // The bot leaves a server: gone from its guilds, and told so (GUILD_DELETE).
      method: "DELETE",
      pattern: /^\/users\/@me\/guilds\/(\d+)$/,
      run: ([guildId]) => {
        const index = this.guilds.findIndex((g) => g.id === guildId);
        if (index < 0) return [404, { message: "Unknown Guild", code: 10004 }];
        this.guilds.splice(index, 1);
        this.gateway.dispatch("GUILD_DELETE", { id: guildId }, guildId!);
        return [204];
      },
    },
    {
      method: "GET",
      pattern: /^\/applications\/@me$/,
      run: () => [200, { id: this.applicationId, name: "Grok Video", flags: 0, bot: this.botUser }],
    },
    {
      method: "PUT",
      pattern: /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/,
      run: ([, guildId], body) => {
        const commands = (Array.isArray(body) ? body : Object.values(body)).map((command) => ({
          ...(command as object),
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
        }));
        this.commands.set(guildId ?? "global", commands);
        return [200, commands];
      },
    },
    {
      method: "POST",
      pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      run: ([id, token], body, query) => this.interactionCallback(id!, token!, body, query),
    },
    {
      method: "PATCH",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      run: ([, token, messageId], body, _query, files) =>
        this.webhookMessage(token!, messageId!, (message) =>
          this.editMessage(message, body, files),
        ),
    },
    {
      method: "GET",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      run: ([, token, messageId]) =>
        this.webhookMessage(token!, messageId!, (message) => [200, message]),
    },
    {
      method: "DELETE",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      run: ([, token, messageId]) =>
        this.webhookMessage(token!, messageId!, (message) => {
          message.deleted = true;
          return [204];
        }),
    },
    {
      method: "POST",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
      run: ([, token], body, _query, files) => {
        const interaction = this.byToken(token!);
        if (!interaction) return [404, { message: "Unknown Webhook", code: 10015 }];
        if (this.expiredTokens.has(token!))
          return [401, { message: "Invalid Webhook Token", code: 50027 }];
        const ephemeral = hasEphemeralFlag(body);
        const message = this.createMessage(interaction.channelId, body, { ephemeral, files });
        return [200, message];
      },
    },
    {
      method: "POST",
      pattern: /^\/channels\/(\d+)\/messages$/,
      run: ([channelId], body, _query, files) => [
        200,
        this.createMessage(channelId!, body, { ephemeral: false, files }),
      ],
    },
    {
      method: "GET",
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      run: ([channelId, messageId]) => this.channelMessage(channelId!, messageId!, (m) => [200, m]),
    },
    {
      method: "PATCH",
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      run: ([channelId, messageId], body, _query, files) =>
        this.channelMessage(channelId!, messageId!, (m) => this.editMessage(m, body, files)),
    },
    {
      method: "DELETE",
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      run: ([channelId, messageId]) =>
        this.channelMessage(channelId!, messageId!, (m) => {
          m.deleted = true;
          return [204];
        }),
    },
    {
      method: "PUT",
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/,
      run: ([channelId, messageId, emoji]) =>
        this.channelMessage(channelId!, messageId!, () => {
          // Discord echoes the bot's own reaction back over the gateway.
          queueMicrotask(() => this.react(messageId!, emoji!, this.botUser));
          return [204];
        }),
    },
    {
      method: "DELETE",
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/([^/]+)$/,
      run: ([channelId, messageId, emoji, who]) =>
        this.channelMessage(channelId!, messageId!, () => {
          const userId = who === "@me" ? this.botUser.id : who!;
          if (userId !== this.botUser.id && !this.botHas(PERMISSIONS.manageMessages)) {
            return [403, { message: "Missing Permissions", code: 50013 }];
          }
          // Discord tells the gateway, as when the member takes it off themselves.
          queueMicrotask(() => this.unreact(messageId!, emoji!, { id: userId }));
          return [204];
        }),
    },
    {
      method: "POST",
      pattern: /^\/attachments\/refresh-urls$/,
      run: (_params, body) =>
        Array.isArray(body.attachment_urls)
          ? [200, { refreshed_urls: this.cdn.refresh(body.attachment_urls) }]
          : [400, { message: "Invalid Form Body", code: 50035 }],
    },
    {
      method: "GET",
      pattern: /^\/channels\/(\d+)$/,
      run: ([channelId]) => {
        const guild = this.guilds.find((g) => g.channelIds.includes(channelId!));
        return guild
          ? [
              200,
              {
                id: channelId,
                type: 0,
                guild_id: guild.id,
                name: "channel-0",
                position: 0,
                permission_overwrites: [],
              },
            ]
          : [404, { message: "Unknown Channel", code: 10003 }];
      },
    },
    {
      method: "GET",
      pattern: /^\/guilds\/(\d+)\/members\/(\d+)$/,
      run: ([guildId, userId]) => {
        const guild = this.guilds.find((g) => g.id === guildId);
        const member = guild?.members.find((m) => m.id === userId);
        if (!member) return [404, { message: "Unknown Member", code: 10007 }];
        return [
          200,
          {
            user: apiUser(member),
            roles: rolesOf(member),
            joined_at: new Date(0).toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
        ];
      },
    },
  ];

  private interactionCallback(
    id: string,
    token: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): [number, unknown?] {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token)
      return [404, { message: "Unknown interaction", code: 10062 }];
    if (Date.now() - interaction.createdAt > 3_000)
      return [404, { message: "Unknown interaction", code: 10062 }];
    if (interaction.responded)
      return [400, { message: "Interaction has already been acknowledged.", code: 40060 }];
    interaction.responded = true;
    const data = (body.data ?? {}) as Record<string, unknown>;
    const type = body.type as InteractionResponseType;
    interaction.ephemeral = hasEphemeralFlag(data);
    let message: FakeMessage | undefined;
    if (
      type === InteractionResponseType.ChannelMessageWithSource ||
      type === InteractionResponseType.DeferredChannelMessageWithSource
    ) {
      message = this.createMessage(
        interaction.channelId,
        type === InteractionResponseType.DeferredChannelMessageWithSource
          ? { ...data, content: "" }
          : data,
        {
          ephemeral: interaction.ephemeral,
          interaction,
          loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
        },
      );
      interaction.originalMessageId = message.id;
    }
    if (query.get("with_response") === "true") {
      return [
        200,
        { interaction: { id, type: 2 }, resource: message ? { type, message } : undefined },
      ];
    }
    return [204];
  }

  private webhookMessage(
    token: string,
    messageId: string,
    act: (message: FakeMessage) => [number, unknown?],
  ): [number, unknown?] {
    const interaction = this.byToken(token);
    if (!interaction) return [404, { message: "Unknown Webhook", code: 10015 }];
    if (this.expiredTokens.has(token))
      return [401, { message: "Invalid Webhook Token", code: 50027 }];
    const id = messageId === "@original" ? interaction.originalMessageId : messageId;
    const message = id ? this.messages.get(id) : undefined;
    if (!message || message.deleted) return [404, { message: "Unknown Message", code: 10008 }];
    return act(message);
  }

  private channelMessage(
    channelId: string,
    messageId: string,
    act: (message: FakeMessage) => [number, unknown?],
  ): [number, unknown?] {
    const message = this.messages.get(messageId);
    if (!message || message.deleted || message.channel_id !== channelId) {
      return [404, { message: "Unknown Message", code: 10008 }];
    }
    if (message.ephemeral) return [404, { message: "Unknown Message", code: 10008 }];
    return act(message);
  }

  private createMessage(
    channelId: string,
    data: Record<string, unknown>,
    options: {
      ephemeral: boolean;
      interaction?: FakeInteraction;
      loading?: boolean;
      files?: FakeFile[];
    },
  ): FakeMessage {
    const id = snowflake();
    const flags =
      (options.ephemeral ? MessageFlags.Ephemeral : 0) |
      (options.loading ? MessageFlags.Loading : 0);
    const message: FakeMessage = {
      id,
      channel_id: channelId,
      author: this.botUser,
      content: String(data.content ?? ""),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      files: [],
      embeds: (data.embeds as APIEmbed[] | undefined) ?? [],
      components: (data.components as APIMessage["components"]) ?? [],
      pinned: false,
      type: options.interaction
        ? MessageType.ChatInputCommand
        : data.message_reference
          ? MessageType.Reply
          : MessageType.Default,
      flags,
      ...(data.message_reference
        ? { message_reference: data.message_reference as APIMessage["message_reference"] }
        : {}),
      ephemeral: options.ephemeral,
      deleted: false,
      reactionsBy: {},
    };
    this.attach(message, data, options.files ?? []);
    this.messages.set(id, message);
    return message;
  }

  private editMessage(
    message: FakeMessage,
    body: Record<string, unknown>,
    files: FakeFile[],
  ): [number, unknown] {
    this.attach(message, body, files);
    if ("content" in body) message.content = String(body.content ?? "");
    if ("embeds" in body) message.embeds = (body.embeds as APIEmbed[]) ?? [];
    if ("components" in body)
      message.components = (body.components as APIMessage["components"]) ?? [];
    message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    message.edited_timestamp = new Date().toISOString();
    return [200, message];
  }

  /**
   * Discord's attachment rules for a create or an edit: with an `attachments` list, the
   * message keeps the listed existing attachments plus the listed uploads (`id` = index in
   * `files`); without one, uploads are added to what it had.
   */
  private attach(message: FakeMessage, body: Record<string, unknown>, files: FakeFile[]): void {
    const listed = Array.isArray(body.attachments)
      ? (body.attachments as { id?: unknown }[]).map((entry) => String(entry.id))
      : undefined;
    const kept = message.attachments
      .map((attachment, index) => ({ attachment, file: message.files[index]! }))
      .filter(({ attachment }) => !listed || listed.includes(attachment.id));
    const added = files
      .filter((_file, index) => !listed || listed.includes(String(index)))
      .map((file) => ({
        attachment: this.cdn.attachment(message.channel_id, snowflake(), file),
        file,
      }));
    const all = [...kept, ...added];
    message.attachments = all.map((entry) => entry.attachment);
    message.files = all.map((entry) => entry.file);
  }

  private addReaction(messageId: string, emoji: string, userId: string): void {
    const message = this.messages.get(messageId);
    if (!message) return;
    const users = message.reactionsBy[emoji] ?? [];
    if (!users.includes(userId)) users.push(userId);
    message.reactionsBy[emoji] = users;
  }

  private byToken(token: string): FakeInteraction | undefined {
    for (const interaction of this.interactions.values())
      if (interaction.token === token) return interaction;
    return undefined;
  }

  private botHas(permission: string): boolean {
    const bot = this.guild.members.find((m) => m.id === this.botUser.id);
    const bits = BigInt(bot?.permissions ?? "0");
    return (bits & (BigInt(permission) | 0x8n)) !== 0n;
  }
}

/** A message as Discord answers it: attachments by link, never the bytes the fake keeps. */
function withoutFileBytes(payload: unknown): unknown {
  if (!payload || typeof payload !== "object" || !("files" in payload)) return payload;
  const { files: _bytes, ...message } = payload as FakeMessage;
  return message;
}

const TOO_LARGE = { message: "Request entity too large", code: 40005 };

function newMember(username: string, permissions: string): FakeUser {
  return { id: snowflake(), username, permissions, roleId: snowflake() };
}

function hasEphemeralFlag(data: Record<string, unknown>): boolean {
  return (Number(data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}
