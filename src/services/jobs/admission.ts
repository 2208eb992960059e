import { randomBytes } from "node:crypto";
import type { GenerationRequest } from "../generation-request.js";
import type { GuildSettingsService } from "../guild-settings/guild-settings.js";
import { BOT_SCOPE, scopeOf } from "../quotas/quota-scope.js";
import type { QuotaService } from "../quotas/quota-service.js";
import type { Exceeded, QuotaSettings } from "../quotas/quota-settings.js";
import type { QuotaSettingsService } from "../quotas/quota-settings-service.js";
import type { ServerKeyProblem } from "../ttapi/server-key-alerts.js";
import type { ServerKeys } from "../ttapi/server-keys.js";
import { type AccessRefusal, type Asker, accessRefusal } from "./access-rules.js";
import type { JobHistory } from "./job-history.js";
import { chargesOf, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { LineState } from "./waiting-jobs.js";

export interface StartGeneration {
  id: string;
  request: GenerationRequest;
  origin: JobRecord["origin"];
  delivery: Omit<JobRecord["delivery"], "messageId" | "uploadLimitBytes"> & {
    /** The interaction's upload limit, when the job starts from one. */
    uploadLimitBytes?: number | null;
  };
}

export type StartResult =
  | { kind: "started"; job: JobRecord }
  | { kind: "over_quota"; exceeded: Exceeded; resetsAt: number }
  /** The operator's budget for all servers is spent until `resetsAt`. */
  | { kind: "budget_spent"; resetsAt: number }
  /** The member already has this many unfinished videos (waiting ones included). */
  | { kind: "too_many_active"; limit: number }
  /** The server's line already holds this many requests. */
  | { kind: "line_full"; limit: number }
  /** The server's rules: where, by whom, and what (see access-rules). */
  | AccessRefusal
  /** The server pays with its own key, which the bot can no longer open: set it again. */
  | { kind: "server_key_unreadable" };

export type Refusal = Exclude<StartResult, { kind: "started" }>;

export interface AdmissionOptions {
  jobs: Pick<JobStore, "countActiveOf" | "countInFlightIn" | "save">;
  quotas: Pick<QuotaService, "reserve" | "release">;
  /** Whether the operator set a budget for all servers (BOT_CREDIT_BUDGET). */
  botBudget: boolean;
  /** Servers that pay with their own TTAPI key: outside the operator's budget. */
  serverKeys?: Pick<ServerKeys, "payer">;
  /** Told when a server's key cannot be opened, so its admins hear of it (once a while). */
  onServerKeyProblem?: (problem: ServerKeyProblem) => void;
  /** The limits, read alongside the server's own rules (both are cached). */
  quotaSettings: Pick<QuotaSettingsService, "settings" | "damaged">;
  /** Where a server allows videos, and what it blocks. */
  guildSettings: Pick<GuildSettingsService, "get" | "damaged">;
  /** Each member's recent jobs, for `/grok-jobs`. */
  history: Pick<JobHistory, "add">;
  line: LineState;
  /** Unfinished jobs one member may have at once; more are refused. */
  maxActivePerUser: number;
  /** Jobs one server may have at TTAPI at once; more wait in the bot's line. */
  maxActivePerGuild: number;
  /** Requests one server may have waiting in the line; more are refused. */
  maxWaitingPerGuild: number;
  /** Jobs get a callback token when TTAPI callbacks are on. */
  callbacks: boolean;
  now: () => number;
}

/**
 * Decides whether a request may start: the server's rules, the member's cap, the line's
 * bound and the quota. Its answer is a saved draft (to submit now, or already `waiting`
 * in the line) or a refusal, with nothing reserved.
 *
 * No lock is held while the store answers: the caps are decided in one synchronous step
 * on this process's counts (a server is served by one process), with requests already
 * being admitted here held in `pending` until the job store or the line counts them; the
 * quota is one atomic store step.
 */
export class Admission {
  private readonly pending = new PendingAdmissions();

  constructor(private readonly options: AdmissionOptions) {}

  async admit(input: StartGeneration): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> {
    const scope = scopeOf(input.origin);
    // One round trip at most, and none once both are cached.
    const { guildId } = input.origin;
    const [refusal, settings, payer] = await Promise.all([
      this.refusedAccess(input.origin, input.request.prompt),
      this.options.quotaSettings.settings(scope),
      guildId && this.options.serverKeys ? this.options.serverKeys.payer(guildId) : "operator",
    ]);
    if (refusal) return refusal;
    if (guildId && this.options.quotaSettings.damaged(guildId)) {
      const exceeded = { limit: "damagedCounter", counter: "settings", repair: "admin" } as const;
      return { kind: "over_quota", exceeded, resetsAt: this.options.now() };
    }
    if (payer === "unreadable") {
      if (guildId) this.options.onServerKeyProblem?.({ guildId, kind: "unreadable" });
      return { kind: "server_key_unreadable" };
    }
    const decision = this.decide(input.origin);
    if (decision.kind !== "admit") return decision;
    const hold = this.pending.hold(input.origin, decision.mustWait);
    try {
      const paidBy = payer === "server" ? "server" : "operator";
      return await this.reserveAndSave(input, settings, paidBy, decision.mustWait, hold);
    } finally {
      hold.release();
    }
  }

  /**
   * The server's rules (channels, roles, blocked words: access-rules) for this asker,
   * before anything is reserved; with a prompt, its blocked words too.
   */
  async refusedAccess(asker: Asker, prompt?: string): Promise<AccessRefusal | undefined> {
    const { guildId } = asker;
    if (guildId === null) return undefined;
    const { guildSettings } = this.options;
    const settings = await guildSettings.get(guildId);
    return accessRefusal({ settings, damaged: guildSettings.damaged(guildId) }, asker, prompt);
  }

  /** The member's cap and the server's line, on counts in memory: nothing is awaited. */
  private decide(
    origin: StartGeneration["origin"],
  ): Refusal | { kind: "admit"; mustWait: boolean } {
    const { jobs, line, maxActivePerUser, maxActivePerGuild, maxWaitingPerGuild } = this.options;
    const { guildId, userId } = origin;
    const { pending } = this;
    if (jobs.countActiveOf(userId) + pending.ofUser(userId) >= maxActivePerUser) {
      return { kind: "too_many_active", limit: maxActivePerUser };
    }
    if (guildId === null) return { kind: "admit", mustWait: line.ttapiFull };
    const waiting = line.waitingIn(guildId) + pending.waitingIn(guildId);
    const inFlight = jobs.countInFlightIn(guildId) + pending.inFlightIn(guildId);
    // Behind others of this server (first come, first served), or no slot free.
    const mustWait = line.ttapiFull || waiting > 0 || inFlight >= maxActivePerGuild;
    if (mustWait && waiting >= maxWaitingPerGuild) {
      return { kind: "line_full", limit: maxWaitingPerGuild };
    }
    return { kind: "admit", mustWait };
  }

  /**
   * Reserves the quota and writes the draft. A request that cannot be submitted now is
   * saved as waiting and joins the line: it keeps its reservation there, so the line can
   * never overrun a limit.
   */
  private async reserveAndSave(
    input: StartGeneration,
    settings: QuotaSettings,
    paidBy: JobRecord["paidBy"],
    mustWait: boolean,
    hold: PendingHold,
  ): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> {
    const { jobs, quotas, line } = this.options;
    const { guildId, userId } = input.origin;
    const videoSeconds = input.request.videoLength;
    // Both reservations at once (one round trip); one that holds while the other is refused
    // is given back.
    const [reservation, budget] = await Promise.all([
      quotas.reserve({
        scope: scopeOf(input.origin),
        userId,
        jobId: input.id,
        videoSeconds,
        settings,
        roleIds: input.origin.roleIds,
      }),
      // A server paying with its own key spends nothing of the operator's budget.
      this.options.botBudget && paidBy === "operator"
        ? quotas.reserve({
            scope: BOT_SCOPE,
            userId: guildId ?? "dm",
            jobId: input.id,
            videoSeconds,
          })
        : undefined,
    ]);
    if (!reservation.ok) {
      if (budget?.ok) await quotas.release(budget.charge, input.id);
      return { kind: "over_quota", exceeded: reservation.exceeded, resetsAt: reservation.resetsAt };
    }
    if (budget && !budget.ok) {
      await Promise.all(chargesOf(reservation).map((charge) => quotas.release(charge, input.id)));
      // The budget's count cannot be trusted: not "spent", and not until its window ends.
      if (budget.exceeded.limit === "damagedCounter") {
        return { kind: "over_quota", exceeded: budget.exceeded, resetsAt: budget.resetsAt };
      }
      return { kind: "budget_spent", resetsAt: budget.resetsAt };
    }
    const createdAt = this.options.now();
    const draft: JobRecord = {
      id: input.id,
      ttapiJobId: null,
      status: mustWait ? "waiting" : "submitting",
      request: input.request,
      origin: input.origin,
      delivery: {
        ...input.delivery,
        uploadLimitBytes: input.delivery.uploadLimitBytes ?? null,
        messageId: null,
      },
      result: null,
      failure: null,
      eta: null,
      waitingFor: "slot",
      waitingPosition: null,
      hookToken: this.options.callbacks ? randomBytes(24).toString("base64url") : null,
      correction: false,
      paidBy,
      serverKeyId: null,
      charge: reservation.charge,
      memberCharge: reservation.memberCharge,
      budgetCharge: budget?.ok ? budget.charge : null,
      unconfirmedSince: null,
      createdAt,
      submittedAt: null,
      updatedAt: createdAt,
      polls: 0,
      pollErrors: 0,
    };
    // From this call on the job store counts the job (see JobStore.save).
    hold.release(mustWait ? "member" : "all");
    // Written before anything is sent, so a crash during the submit is known on restart.
    await Promise.all([jobs.save(draft), this.options.history.add(draft)]);
    if (mustWait) line.join(draft, "server_full");
    return { kind: "admitted", draft };
  }
}

/** One request being admitted, counted until the job store or the line counts it. */
interface PendingHold {
  /** `member`: the member's count only (a waiting job's place is held until it joins). */
  release(what?: "member" | "all"): void;
}

/** Requests this process is admitting: counted with the stored ones by `decide`. */
class PendingAdmissions {
  private readonly users = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, number>();

  ofUser(userId: string): number {
    return this.users.get(userId) ?? 0;
  }

  inFlightIn(guildId: string): number {
    return this.inFlight.get(guildId) ?? 0;
  }

  waitingIn(guildId: string): number {
    return this.waiting.get(guildId) ?? 0;
  }

  hold(origin: { userId: string; guildId: string | null }, waits: boolean): PendingHold {
    const { userId, guildId } = origin;
    const slots = waits ? this.waiting : this.inFlight;
    let member = true;
    let place = guildId !== null;
    bump(this.users, userId, 1);
    if (place) bump(slots, guildId!, 1);
    return {
      release: (what = "all") => {
        if (member) bump(this.users, userId, -1);
        member = false;
        if (what === "member" || !place) return;
        bump(slots, guildId!, -1);
        place = false;
      },
    };
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
