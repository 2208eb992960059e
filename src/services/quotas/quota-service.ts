import type { Logger } from "../../logger.js";
import { runStep } from "../atomic-steps.js";
import type { Fence } from "../fence.js";
import type { Store } from "../store.js";
import { LedgerDamage } from "./ledger-damage.js";
import { bumpEpochStep, resetMemberStep } from "./ledger-reset-steps.js";
import { type CloseInput, closeStep, reserveStep } from "./ledger-steps.js";
import { LedgerWindows } from "./ledger-windows.js";
import type { QuotaCharge } from "./quota-charge.js";
import type { Ledger } from "./quota-ledger-keys.js";
import { type QuotaScope, repairedBy, roleScopeId, scopeId } from "./quota-scope.js";
import {
  type CountedLimits,
  type Exceeded,
  expectedCredits,
  type MemberLimit,
  memberLimitOf,
  type QuotaSettings,
} from "./quota-settings.js";
import type { QuotaSettingsService } from "./quota-settings-service.js";
import { currentWindow, type QuotaWindow } from "./quota-window.js";
import { readUsageReport, type UsageReport } from "./usage-report.js";

type Refused = { ok: false; exceeded: Exceeded; resetsAt: number };

export type ReserveResult =
  | {
      ok: true;
      charge: QuotaCharge;
      /** On the member's role limit, when it counts in a period other than the server's. */
      memberCharge: QuotaCharge | null;
    }
  | Refused;

type WindowReservation = { ok: true; charge: QuotaCharge } | Refused;

/** An admin forgot this period's usage of a server, or of one of its members. */
export interface UsageReset {
  guildId: string;
  actorId: string;
  memberId: string | null;
}

export interface QuotaServiceOptions {
  store: Pick<Store, "kv" | "atomic">;
  settings: Pick<QuotaSettingsService, "settings">;
  logger: Logger;
  /**
   * Converts a scope's window written by an older version (see store-migrations): before
   * a report or a reset, and when a step finds the old layout.
   */
  beforeWindow?: (scopeId: string, windowKey: string, expiresAt: number) => Promise<void>;
  now?: () => number;
  /** Told once per damaged counter met (metrics, /healthz). */
  onDamaged?: (what: "quota_counter") => void;
  /** This process's claim on its shards: reservations and their ends are made under it. */
  fence?: () => Fence | undefined;
}

/**
 * The usage ledger: a request reserves one video and the credits expected for its
 * length; SUCCESS settles it with the credits TTAPI charged, anything else releases it.
 * Each change is one atomic store step (ledger-steps) that checks and counts together,
 * so concurrent requests, in this process or another on the same store, cannot overrun
 * a limit or lose a count. The limits themselves come from QuotaSettingsService.
 *
 * Usage is kept one key per thing (quota-ledger-keys), so every operation touches a
 * fixed handful of keys however many members a server has. The top-members board is
 * updated as usage grows; after a reservation is given back or a member is reset it may
 * miss a member until their usage changes again.
 */
export class QuotaService {
  private readonly now: () => number;
  private readonly resetListeners: ((reset: UsageReset) => void)[] = [];
  private readonly damage: LedgerDamage;
  private readonly windows: LedgerWindows;

  constructor(private readonly options: QuotaServiceOptions) {
    this.now = options.now ?? Date.now;
    this.damage = new LedgerDamage({ ...options, atomic: options.store.atomic });
    this.windows = new LedgerWindows({ ...options, now: this.now });
  }

