import { z } from "zod";
import { runStep } from "../atomic-steps.js";
import { recentListStep } from "../recent-list-step.js";
import type { Store } from "../store.js";
import type { JobRecord } from "./job-record.js";

/** Job ids kept per member per server: enough for a list of 10 and autocomplete's 25. */
const KEPT = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

const idsSchema = z.array(z.string()).catch([]);

const keyOf = (guildId: string | null, userId: string) =>
  `job-history:${guildId ?? "dm"}:${userId}`;

/**
 * Each member's recent jobs in each server (or in DMs), newest first: one bounded key per
 * member and server, written once per job in one atomic step, so `/grok-jobs` never scans
 * and two jobs started at once both appear. Ids whose records have expired are simply not
 * found.
 */
export class JobHistory {
  constructor(
    private readonly store: Pick<Store, "kv" | "atomic">,
    private readonly retentionDays: number,
  ) {}

  async add(job: Pick<JobRecord, "id" | "origin">): Promise<void> {
    await runStep(this.store.atomic, recentListStep, {
      key: keyOf(job.origin.guildId, job.origin.userId),
      item: job.id,
      keep: KEPT,
      order: "newest-first",
      ttlMs: Math.round(this.retentionDays * DAY_MS),
    });
  }

  /** The member's job ids in that server (null: DMs), newest first. */
  async list(guildId: string | null, userId: string): Promise<string[]> {
    return idsSchema.parse(await this.store.kv.get(keyOf(guildId, userId)));
  }
}
