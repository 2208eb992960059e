import type { Keyv } from "keyv";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { KeyedMutex } from "../keyed-mutex.js";
import {
  expectedCredits,
  type QuotaLimitName,
  type QuotaSettings,
  quotaSettingsSchema,
} from "./quota-settings.js";
import { currentWindow, type QuotaPeriod, type QuotaWindow } from "./quota-window.js";

/** Who pays: a guild, or one user in direct messages. */
export type QuotaScope = { kind: "guild"; guildId: string } | { kind: "dm"; userId: string };

/** What a job's reservation points at, kept on the job record to settle or release later. */
export const quotaChargeSchema = z.object({
  scopeId: z.string(),
  windowKey: z.string(),
  expiresAt: z.number(),
});
export type QuotaCharge = z.infer<typeof quotaChargeSchema>;

const totalsSchema = z.object({ videos: z.number(), credits: z.number() });

/**
 * One window's usage: settled jobs folded into per-member totals, plus the jobs still
 * open (reserved, not yet settled or released). Its size is bounded by the members and
 * the jobs in flight, not by how many videos the period has seen.
 */
const usageSchema = z.object({
  members: z.record(z.string(), totalsSchema),
  open: z.record(z.string(), z.object({ userId: z.string(), credits: z.number() })),
});
type Usage = z.infer<typeof usageSchema>;

export interface UsageTotals {
  videos: number;
  credits: number;
}

export interface UsageReport {
  settings: QuotaSettings;
  window: QuotaWindow;
  scope: UsageTotals;
  member: UsageTotals;
  top: (UsageTotals & { userId: string })[];
}

export type Exceeded =
  | { limit: "guildVideos" | "memberVideos" | "credits"; allowed: number; used: number }
  | { limit: "maxVideoSeconds"; allowed: number; requested: number };

export type ReserveResult =
  | { ok: true; charge: QuotaCharge }
  | { ok: false; exceeded: Exceeded; resetsAt: number };

export interface QuotaDefaults {
  period: QuotaPeriod;
  guildVideos: number | null;
  memberVideos: number | null;
  /** Limit per user per day for direct-message use. */
  dmVideos: number | null;
}

export interface QuotaServiceOptions {
  store: Keyv;
  defaults: QuotaDefaults;
  logger: Logger;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per-guild limits and usage. A request reserves one video and the credits expected for
 * its length; SUCCESS settles it with the credits TTAPI charged, anything else releases
 * it. Every read-modify-write of a scope runs through one mutex, so concurrent requests
 * cannot overrun a limit (keyv has no transactions).
 */
export class QuotaService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => number;