  /** See LedgerDamage.open: before the first reservation. */
  open(): Promise<void> {
    return this.damage.open(this.now());
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
    /** The scope's limits, when the caller has read them already. */
    settings?: QuotaSettings;
    /** The member's roles, for limits set per role (`/grok-quota role`). */
    roleIds?: readonly string[];
  }): Promise<ReserveResult> {
    const settings = input.settings ?? (await this.settings(input.scope));
    const now = this.now();
    const window = currentWindow(settings.period, now);
    // Only the counted limits need the ledger; the length is known here.
    if (settings.maxVideoSeconds !== null && input.videoSeconds > settings.maxVideoSeconds) {
      const { maxVideoSeconds: allowed } = settings;
      const exceeded = {
        limit: "maxVideoSeconds",
        allowed,
        requested: input.videoSeconds,
      } as const;
      return { ok: false, exceeded, resetsAt: window.end };
    }
    const member = memberLimitOf(settings, input.roleIds ?? []);
    // A role counting in its own period has a ledger of its own, reserved alongside.
    const ownPeriod = member.period === settings.period;
    const id = scopeId(input.scope);
    const [main, role] = await Promise.all([
      this.reserveIn(id, window, input, member, {
        guildVideos: settings.guildVideos,
        credits: settings.credits,
        memberVideos: ownPeriod ? member.videos : null,
        memberCredits: ownPeriod ? member.credits : null,
      }),
      ownPeriod
        ? undefined
        : this.reserveIn(roleScopeId(id), currentWindow(member.period, now), input, member, {
            guildVideos: null,
            credits: null,
            memberVideos: member.videos,
            memberCredits: member.credits,
          }),
    ]);
    if (main.ok && (!role || role.ok)) {
      return { ok: true, charge: main.charge, memberCharge: role?.charge ?? null };
    }
    // The one that held is given back.
    if (main.ok) await this.release(main.charge, input.jobId);
    if (role?.ok) await this.release(role.charge, input.jobId);
    return [main, role].find((refused): refused is Refused => refused?.ok === false)!;
  }

  private async reserveIn(
    id: string,
    window: QuotaWindow,
    input: { userId: string; jobId: string; videoSeconds: number },
    member: MemberLimit,
    limits: CountedLimits,
  ): Promise<WindowReservation> {
    const ledger = this.windows.ledgerOf(id, window);
    const outcome = await this.windows.step(reserveStep, ledger, {
      scopeId: ledger.scopeId,
      windowKey: ledger.windowKey,
      ttlMs: this.windows.ttl(ledger),
      userId: input.userId,
      jobId: input.jobId,
      credits: expectedCredits(input.videoSeconds),
      limits,
      windowStart: window.start,
      lineageExpected: this.damage.lineageExpected,
      now: this.now(),
    });
    if (outcome.kind === "damaged") {
      this.damage.report(ledger, outcome.counter);
      return {
        ok: false,
        exceeded: {
          limit: "damagedCounter",
          counter: outcome.counter,
          repair: repairedBy(ledger.scopeId),
        },
        resetsAt: window.end,
      };
    }
    if (outcome.kind === "exceeded") {
      const byRole =
        member.roleId !== null &&
        (outcome.limit === "memberVideos" || outcome.limit === "memberCredits");
      const exceeded: Exceeded = {
        limit: outcome.limit,
        allowed: limits[outcome.limit]!,
        used: outcome.used,
        ...(byRole ? { roleId: member.roleId! } : {}),
      };
      return { ok: false, exceeded, resetsAt: window.end };
    }
    const epoch = outcome.kind === "reserved" ? outcome.epoch : 0;
    this.windows.rememberEpoch(ledger, epoch);
    return { ok: true, charge: { ...ledger, epoch } };
  }

  /**
   * Counts a job again in the window it was charged in, whatever the limits say: TTAPI made
   * (and charged) a job the bot had given back (a callback after the unconfirmed wait).
   * The new reservation is settled like any other when the job ends.
   */
  async recordAgain(
    charge: QuotaCharge,
    input: { userId: string; jobId: string; videoSeconds: number },
  ): Promise<QuotaCharge> {
    const ledger = { ...charge, epoch: 0 };
    const outcome = await this.windows.step(reserveStep, ledger, {
      scopeId: charge.scopeId,
      windowKey: charge.windowKey,
      ttlMs: this.windows.ttl(ledger),
      userId: input.userId,
      jobId: input.jobId,
      credits: expectedCredits(input.videoSeconds),
      limits: { memberVideos: null, memberCredits: null, guildVideos: null, credits: null },
      windowStart: 0,
      lineageExpected: this.damage.lineageExpected,
      now: this.now(),
    });
    return { ...charge, epoch: outcome.kind === "reserved" ? outcome.epoch : charge.epoch };
  }

  /** Counts the job for good, with the credits TTAPI reported (when it did). */
  async settle(charge: QuotaCharge, jobId: string, credits: number | null): Promise<void> {
    await this.close(charge, jobId, { kind: "settle", credits });
  }

  /** Gives a reservation back: the job failed, was refused, or was given up. */
  async release(charge: QuotaCharge, jobId: string): Promise<void> {
    await this.close(charge, jobId, { kind: "release" });
  }

  /** The scope's usage and the member's in their current windows (`/grok-usage`, footers). */
  async report(
    scope: QuotaScope,
    userId: string,
    roleIds: readonly string[] = [],
  ): Promise<UsageReport> {
    const settings = await this.settings(scope);
    return readUsageReport(this.options.store, this.windows, {
      scopeId: scopeId(scope),
      settings,
      userId,
      roleIds,
      now: this.now(),
    });
  }

  /** Forgets this period's usage of the whole guild, or of one member. */
  async reset(scope: QuotaScope, actorId: string, memberId?: string): Promise<void> {
    const id = scopeId(scope);
    const settings = await this.settings(scope);
    const now = this.now();
    // The role limits' own periods have ledgers of their own, reset alike.
    const rolePeriods = new Set(
      Object.values(settings.roles).flatMap(({ period }) =>
        period && period !== settings.period ? [period] : [],
      ),
    );
    const ledgers = [
      this.windows.ledgerOf(id, currentWindow(settings.period, now)),
      ...[...rolePeriods].map((period) =>
        this.windows.ledgerOf(roleScopeId(id), currentWindow(period, now)),
      ),
    ];
    await Promise.all(ledgers.map((ledger) => this.resetLedger(ledger, memberId)));
    this.options.logger.info({ scope: id, actorId, memberId }, "quota usage reset");
    if (scope.kind === "guild") {
      const reset = { guildId: scope.guildId, actorId, memberId: memberId ?? null };
      for (const listener of this.resetListeners) listener(reset);
    }
  }

  private async resetLedger(ledger: Ledger, memberId: string | undefined): Promise<void> {
    const { scopeId: id, windowKey } = ledger;
    await this.options.beforeWindow?.(id, windowKey, ledger.expiresAt);
    const window = { scopeId: id, windowKey, ttlMs: this.windows.ttl(ledger) };
    const { atomic } = this.options.store;
    if (memberId) await runStep(atomic, resetMemberStep, { ...window, memberId });
    else {
      await runStep(atomic, bumpEpochStep, { ...window, now: this.now() });
      this.windows.forgetEpoch(id, windowKey);
    }
  }

  private async close(charge: QuotaCharge, jobId: string, outcome: CloseInput["outcome"]) {
    const ledger: Ledger = charge;
    await this.windows.step(closeStep, ledger, {
      ledger,
      jobId,
      ttlMs: this.windows.ttl(ledger),
      outcome,
    });
  }
}
