import { z } from "zod";
import type { Logger } from "../../logger.js";
import { type AtomicStep, runStep } from "../atomic-steps.js";
import type { Store } from "../store.js";
import { lineageStep } from "./ledger-loss.js";
import { bumpEpochStep, resetMemberStep } from "./ledger-reset-steps.js";
import { type CloseInput, closeStep, reserveStep } from "./ledger-steps.js";
import type { QuotaCharge } from "./quota-charge.js";
import {
  epochKey,
  type Ledger,
  memberKey,
  memberUsageSchema,
  topKey,
  topSchema,
  totalKey,
  totalsSchema,
} from "./quota-ledger-keys.js";
import { type QuotaScope, repairedBy, scopeId } from "./quota-scope.js";
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
import type { UsageReport, UsageTotals } from "./usage-report.js";

const ZERO: UsageTotals = { videos: 0, credits: 0 };

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
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where members' usage under role limits with a period of their own is counted. */
export const roleScopeId = (scopeId: string) => `${scopeId}:roles`;

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
  /**
   * Each window's epoch as last seen here: only a reset changes it, and a server's resets
   * come through the process that serves it, so a report reads its keys in one round trip.
   */
  private readonly epochs = new Map<string, number>();
  private readonly now: () => number;
  private readonly resetListeners: ((reset: UsageReset) => void)[] = [];
  /** Damaged counters already logged: once each per process, however many are refused. */
  private readonly damageLogged = new Set<string>();
  /** This process wrote (or found) the store's lineage: its absence is a loss (ledger-loss). */
  private lineageExpected = false;

  constructor(private readonly options: QuotaServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Marks the store as this process's from now on: if its data is later lost, the windows
   * then open are refused where limited until reset, not counted again from zero.
   */
  async open(): Promise<void> {
    const { lostAt } = await runStep(this.options.store.atomic, lineageStep, { now: this.now() });
    this.lineageExpected = true;
    if (lostAt !== null) {
      this.options.logger.warn(
        { lostAt: new Date(lostAt).toISOString() },
        "the store lost its data earlier: limited windows open then are refused until an admin runs /grok-quota reset",
      );
    }
  }

  private reportDamage(ledger: { scopeId: string; windowKey: string }, counter: string): void {
    const key = `${ledger.scopeId}:${ledger.windowKey}:${counter}`;
    if (this.damageLogged.has(key)) return;
    this.damageLogged.add(key);
    this.options.onDamaged?.("quota_counter");
    const fix =
      repairedBy(ledger.scopeId) === "admin"
        ? "an admin runs /grok-quota reset"
        : "the operator runs npm run quota:reset";
    this.options.logger.error(
      { scope: ledger.scopeId, window: ledger.windowKey, counter },
      counter === "lost"
        ? `usage counts were lost with the store's data (flushed, or restarted without persistence): requests this window's limits govern are refused until ${fix}`
        : `a usage counter cannot be read (damaged store value): requests it governs are refused until ${fix}`,
    );
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
    const ledger = this.ledgerOf(id, window);
    const outcome = await this.step(reserveStep, ledger, {
      scopeId: ledger.scopeId,
      windowKey: ledger.windowKey,
      ttlMs: this.ttl(ledger),
      userId: input.userId,
      jobId: input.jobId,
      credits: expectedCredits(input.videoSeconds),
      limits,
      windowStart: window.start,
      lineageExpected: this.lineageExpected,
      now: this.now(),
    });
    if (outcome.kind === "damaged") {
      this.reportDamage(ledger, outcome.counter);
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
    this.rememberEpoch(ledger, epoch);
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
    const outcome = await this.step(reserveStep, ledger, {
      scopeId: charge.scopeId,
      windowKey: charge.windowKey,
      ttlMs: this.ttl(ledger),
      userId: input.userId,
      jobId: input.jobId,
      credits: expectedCredits(input.videoSeconds),
      limits: { memberVideos: null, memberCredits: null, guildVideos: null, credits: null },
      windowStart: 0,
      lineageExpected: this.lineageExpected,
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

  async report(
    scope: QuotaScope,
    userId: string,
    roleIds: readonly string[] = [],
  ): Promise<UsageReport> {
    const id = scopeId(scope);
    const settings = await this.settings(scope);
    const now = this.now();
    const window = currentWindow(settings.period, now);
    const memberLimit = memberLimitOf(settings, roleIds);
    const ownPeriod = memberLimit.period === settings.period;
    const memberWindow = ownPeriod ? window : currentWindow(memberLimit.period, now);
    const [ledger, memberLedger] = await Promise.all([
      this.readLedger(id, window),
      ownPeriod ? undefined : this.readLedger(roleScopeId(id), memberWindow),
    ]);
    const { kv } = this.options.store;
    const [total, member, top] = await Promise.all([
      kv.get(totalKey(ledger)),
      kv.get(memberKey(memberLedger ?? ledger, userId)),
      kv.get(topKey(ledger)),
    ]);
    const usage = memberUsageSchema.catch({ ...ZERO, open: [] }).parse(member);
    return {
      settings,
      window,
      scope: totalsSchema.catch(ZERO).parse(total),
      memberLimit,
      memberWindow,
      member: { videos: usage.videos, credits: usage.credits },
      top: topSchema.catch([]).parse(top),
    };
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
      this.ledgerOf(id, currentWindow(settings.period, now)),
      ...[...rolePeriods].map((period) =>
        this.ledgerOf(roleScopeId(id), currentWindow(period, now)),
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
    const window = { scopeId: id, windowKey, ttlMs: this.ttl(ledger) };
    const { atomic } = this.options.store;
    if (memberId) await runStep(atomic, resetMemberStep, { ...window, memberId });
    else {
      await runStep(atomic, bumpEpochStep, { ...window, now: this.now() });
      this.epochs.delete(epochKey(id, windowKey));
    }
  }

  private async close(charge: QuotaCharge, jobId: string, outcome: CloseInput["outcome"]) {
    const ledger: Ledger = charge;
    await this.step(closeStep, ledger, { ledger, jobId, ttlMs: this.ttl(ledger), outcome });
  }

  /** Runs a step; a window found in an older layout is converted and the step run again. */
  private async step<Input, Output extends { kind: string }>(
    step: AtomicStep<Input, Output>,
    ledger: Ledger,
    input: Input,
  ): Promise<Output> {
    const { atomic } = this.options.store;
    const first = await runStep(atomic, step, input);
    if (first.kind !== "legacy" || !this.options.beforeWindow) return first;
    await this.options.beforeWindow(ledger.scopeId, ledger.windowKey, ledger.expiresAt);
    return runStep(atomic, step, input);
  }

  /** A window's ledger, its epoch not yet known (the steps read it). */
  private ledgerOf(id: string, window: QuotaWindow): Ledger {
    return { scopeId: id, windowKey: window.key, epoch: 0, expiresAt: window.end + DAY_MS };
  }

  /** The scope's ledger for a window as it stands (converted from an older layout first). */
  private async readLedger(id: string, window: QuotaWindow): Promise<Ledger> {
    const ledger = this.ledgerOf(id, window);
    await this.options.beforeWindow?.(id, window.key, ledger.expiresAt);
    const key = epochKey(id, window.key);
    const epoch =
      this.epochs.get(key) ??
      z
        .number()
        .int()
        .catch(0)
        .parse(await this.options.store.kv.get(key));
    this.rememberEpoch(ledger, epoch);
    return { ...ledger, epoch };
  }

  private rememberEpoch(ledger: Ledger, epoch: number): void {
    // Windows come and go: bound what is kept.
    if (this.epochs.size > 10_000) this.epochs.clear();
    this.epochs.set(epochKey(ledger.scopeId, ledger.windowKey), epoch);
  }

  /** Usage expires a day after its window ends, so the store does not grow. */
  private ttl(ledger: Ledger): number {
    return Math.max(1, ledger.expiresAt - this.now());
  }
}
