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
  /** The window's reset count when reserved (stores older than epochs have none: 0). */
  epoch: z.number().int().default(0),
});
export type QuotaCharge = z.infer<typeof quotaChargeSchema>;

const totalsSchema = z.object({ videos: z.number(), credits: z.number() });
/** One member's usage in one window: open reservations included, and which jobs they are. */
const memberUsageSchema = totalsSchema.extend({ open: z.array(z.string()).default([]) });
type MemberUsage = z.infer<typeof memberUsageSchema>;
const openSchema = z.object({ userId: z.string(), credits: z.number() });
const TOP_SIZE = 5;
const topSchema = z.array(totalsSchema.extend({ userId: z.string() })).max(TOP_SIZE);

/** The layout before one key per member: one blob of every member and open job per window. */
const legacyUsageSchema = z.object({
  members: z.record(z.string(), totalsSchema),
  open: z.record(z.string(), openSchema),
});

export interface UsageTotals {
  videos: number;
  credits: number;
}

export interface UsageReport {
  settings: QuotaSettings;
  window: QuotaWindow;
  scope: UsageTotals;
  member: UsageTotals;
  /** The members who used most, by credits (kept as usage grows; see `QuotaService`). */
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
const ZERO: UsageTotals = { videos: 0, credits: 0 };

/** Where one scope's usage in one window lives (the epoch changes on a full reset). */
interface Ledger {
  scopeId: string;
  windowKey: string;
  epoch: number;
  /** When the window's keys expire: a day after it ends. */
  expiresAt: number;
}

/**
 * Per-guild limits and usage. A request reserves one video and the credits expected for
 * its length; SUCCESS settles it with the credits TTAPI charged, anything else releases
 * it. Every read-modify-write of a scope runs through one mutex, so concurrent requests
 * cannot overrun a limit (keyv has no transactions).
 *
 * Usage is kept one key per thing, so every operation touches a fixed handful of keys
 * however many members a server has: per scope and window a totals key, one key per
 * member, one per open reservation, a short top-members board, and an epoch that a
 * server-wide reset bumps (the old keys simply expire). The board is updated as usage
 * grows; after a reservation is given back or a member is reset it may miss a member
 * until their usage changes again.
 */
export class QuotaService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => number;
  /** Windows already checked for the old one-blob layout, so each is checked once. */
  private readonly migrated = new Set<string>();

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
      const ledger = await this.ledger(id, window);
      const [total, member] = await Promise.all([
        this.readTotal(ledger),
        this.readMember(ledger, input.userId),
      ]);
      const credits = expectedCredits(input.videoSeconds);
      const exceeded = findExceeded(settings, total, member, input.videoSeconds, credits);
      if (exceeded) return { ok: false, exceeded, resetsAt: window.end };
      await this.write(ledger, openKey(ledger, input.jobId), { userId: input.userId, credits });
      await this.count(ledger, input.userId, member, total, {
        videos: 1,
        credits,
        open: [...member.open, input.jobId],
      });
      return { ok: true, charge: ledger };
    });
  }

  /** Counts the job for good, with the credits TTAPI reported (when it did). */
  settle(charge: QuotaCharge, jobId: string, credits: number | null): Promise<void> {
    return this.closeJob(charge, jobId, (reserved) => ({
      videos: 0,
      credits: (credits ?? reserved) - reserved,
    }));
  }

  /** Gives a reservation back: the job failed, was refused, or was given up. */
  release(charge: QuotaCharge, jobId: string): Promise<void> {
    return this.closeJob(charge, jobId, (reserved) => ({ videos: -1, credits: -reserved }));
  }

  async report(scope: QuotaScope, userId: string): Promise<UsageReport> {
    const id = scopeId(scope);
    const settings = await this.settings(scope);
    const window = currentWindow(settings.period, this.now());
    const ledger = await this.mutex.run(id, () => this.ledger(id, window));
    const [total, member, top] = await Promise.all([
      this.readTotal(ledger),
      this.readMember(ledger, userId),
      this.readTop(ledger),
    ]);
    return {
      settings,
      window,
      scope: total,
      member: { videos: member.videos, credits: member.credits },
      top,
    };
  }

  /** Forgets this period's usage of the whole guild, or of one member. */
  async reset(scope: QuotaScope, actorId: string, memberId?: string): Promise<void> {
    const id = scopeId(scope);
    await this.mutex.run(id, async () => {
      const settings = await this.settings(scope);
      const window = currentWindow(settings.period, this.now());
      const ledger = await this.ledger(id, window);
      if (memberId) {
        const member = await this.readMember(ledger, memberId);
        const total = await this.readTotal(ledger);
        const { store } = this.options;
        await Promise.all(member.open.map((jobId) => store.delete(openKey(ledger, jobId))));
        await store.delete(memberKey(ledger, memberId));
        await this.write(ledger, totalKey(ledger), {
          videos: total.videos - member.videos,
          credits: total.credits - member.credits,
        });
        const top = await this.readTop(ledger);
        await this.write(
          ledger,
          topKey(ledger),
          top.filter((entry) => entry.userId !== memberId),
        );
      } else {
        // A new epoch: the old keys are no longer read and expire with the window.
        await this.write(ledger, epochKey(id, window.key), ledger.epoch + 1);
      }
      this.options.logger.info({ scope: id, actorId, memberId }, "quota usage reset");
    });
  }

  private closeJob(
    charge: QuotaCharge,
    jobId: string,
    change: (reserved: number) => UsageTotals,
  ): Promise<void> {
    return this.mutex.run(charge.scopeId, async () => {
      await this.migrateLegacy(charge.scopeId, charge.windowKey, charge.expiresAt);
      const ledger: Ledger = charge;
      const open = openSchema.safeParse(await this.options.store.get(openKey(ledger, jobId)));
      // Already settled or released (or reset): closing twice changes nothing.
      if (!open.success) return;
      await this.options.store.delete(openKey(ledger, jobId));
      const { userId, credits } = open.data;
      const [total, member] = await Promise.all([
        this.readTotal(ledger),
        this.readMember(ledger, userId),
      ]);
      await this.count(ledger, userId, member, total, {
        ...change(credits),
        open: member.open.filter((id) => id !== jobId),
      });
    });
  }

  /** Adds `delta` to a member's and the scope's totals, and keeps the board current. */
  private async count(
    ledger: Ledger,
    userId: string,
    member: MemberUsage,
    total: UsageTotals,
    delta: UsageTotals & { open: string[] },
  ): Promise<void> {
    const updated: MemberUsage = {
      videos: member.videos + delta.videos,
      credits: member.credits + delta.credits,
      open: delta.open,
    };
    await this.write(ledger, memberKey(ledger, userId), updated);
    await this.write(ledger, totalKey(ledger), {
      videos: total.videos + delta.videos,
      credits: total.credits + delta.credits,
    });
    const top = (await this.readTop(ledger)).filter((entry) => entry.userId !== userId);
    top.push({ userId, videos: updated.videos, credits: updated.credits });
    top.sort((a, b) => b.credits - a.credits || b.videos - a.videos);
    await this.write(
      ledger,
      topKey(ledger),
      top.filter((entry) => entry.videos > 0).slice(0, TOP_SIZE),
    );
  }

  /** The scope's ledger for a window, converting an old one-blob window first. */
  private async ledger(id: string, window: QuotaWindow): Promise<Ledger> {
    const expiresAt = window.end + DAY_MS;
    await this.migrateLegacy(id, window.key, expiresAt);
    const epoch = z
      .number()
      .int()
      .catch(0)
      .parse(await this.options.store.get(epochKey(id, window.key)));
    return { scopeId: id, windowKey: window.key, epoch, expiresAt };
  }

  /**
   * Stores written before one key per member kept one blob per scope and window. Its
   * members and open reservations get their keys, then the blob goes (once per window).
   */
  private async migrateLegacy(id: string, windowKey: string, expiresAt: number): Promise<void> {
    const name = legacyUsageKey(id, windowKey);
    if (this.migrated.has(name)) return;
    const { store } = this.options;
    const legacy = legacyUsageSchema.safeParse(await store.get(name));
    if (legacy.success) {
      const ledger: Ledger = { scopeId: id, windowKey, epoch: 0, expiresAt };
      const members = new Map<string, MemberUsage>(
        Object.entries(legacy.data.members).map(([userId, t]) => [userId, { ...t, open: [] }]),
      );
      for (const [jobId, entry] of Object.entries(legacy.data.open)) {
        const member = members.get(entry.userId) ?? { videos: 0, credits: 0, open: [] };
        members.set(entry.userId, {
          videos: member.videos + 1,
          credits: member.credits + entry.credits,
          open: [...member.open, jobId],
        });
        await this.write(ledger, openKey(ledger, jobId), entry);
      }
      for (const [userId, member] of members) {
        await this.write(ledger, memberKey(ledger, userId), member);
      }
      const all = [...members].map(([userId, m]) => ({
        userId,
        videos: m.videos,
        credits: m.credits,
      }));
      await this.write(ledger, totalKey(ledger), {
        videos: all.reduce((sum, m) => sum + m.videos, 0),
        credits: all.reduce((sum, m) => sum + m.credits, 0),
      });
      all.sort((a, b) => b.credits - a.credits || b.videos - a.videos);
      await this.write(ledger, topKey(ledger), all.slice(0, TOP_SIZE));
      await store.delete(name);
    }
    // The set only spares reads; bound it (windows come and go).
    if (this.migrated.size > 10_000) this.migrated.clear();
    this.migrated.add(name);
  }

  private async readTotal(ledger: Ledger): Promise<UsageTotals> {
    return totalsSchema.catch(ZERO).parse(await this.options.store.get(totalKey(ledger)));
  }

  private async readMember(ledger: Ledger, userId: string): Promise<MemberUsage> {
    return memberUsageSchema
      .catch({ ...ZERO, open: [] })
      .parse(await this.options.store.get(memberKey(ledger, userId)));
  }

  private async readTop(ledger: Ledger) {
    return topSchema.catch([]).parse(await this.options.store.get(topKey(ledger)));
  }

  /** Usage expires a day after its window ends, so the store does not grow. */
  private async write(ledger: Ledger, key: string, value: unknown): Promise<void> {
    await this.options.store.set(key, value, Math.max(1, ledger.expiresAt - this.now()));
  }
}

function findExceeded(
  settings: QuotaSettings,
  all: UsageTotals,
  mine: UsageTotals,
  videoSeconds: number,
  credits: number,
): Exceeded | undefined {
  if (settings.maxVideoSeconds !== null && videoSeconds > settings.maxVideoSeconds) {
    return { limit: "maxVideoSeconds", allowed: settings.maxVideoSeconds, requested: videoSeconds };
  }
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
const legacyUsageKey = (id: string, windowKey: string) => `quota-usage:${id}:${windowKey}`;
const epochKey = (id: string, windowKey: string) => `quota:${id}:${windowKey}:epoch`;
const ledgerKey = (ledger: Ledger, rest: string) =>
  `quota:${ledger.scopeId}:${ledger.windowKey}:${ledger.epoch}:${rest}`;
const totalKey = (ledger: Ledger) => ledgerKey(ledger, "total");
const topKey = (ledger: Ledger) => ledgerKey(ledger, "top");
const memberKey = (ledger: Ledger, userId: string) => ledgerKey(ledger, `member:${userId}`);
const openKey = (ledger: Ledger, jobId: string) => ledgerKey(ledger, `open:${jobId}`);