  constructor(private readonly options: QuotaServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async settings(scope: QuotaScope): Promise<QuotaSettings> {
    const { defaults } = this.options;
    if (scope.kind === "dm") {
      return {
        period: "day",
        guildVideos: null,
        memberVideos: defaults.dmVideos,
        credits: null,
        maxVideoSeconds: null,
      };
    }
    const stored = quotaSettingsSchema.safeParse(
      await this.options.store.get(settingsKey(scope.guildId)),
    );
    if (stored.success) return stored.data;
    return {
      period: defaults.period,
      guildVideos: defaults.guildVideos,
      memberVideos: defaults.memberVideos,
      credits: null,
      maxVideoSeconds: null,
    };
  }

  /** Applies an admin's change; the result is validated before it is stored. */
  async updateSettings(
    guildId: string,
    change: Partial<QuotaSettings>,
    actorId: string,
  ): Promise<QuotaSettings> {
    const scope: QuotaScope = { kind: "guild", guildId };
    return this.mutex.run(scopeId(scope), async () => {
      const before = await this.settings(scope);
      const after = quotaSettingsSchema.parse({ ...before, ...change });
      await this.options.store.set(settingsKey(guildId), after);
      this.options.logger.info({ guildId, actorId, before, after }, "quota settings changed");
      return after;
    });
  }

  clearLimits(guildId: string, limits: readonly QuotaLimitName[], actorId: string) {
    const change = Object.fromEntries(limits.map((name) => [name, null]));
    return this.updateSettings(guildId, change, actorId);
  }

  async reserve(input: {
    scope: QuotaScope;
    userId: string;
    jobId: string;
    videoSeconds: number;
  }): Promise<ReserveResult> {
    const id = scopeId(input.scope);
    return this.mutex.run(id, async () => {
      const settings = await this.settings(input.scope);
      const window = currentWindow(settings.period, this.now());
      const usage = await this.readUsage(id, window.key);
      const credits = expectedCredits(input.videoSeconds);
      const exceeded = findExceeded(settings, usage, input.userId, input.videoSeconds, credits);
      if (exceeded) return { ok: false, exceeded, resetsAt: window.end };
      usage.open[input.jobId] = { userId: input.userId, credits };
      await this.writeUsage(id, window.key, window.end, usage);
      return { ok: true, charge: { scopeId: id, windowKey: window.key, expiresAt: window.end } };
    });
  }

  /** Counts the job for good, with the credits TTAPI reported (when it did). */
  settle(charge: QuotaCharge, jobId: string, credits: number | null): Promise<void> {
    return this.closeJob(charge, jobId, (usage, entry) => {
      const totals = usage.members[entry.userId] ?? { videos: 0, credits: 0 };
      usage.members[entry.userId] = {
        videos: totals.videos + 1,
        credits: totals.credits + (credits ?? entry.credits),
      };
    });
  }

  /** Gives a reservation back: the job failed, was refused, or was given up. */
  release(charge: QuotaCharge, jobId: string): Promise<void> {
    return this.closeJob(charge, jobId, () => undefined);
  }

  async report(scope: QuotaScope, userId: string): Promise<UsageReport> {
    const settings = await this.settings(scope);
    const window = currentWindow(settings.period, this.now());
    const usage = await this.readUsage(scopeId(scope), window.key);
    const byMember = memberTotals(usage);
    const top = [...byMember]
      .map(([memberId, totals]) => ({ userId: memberId, ...totals }))
      .sort((a, b) => b.credits - a.credits || b.videos - a.videos)
      .slice(0, 5);
    return {
      settings,
      window,
      scope: totalsOf(usage),
      member: byMember.get(userId) ?? { videos: 0, credits: 0 },
      top,
    };
  }

  /** Forgets this period's usage of the whole guild, or of one member. */
  async reset(scope: QuotaScope, actorId: string, memberId?: string): Promise<void> {
    const id = scopeId(scope);
    await this.mutex.run(id, async () => {
      const settings = await this.settings(scope);
      const window = currentWindow(settings.period, this.now());
      const usage = await this.readUsage(id, window.key);
      for (const userId of Object.keys(usage.members)) {
        if (!memberId || userId === memberId) delete usage.members[userId];
      }
      for (const [jobId, entry] of Object.entries(usage.open)) {
        if (!memberId || entry.userId === memberId) delete usage.open[jobId];
      }
      await this.writeUsage(id, window.key, window.end, usage);
      this.options.logger.info({ scope: id, actorId, memberId }, "quota usage reset");
    });
  }

  private closeJob(
    charge: QuotaCharge,
    jobId: string,
    count: (usage: Usage, entry: Usage["open"][string]) => void,
  ): Promise<void> {
    return this.mutex.run(charge.scopeId, async () => {
      const usage = await this.readUsage(charge.scopeId, charge.windowKey);
      const entry = usage.open[jobId];
      if (!entry) return;
      delete usage.open[jobId];
      count(usage, entry);
      await this.writeUsage(charge.scopeId, charge.windowKey, charge.expiresAt, usage);
    });
  }

  private async readUsage(id: string, windowKey: string): Promise<Usage> {
    return usageSchema
      .catch({ members: {}, open: {} })
      .parse(await this.options.store.get(usageKey(id, windowKey)));
  }

  /** Usage expires a day after its window ends, so the store does not grow forever. */
  private async writeUsage(
    id: string,
    windowKey: string,
    end: number,
    usage: Usage,
  ): Promise<void> {
    const ttl = Math.max(1, end + DAY_MS - this.now());
    await this.options.store.set(usageKey(id, windowKey), usage, ttl);
  }
}

function findExceeded(
  settings: QuotaSettings,
  usage: Usage,
  userId: string,
  videoSeconds: number,
  credits: number,
): Exceeded | undefined {
  if (settings.maxVideoSeconds !== null && videoSeconds > settings.maxVideoSeconds) {
    return { limit: "maxVideoSeconds", allowed: settings.maxVideoSeconds, requested: videoSeconds };
  }
  const all = totalsOf(usage);
  const mine = totalsOf(usage, userId);
  if (settings.memberVideos !== null && mine.videos + 1 > settings.memberVideos) {
    return { limit: "memberVideos", allowed: settings.memberVideos, used: mine.videos };
  }
  if (settings.guildVideos !== null && all.videos + 1 > settings.guildVideos) {
    return { limit: "guildVideos", allowed: settings.guildVideos, used: all.videos };
  }
  if (settings.credits !== null && all.credits + credits > settings.credits) {
    return { limit: "credits", allowed: settings.credits, used: all.credits };
  }
  return undefined;
}

/** Settled totals plus open reservations, per member: in-flight jobs count too. */
function memberTotals(usage: Usage): Map<string, UsageTotals> {
  const byMember = new Map(Object.entries(usage.members).map(([id, t]) => [id, { ...t }]));
  for (const entry of Object.values(usage.open)) {
    const totals = byMember.get(entry.userId) ?? { videos: 0, credits: 0 };
    byMember.set(entry.userId, {
      videos: totals.videos + 1,
      credits: totals.credits + entry.credits,
    });
  }
  return byMember;
}

function totalsOf(usage: Usage, userId?: string): UsageTotals {
  const all = [...memberTotals(usage)].filter(([id]) => !userId || id === userId);
  return {
    videos: all.reduce((sum, [, t]) => sum + t.videos, 0),
    credits: all.reduce((sum, [, t]) => sum + t.credits, 0),
  };
}

/** Guild jobs are paid by the guild; direct-message jobs by the user. */
export function scopeOf(origin: { guildId: string | null; userId: string }): QuotaScope {
  return origin.guildId
    ? { kind: "guild", guildId: origin.guildId }
    : { kind: "dm", userId: origin.userId };
}

export function scopeId(scope: QuotaScope): string {
  return scope.kind === "guild" ? `guild:${scope.guildId}` : `dm:${scope.userId}`;
}

const settingsKey = (guildId: string) => `quota-settings:${guildId}`;
const usageKey = (id: string, windowKey: string) => `quota-usage:${id}:${windowKey}`;
