import { z } from "zod";
import { isTerminal } from "./jobs/job-record.js";
import type { JobStore } from "./jobs/job-store.js";
import {
  type Ledger,
  legacyUsageKey,
  type MemberUsage,
  memberKey,
  openKey,
  openSchema,
  TOP_SIZE,
  topKey,
  totalKey,
  totalsSchema,
} from "./quotas/quota-ledger-keys.js";
import type { KeySpace, Store } from "./store.js";

/**
 * Converts stores written by older versions to today's layout, on first use and once.
 * Everything that knows an old layout lives here, so the day no old store is left this
 * module goes as a unit (with the two lines in job-core.ts that call it).
 */
export class StoreMigrations {
  /** Windows already checked for the old one-blob usage layout, so each is checked once. */
  private readonly migratedWindows = new Set<string>();

  constructor(
    private readonly store: Pick<Store, "kv" | "activeJobs">,
    /** The clock the converted usage keys' lifetimes count from (the ledger's own). */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores written before one key per unfinished job kept one blob per process. Its jobs
   * get their keys, then the blob goes; a crash in between only repeats the copy. Runs
   * before the process reads its unfinished jobs.
   */
  async migrateJobIndex(partition: string, jobs: Pick<JobStore, "getMany">): Promise<void> {
    const key = `jobs:active:${partition}`;
    const legacy = legacyIndexSchema.safeParse(await this.store.kv.get(key));
    if (!legacy.success) return;
    const active = this.store.activeJobs(partition);
    for (const job of await jobs.getMany(Object.keys(legacy.data))) {
      if (isTerminal(job)) continue;
      await active.set(job.id, {
        userId: job.origin.userId,
        guildId: job.origin.guildId,
        waiting: job.status === "waiting",
        delivering: false,
        createdAt: job.createdAt,
      });
    }
    await this.store.kv.delete(key);
  }

  /**
   * Stores written before one key per member kept one usage blob per scope and window.
   * Its members and open reservations get their keys, then the blob goes (once per window).
   */
  readonly migrateUsageWindow = async (
    scopeId: string,
    windowKey: string,
    expiresAt: number,
  ): Promise<void> => {
    const name = legacyUsageKey(scopeId, windowKey);
    if (this.migratedWindows.has(name)) return;
    const kv = this.store.kv;
    const legacy = legacyUsageSchema.safeParse(await kv.get(name));
    if (legacy.success) {
      await this.convertUsage(kv, legacy.data, { scopeId, windowKey, epoch: 0, expiresAt });
      await kv.delete(name);
    }
    // The set only spares reads; bound it (windows come and go).
    if (this.migratedWindows.size > 10_000) this.migratedWindows.clear();
    this.migratedWindows.add(name);
  };

  private async convertUsage(kv: KeySpace, legacy: LegacyUsage, ledger: Ledger): Promise<void> {
    const ttl = Math.max(1, ledger.expiresAt - this.now());
    const members = new Map<string, MemberUsage>(
      Object.entries(legacy.members).map(([userId, t]) => [userId, { ...t, open: [] }]),
    );
    for (const [jobId, entry] of Object.entries(legacy.open)) {
      const member = members.get(entry.userId) ?? { videos: 0, credits: 0, open: [] };
      members.set(entry.userId, {
        videos: member.videos + 1,
        credits: member.credits + entry.credits,
        open: [...member.open, jobId],
      });
      await kv.set(openKey(ledger, jobId), entry, ttl);
    }
    for (const [userId, member] of members) await kv.set(memberKey(ledger, userId), member, ttl);
    const all = [...members].map(([userId, m]) => ({
      userId,
      videos: m.videos,
      credits: m.credits,
    }));
    const total = {
      videos: all.reduce((sum, m) => sum + m.videos, 0),
      credits: all.reduce((sum, m) => sum + m.credits, 0),
    };
    await kv.set(totalKey(ledger), total, ttl);
    all.sort((a, b) => b.credits - a.credits || b.videos - a.videos);
    await kv.set(topKey(ledger), all.slice(0, TOP_SIZE), ttl);
  }
}

/** One blob of all unfinished jobs per process. */
const legacyIndexSchema = z.record(
  z.string(),
  z.object({ userId: z.string(), guildId: z.string().nullable() }),
);

/** One blob of every member and open job per scope and window. */
const legacyUsageSchema = z.object({
  members: z.record(z.string(), totalsSchema),
  open: z.record(z.string(), openSchema),
});
type LegacyUsage = z.infer<typeof legacyUsageSchema>;
