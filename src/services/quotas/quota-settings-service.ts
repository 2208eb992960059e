import type { Logger } from "../../logger.js";
import { KeyedMutex } from "../keyed-mutex.js";
import type { KeySpace } from "../store.js";
import type { QuotaScope } from "./quota-scope.js";
import {
  MAX_ROLE_LIMITS,
  type QuotaCeilings,
  type QuotaLimitName,
  type QuotaSettings,
  quotaSettingsSchema,
  type RoleLimit,
  withCeilings,
} from "./quota-settings.js";
import type { QuotaPeriod } from "./quota-window.js";

export interface QuotaDefaults {
  period: QuotaPeriod;
  guildVideos: number | null;
  memberVideos: number | null;
  /** Limit per user per day for direct-message use. */
  dmVideos: number | null;
  /** The operator's credit budget for all servers and DMs together; none when absent. */
  botBudget?: { credits: number; period: QuotaPeriod };
  /** The operator's caps on every server (counted per `period`); none when absent. */
  ceilings?: Omit<QuotaCeilings, "period">;
}

/** A server admin changed the limits (told to the audit log). */
export interface QuotaSettingsChange {
  guildId: string;
  actorId: string;
  settings: QuotaSettings;
}

/**
 * A server's limits as its admins set them (`/grok-quota set|clear`), or the operator's
 * defaults for servers that set none. Read on every request, so cached in this process
 * (a server is served by one process) and replaced in the cache on every change made
 * here. Every change is told to `onChanged` listeners.
 */
export class QuotaSettingsService {
  private readonly cache = new Map<string, QuotaSettings>();
  /** Servers whose saved limits cannot be read: no video until an admin sets them again. */
  private readonly unreadable = new Set<string>();
  private readonly writes = new KeyedMutex();
  private readonly listeners: ((change: QuotaSettingsChange) => void)[] = [];

  constructor(
    private readonly options: {
      store: KeySpace;
      defaults: QuotaDefaults;
      logger: Logger;
      /** Told once per server whose saved limits cannot be read (metrics, /healthz). */
      onDamaged?: (what: "quota_settings") => void;
    },
  ) {}

  onChanged(listener: (change: QuotaSettingsChange) => void): void {
    this.listeners.push(listener);
  }

  async settings(scope: QuotaScope): Promise<QuotaSettings> {
    const { defaults } = this.options;
    if (scope.kind === "bot") {
      const { botBudget } = defaults;
      return {
        ...NO_LIMITS,
        period: botBudget?.period ?? "month",
        credits: botBudget?.credits ?? null,
      };
    }
    if (scope.kind === "dm")
      return { ...NO_LIMITS, period: "day", memberVideos: defaults.dmVideos };
    return withCeilings(await this.own(scope.guildId), this.ceilings);
  }

  /**
   * Whether a server's saved limits are stored but unreadable (a damaged value): its
   * requests are refused rather than served under defaults that may be wider, until an
   * admin's next `/grok-quota set` writes them again. Known once `settings` has read them.
   */
  damaged(guildId: string): boolean {
    return this.unreadable.has(guildId);
  }

  /** The operator's ceilings, for views that say when one applies. */
  get ceilings(): QuotaCeilings {
    const { ceilings, period } = this.options.defaults;
    return {
      guildVideos: ceilings?.guildVideos ?? null,
      credits: ceilings?.credits ?? null,
      period,
    };
  }

  /** A server's own limits as its admins saved them (before any ceiling), or the defaults. */
  private async own(guildId: string): Promise<QuotaSettings> {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    const { defaults, store, logger } = this.options;
    const raw = await store.get(settingsKey(guildId));
    const stored = quotaSettingsSchema.safeParse(raw);
    if (raw !== undefined && !stored.success) {
      this.unreadable.add(guildId);
      this.options.onDamaged?.("quota_settings");
      logger.error(
        { guildId },
        "a server's quota settings cannot be read (damaged store value): its requests are refused until an admin runs /grok-quota set",
      );
    }
    const settings: QuotaSettings = stored.success
      ? stored.data
      : {
          ...NO_LIMITS,
          period: defaults.period,
          guildVideos: defaults.guildVideos,
          memberVideos: defaults.memberVideos,
        };
    this.cache.set(guildId, settings);
    return settings;
  }

  /**
   * Applies a change; the result is validated before it is stored. `actorId`: an admin's
   * change, told to listeners (the bot's own, like dropping a deleted role, is not).
   */
  update(
    guildId: string,
    change: Partial<QuotaSettings> | ((before: QuotaSettings) => Partial<QuotaSettings>),
    actorId?: string,
  ): Promise<QuotaSettings> {
    return this.writes.run(guildId, async () => {
      const before = await this.own(guildId);
      const changed = typeof change === "function" ? change(before) : change;
      const after = quotaSettingsSchema.parse({ ...before, ...changed });
      await this.options.store.set(settingsKey(guildId), after);
      this.cache.set(guildId, after);
      this.unreadable.delete(guildId);
      this.options.logger.info({ guildId, actorId, before, after }, "quota settings changed");
      // What applies from now on: the ceilings included.
      const settings = withCeilings(after, this.ceilings);
      if (actorId !== undefined) {
        for (const listener of this.listeners) listener({ guildId, actorId, settings });
      }
      return settings;
    });
  }

  clear(guildId: string, limits: readonly QuotaLimitName[], actorId: string) {
    const change = Object.fromEntries(limits.map((name) => [name, null]));
    return this.update(guildId, change, actorId);
  }

  /**
   * Sets the per-member limit of members with a role. Refused when the server already
   * limits as many roles as it may.
   */
  async setRoleLimit(
    guildId: string,
    roleId: string,
    limit: RoleLimit,
    actorId: string,
  ): Promise<QuotaSettings | "too_many"> {
    const { roles } = await this.own(guildId);
    if (!(roleId in roles) && Object.keys(roles).length >= MAX_ROLE_LIMITS) return "too_many";
    return this.update(
      guildId,
      (before) => ({ roles: withRole(before.roles, roleId, limit) }),
      actorId,
    );
  }

  /** Removes a role's limit; its members get the server's own again. */
  clearRoleLimit(guildId: string, roleId: string, actorId?: string): Promise<QuotaSettings> {
    return this.update(
      guildId,
      (before) => ({ roles: withRole(before.roles, roleId, null) }),
      actorId,
    );
  }

  /** Forgets limits of roles the server deleted (not an admin's change: nothing is told). */
  async dropRole(guildId: string, roleId: string): Promise<void> {
    if (roleId in (await this.own(guildId)).roles) await this.clearRoleLimit(guildId, roleId);
  }
}

function withRole(
  roles: QuotaSettings["roles"],
  roleId: string,
  limit: RoleLimit | null,
): QuotaSettings["roles"] {
  const { [roleId]: _dropped, ...others } = roles;
  return limit ? { ...others, [roleId]: limit } : others;
}

/** Every limit off: what the bot budget and DMs start from. */
const NO_LIMITS: QuotaSettings = {
  period: "day",
  guildVideos: null,
  memberVideos: null,
  credits: null,
  maxVideoSeconds: null,
  roles: {},
};

const settingsKey = (guildId: string) => `quota-settings:${guildId}`;
