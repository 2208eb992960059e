import { randomBytes } from "node:crypto";
import type { GenerationRequest } from "../generation-request.js";
import { findBlocked } from "../guild-settings/blocked-words.js";
import type { GuildSettingsService } from "../guild-settings/guild-settings.js";
import { KeyedMutex } from "../keyed-mutex.js";
import { scopeId, scopeOf } from "../quotas/quota-scope.js";
import type { QuotaService } from "../quotas/quota-service.js";
import type { Exceeded } from "../quotas/quota-settings.js";
import type { JobHistory } from "./job-history.js";
import type { JobRecord } from "./job-record.js";
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
  /** The member already has this many unfinished videos (waiting ones included). */
  | { kind: "too_many_active"; limit: number }
  /** The server's line already holds this many requests. */
  | { kind: "line_full"; limit: number }
  /** The server allows videos only in these channels. */
  | { kind: "channel_not_allowed"; channels: string[] }
  /** The prompt contains something the server blocked (which is not said back). */
  | { kind: "blocked_prompt" };

export type Refusal = Exclude<StartResult, { kind: "started" }>;

export interface AdmissionOptions {
  jobs: Pick<JobStore, "countActiveOf" | "countInFlightIn" | "save">;
  quotas: Pick<QuotaService, "reserve">;
  /** Where a server allows videos, and what it blocks. */
  guildSettings: Pick<GuildSettingsService, "get">;
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
 * bound and the quota. Its answer is a saved draft (to submit now, or `waiting` for the
 * line) or a refusal, with nothing reserved.
 */
export class Admission {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly options: AdmissionOptions) {}

  async admit(input: StartGeneration): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> {
    return (await this.refusedByServer(input)) ?? this.admitInScope(input);
  }

  /** The server's own rules (channels, blocked words), before anything is reserved. */
  private async refusedByServer(input: StartGeneration): Promise<Refusal | undefined> {
    const { guildId, channelId } = input.origin;
    if (guildId === null) return undefined;
    const settings = await this.options.guildSettings.get(guildId);
    if (settings.channels.length > 0 && !settings.channels.includes(channelId)) {
      return { kind: "channel_not_allowed", channels: settings.channels };
    }
    if (findBlocked(input.request.prompt, settings.blockedWords) !== undefined) {
      return { kind: "blocked_prompt" };
    }
    return undefined;
  }

  /**
   * Checks the member's cap and the quota and writes the draft, atomically per guild (or
   * DM user). A request that cannot be submitted now is saved as waiting: it keeps its
   * reservation in line, so the line can never overrun a limit.
   */
  private admitInScope(
    input: StartGeneration,
  ): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> {
    const { jobs, quotas, line, maxActivePerUser, maxActivePerGuild, maxWaitingPerGuild } =
      this.options;
    const { guildId, userId } = input.origin;
    const scope = scopeOf(input.origin);
    return this.mutex.run(
      scopeId(scope),
      async (): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> => {
        if (jobs.countActiveOf(userId) >= maxActivePerUser) {
          return { kind: "too_many_active", limit: maxActivePerUser };
        }
        // Behind others of this server (first come, first served), or no slot free.
        const mustWait =
          line.ttapiFull ||
          (guildId !== null &&
            (line.waitingIn(guildId) > 0 || jobs.countInFlightIn(guildId) >= maxActivePerGuild));
        if (mustWait && guildId !== null && line.waitingIn(guildId) >= maxWaitingPerGuild) {
          return { kind: "line_full", limit: maxWaitingPerGuild };
        }
        const reservation = await quotas.reserve({
          scope,
          userId,
          jobId: input.id,
          videoSeconds: input.request.videoLength,
        });
        if (!reservation.ok) {
          return {
            kind: "over_quota",
            exceeded: reservation.exceeded,
            resetsAt: reservation.resetsAt,
          };
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
          waitingPosition: null,
          hookToken: this.options.callbacks ? randomBytes(24).toString("base64url") : null,
          charge: reservation.charge,
          unconfirmedSince: null,
          createdAt,
          submittedAt: null,
          updatedAt: createdAt,
          polls: 0,
          pollErrors: 0,
        };
        // Written before anything is sent, so a crash during the submit is known on restart.
        await jobs.save(draft);
        await this.options.history.add(draft);
        return { kind: "admitted", draft };
      },
    );
  }
}
