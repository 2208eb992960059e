import type { Keyv } from "keyv";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { KeyedMutex } from "../keyed-mutex.js";
import {
  epochKey,
  type Ledger,
  type MemberUsage,
  memberKey,
  memberUsageSchema,
  openKey,
  openSchema,
  TOP_SIZE,
  topKey,
  topSchema,
  totalKey,
  totalsSchema,
} from "./quota-ledger-keys.js";
import { type QuotaScope, scopeId } from "./quota-scope.js";
import {
  type Exceeded,
  expectedCredits,
  findExceeded,
  type QuotaSettings,
} from "./quota-settings.js";
import type { QuotaSettingsService } from "./quota-settings-service.js";
import { currentWindow, type QuotaWindow } from "./quota-window.js";

/** What a job's reservation points at, kept on the job record to settle or release later. */
export const quotaChargeSchema = z.object({
  scopeId: z.string(),
  windowKey: z.string(),
  expiresAt: z.number(),
  /** The window's reset count when reserved (stores older than epochs have none: 0). */
  epoch: z.number().int().default(0),
});
export type QuotaCharge = z.infer<typeof quotaChargeSchema>;

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

export type ReserveResult =
  | { ok: true; charge: QuotaCharge }
  | { ok: false; exceeded: Exceeded; resetsAt: number };

/** An admin forgot this period's usage of a server, or of one of its members. */
export interface UsageReset {
  guildId: string;
  actorId: string;
  memberId: string | null;
}

export interface QuotaServiceOptions {
  store: Keyv;
  settings: Pick<QuotaSettingsService, "settings">;
  logger: Logger;
  /**
   * Runs before a scope's window is first read or written in this process: where a store
   * written by an older version is converted (see store-migrations).
   */
  beforeWindow?: (scopeId: string, windowKey: string, expiresAt: number) => Promise<void>;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ZERO: UsageTotals = { videos: 0, credits: 0 };

/**
 * The usage ledger: a request reserves one video and the credits expected for its
 * length; SUCCESS settles it with the credits TTAPI charged, anything else releases it.
 * Every read-modify-write of a scope runs through one mutex, so concurrent requests
 * cannot overrun a limit (keyv has no transactions). The limits themselves come from
 * QuotaSettingsService.
 *
 * Usage is kept one key per thing (quota-ledger-keys), so every operation touches a
 * fixed handful of keys however many members a server has. The top-members board is
 * updated as usage grows; after a reservation is given back or a member is reset it may
 * miss a member until their usage changes again.
 */
export class QuotaService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => number;
  private readonly resetListeners: ((reset: UsageReset) => void)[] = [];

  constructor(private readonly options: QuotaServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Told of every usage reset by an admin (the audit log). */
  onReset(listener: (reset: UsageReset) => void): void {
    this.resetListeners.push(listener);
  }

  private settings(scope: QuotaScope): Promise<QuotaSettings> {
    return this.options.settings.settings(scope);
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
    if (scope.kind === "guild") {
      const reset = { guildId: scope.guildId, actorId, memberId: memberId ?? null };
      for (const listener of this.resetListeners) listener(reset);
    }
  }

  private closeJob(
    charge: QuotaCharge,
    jobId: string,
    change: (reserved: number) => UsageTotals,
  ): Promise<void> {
    return this.mutex.run(charge.scopeId, async () => {
      await this.options.beforeWindow?.(charge.scopeId, charge.windowKey, charge.expiresAt);
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

  /** The scope's ledger for a window (converted from an older layout first, if need be). */
  private async ledger(id: string, window: QuotaWindow): Promise<Ledger> {
    const expiresAt = window.end + DAY_MS;
    await this.options.beforeWindow?.(id, window.key, expiresAt);
    const epoch = z
      .number()
      .int()
      .catch(0)
      .parse(await this.options.store.get(epochKey(id, window.key)));
    return { scopeId: id, windowKey: window.key, epoch, expiresAt };
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
