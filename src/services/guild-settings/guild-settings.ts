import { z } from "zod";
import type { Logger } from "../../logger.js";
import { KeyedMutex } from "../keyed-mutex.js";
import type { KeySpace } from "../store.js";
import { foldText } from "./blocked-words.js";

/** Blocked words or phrases one server may keep. */
export const MAX_BLOCKED_WORDS = 500;

export const guildSettingsSchema = z.object({
  /** Channels where videos may be made; empty = anywhere. */
  channels: z.array(z.string()).default([]),
  /** Roles whose members may make videos (Manage Server always may); empty = everyone. */
  roles: z.array(z.string()).default([]),
  /** Folded (see `foldText`), unique, in the order they were added. */
  blockedWords: z.array(z.string()).default([]),
  /** Where job events and changes are posted, who set it, and whether posting failed. */
  logChannel: z
    .object({ id: z.string(), setBy: z.string(), broken: z.boolean().default(false) })
    .nullable()
    .default(null),
});
export type GuildSettings = z.infer<typeof guildSettingsSchema>;

const EMPTY: GuildSettings = { channels: [], roles: [], blockedWords: [], logChannel: null };

/** A server admin changed the settings (told to the audit log). */
export interface GuildSettingsChange {
  guildId: string;
  actorId: string;
  settings: GuildSettings;
  /** As they were: the log channel that was on still hears that it was turned off. */
  before: GuildSettings;
}

export type BlockedWordsChange =
  | { ok: true; settings: GuildSettings; changed: number }
  | { ok: false; limit: number };

/**
 * What a server's admins decided about where and how the bot is used: one key per server,
 * read on every request, so it is cached in this process (a guild is served by one
 * process) and the cache is replaced on every change made here. Every admin's change is
 * told to `onChanged` listeners.
 */
export class GuildSettingsService {
  private readonly cache = new Map<string, GuildSettings>();
  /** Servers whose saved settings cannot be read: no video until an admin changes them. */
  private readonly unreadable = new Set<string>();
  private readonly writes = new KeyedMutex();
  private readonly listeners: ((change: GuildSettingsChange) => void)[] = [];

  constructor(
    private readonly options: {
      kv: KeySpace;
      logger: Logger;
      /** Told once per server whose saved settings cannot be read (metrics, /healthz). */
      onDamaged?: (what: "guild_settings") => void;
    },
  ) {}

  onChanged(listener: (change: GuildSettingsChange) => void): void {
    this.listeners.push(listener);
  }

  async get(guildId: string): Promise<GuildSettings> {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    const raw = await this.options.kv.get(keyOf(guildId));
    const parsed = guildSettingsSchema.safeParse(raw ?? {});
    if (!parsed.success && !this.unreadable.has(guildId)) {
      this.unreadable.add(guildId);
      this.options.onDamaged?.("guild_settings");
      this.options.logger.error(
        { guildId },
        "a server's settings cannot be read (damaged store value): its requests are refused until an admin changes them with /grok-settings",
      );
    }
    const settings = parsed.success ? parsed.data : EMPTY;
    this.cache.set(guildId, settings);
    return settings;
  }

  /**
   * Whether a server's saved settings are stored but unreadable: its requests are refused
   * rather than served as if it allowed every channel and role and blocked nothing, until
   * an admin's next change writes them again. Known once `get` has read them.
   */
  damaged(guildId: string): boolean {
    return this.unreadable.has(guildId);
  }

  /** Changes one of the server's lists of ids (channels or roles), kept without repeats. */
  setIds(
    guildId: string,
    list: "channels" | "roles",
    change: (ids: string[]) => string[],
    actorId: string,
  ) {
    return this.update(
      guildId,
      (settings) => ({ ...settings, [list]: [...new Set(change(settings[list]))] }),
      actorId,
    );
  }

  /** A role the server deleted no longer lets anyone in (not an admin's change: not told). */
  async dropRole(guildId: string, roleId: string): Promise<void> {
    if (!(await this.get(guildId)).roles.includes(roleId)) return;
    await this.update(guildId, (settings) => ({
      ...settings,
      roles: settings.roles.filter((id) => id !== roleId),
    }));
  }

  async addBlockedWords(
    guildId: string,
    words: readonly string[],
    actorId: string,
  ): Promise<BlockedWordsChange> {
    let refused = false;
    let changed = 0;
    const settings = await this.update(
      guildId,
      (current) => {
        const added = [...new Set(words.map(foldText))].filter(
          (word) => word !== "" && !current.blockedWords.includes(word),
        );
        if (current.blockedWords.length + added.length > MAX_BLOCKED_WORDS) {
          refused = true;
          return current;
        }
        changed = added.length;
        return { ...current, blockedWords: [...current.blockedWords, ...added] };
      },
      actorId,
    );
    return refused ? { ok: false, limit: MAX_BLOCKED_WORDS } : { ok: true, settings, changed };
  }

  async removeBlockedWords(guildId: string, words: readonly string[], actorId: string) {
    const removed = new Set(words.map(foldText));
    const before = (await this.get(guildId)).blockedWords.length;
    const settings = await this.update(
      guildId,
      (current) => ({
        ...current,
        blockedWords: current.blockedWords.filter((word) => !removed.has(word)),
      }),
      actorId,
    );
    return { settings, changed: before - settings.blockedWords.length };
  }

  setLogChannel(guildId: string, channelId: string | null, actorId: string) {
    return this.update(
      guildId,
      (settings) => ({
        ...settings,
        logChannel: channelId ? { id: channelId, setBy: actorId, broken: false } : null,
      }),
      actorId,
    );
  }

  /** The log channel cannot be written to: stop trying until an admin sets one again. */
  markLogChannelBroken(guildId: string) {
    return this.update(guildId, (settings) =>
      settings.logChannel
        ? { ...settings, logChannel: { ...settings.logChannel, broken: true } }
        : settings,
    );
  }

  /** `actorId`: an admin's change, told to listeners (unless it changed nothing). */
  private update(
    guildId: string,
    change: (settings: GuildSettings) => GuildSettings,
    actorId?: string,
  ) {
    return this.writes.run(guildId, async () => {
      this.cache.delete(guildId);
      const before = await this.get(guildId);
      const next = change(before);
      await this.options.kv.set(keyOf(guildId), next);
      this.cache.set(guildId, next);
      if (actorId !== undefined) this.unreadable.delete(guildId);
      if (actorId !== undefined && next !== before) {
        for (const listener of this.listeners) {
          listener({ guildId, actorId, settings: next, before });
        }
      }
      return next;
    });
  }
}

const keyOf = (guildId: string) => `guild-settings:${guildId}`;
