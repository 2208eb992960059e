import { z } from "zod";
import type { DamagedRecords } from "../damaged-records.js";
import { quotaChargeSchema } from "../quotas/quota-charge.js";
import type { KeySpace, Store } from "../store.js";
import { awaitsVideo, isTerminal, type JobRecord, jobRecordSchema } from "./job-record.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the store keeps per unfinished job: enough to count it and to resume in order,
 * and, should its record be unreadable, to tell its member and give its quota back.
 */
const activeEntrySchema = z.object({
  userId: z.string(),
  guildId: z.string().nullable(),
  channelId: z.string().nullable().default(null),
  /** The message that shows the job, once there is one. */
  messageId: z.string().nullable().default(null),
  locale: z.string().nullable().default(null),
  charge: quotaChargeSchema.nullable().default(null),
  memberCharge: quotaChargeSchema.nullable().default(null),
  budgetCharge: quotaChargeSchema.nullable().default(null),
  /** In the bot's own line: not holding one of the server's slots at TTAPI. */
  waiting: z.boolean(),
  /** Made, its video still to be attached: holds no slot, counts for no cap. */
  delivering: z.boolean().default(false),
  createdAt: z.number(),
});
export type ActiveEntry = z.infer<typeof activeEntrySchema>;

/** An unfinished job as `load` finds it, before its record is read. */
export interface UnfinishedJob {
  id: string;
  entry: ActiveEntry;
}

/**
 * Job records in keyv: one key per job, a message-id → job-id link for reactions, and one
 * key per unfinished job in this process's partition, so a restarted process iterates
 * exactly its own unfinished jobs. Every change writes a constant number of keys, however
 * many jobs are in flight.
 *
 * This process owns its partition (each shard keeps its own), so after `load` the
 * in-memory copy is authoritative: counting jobs per member or server reads no store.
 */
export class JobStore {
  /** Opened on first use: a process that only reads records (a shard manager) needs none. */
  private activeKeys: KeySpace | undefined;
  private readonly entries = new Map<string, ActiveEntry>();
  private readonly perUser = new Map<string, number>();
  private readonly inFlightPerGuild = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly retentionDays: number,
    private readonly partition: string,
    /** Where unreadable records and rows go; without it they are only skipped. */
    private readonly damaged?: DamagedRecords,
  ) {}

  /** Whole milliseconds: Redis takes no fractions, and the days may have some. */
  private get retentionMs(): number {
    return Math.round(this.retentionDays * DAY_MS);
  }

  private get active(): KeySpace {
    this.activeKeys ??= this.store.activeJobs(this.partition);
    return this.activeKeys;
  }

  /**
   * Reads this partition's unfinished jobs into memory, before any command is taken:
   * counts are right from the first one. Returns
   * them oldest first, as entries: records are read later, in pages.
   */
  async load(): Promise<UnfinishedJob[]> {
    this.entries.clear();
    this.perUser.clear();
    this.inFlightPerGuild.clear();
    const unreadable: [string, unknown][] = [];
    for await (const [id, value] of this.active.iterate()) {
      const entry = activeEntrySchema.safeParse(value);
      if (entry.success) this.remember(id, entry.data);
      else unreadable.push([id, value]);
    }
    // A damaged row is rebuilt from its job's record, when that can still be read.
    for (const [id, value] of unreadable) {
      await this.damaged?.setAside("active", this.active, id, value);
      const job = (await this.readForResume([id])).get(id);
      if (job && job !== "unreadable" && !isTerminal(job)) await this.updateActive(job);
    }
    return [...this.entries]
      .map(([id, entry]) => ({ id, entry }))
      .sort((a, b) => a.entry.createdAt - b.entry.createdAt);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.parse(await this.store.kv.get(jobKey(id)));
  }

  /** Several records in one round trip (missing or invalid ones are left out). */
  async getMany(ids: readonly string[]): Promise<JobRecord[]> {
    if (ids.length === 0) return [];
    const values = await this.store.kv.getMany(ids.map(jobKey));
    return values
      .map((value) => this.parse(value))
      .filter((job): job is JobRecord => job !== undefined);
  }

  /**
   * Records for resuming: those that cannot be read (not JSON, or not a job record) are
   * set aside and reported as "unreadable"; missing ones are left out.
   */
  async readForResume(ids: readonly string[]): Promise<Map<string, JobRecord | "unreadable">> {
    const found = new Map<string, JobRecord | "unreadable">();
    if (ids.length === 0) return found;
    const values = await this.store.kv.getMany(ids.map(jobKey));
    for (const [index, value] of values.entries()) {
      const id = ids[index]!;
      if (value === undefined || value === null) continue;
      const job = this.parse(value);
      if (job) {
        found.set(id, job);
        continue;
      }
      await this.damaged?.setAside("job", this.store.kv, jobKey(id), value);
      found.set(id, "unreadable");
    }
    return found;
  }

  async getByMessage(messageId: string): Promise<JobRecord | undefined> {
    const id = await this.store.kv.get(messageKey(messageId));
    return typeof id === "string" ? this.get(id) : undefined;
  }

  /**
   * Writes the record and, when it changed, the unfinished-job row: sent together (one
   * round trip on Redis). The in-memory counts change before anything is awaited, so a
   * caller deciding on them next already sees this job.
   */
  async save(job: JobRecord): Promise<void> {
    await Promise.all([
      this.store.kv.set(jobKey(job.id), job, this.retentionMs),
      this.updateActive(job),
    ]);
  }

  /**
   * Writes a job back whole, its record and its unfinished-job row, whatever this process
   * last wrote: for a record the store lost (a flush, a Redis restarted without
   * persistence) while the job was still being followed.
   */
  async restore(job: JobRecord): Promise<void> {
    const entry = this.entries.get(job.id);
    await Promise.all([
      this.store.kv.set(jobKey(job.id), job, this.retentionMs),
      entry ? this.active.set(job.id, entry) : this.updateActive(job),
    ]);
  }

  /** Records which message shows a job, for 🔁 on it; written once per message. */
  async linkMessage(messageId: string, jobId: string): Promise<void> {
    const link = this.store.kv.set(messageKey(messageId), jobId, this.retentionMs);
    // The unfinished job's row learns its message too (once per message).
    const entry = this.entries.get(jobId);
    if (entry && entry.messageId !== messageId) {
      const updated = { ...entry, messageId };
      this.entries.set(jobId, updated);
      await Promise.all([link, this.active.set(jobId, updated)]);
    } else {
      await link;
    }
  }

  /** This process's unfinished jobs, waiting ones included. */
  get unfinishedCount(): number {
    return this.entries.size;
  }

  /** A member's unfinished jobs, waiting ones included. */
  countActiveOf(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  /** A server's jobs that hold a slot: submitted, or being submitted (not waiting in line). */
  countInFlightIn(guildId: string): number {
    return this.inFlightPerGuild.get(guildId) ?? 0;
  }

  /** Drops an unfinished-job key whose record is gone or already ended. */
  async forgetActive(id: string): Promise<void> {
    const known = this.entries.get(id);
    if (known) this.forget(id, known);
    await this.active.delete(id);
  }

  /**
   * Writes the job's active key only when it starts, ends, joins or leaves the line, or
   * starts or finishes having its video attached.
   */
  private async updateActive(job: JobRecord): Promise<void> {
    const known = this.entries.get(job.id);
    const delivering = awaitsVideo(job);
    if (isTerminal(job) && !delivering) {
      if (!known) return;
      this.forget(job.id, known);
      await this.active.delete(job.id);
      return;
    }
    const waiting = job.status === "waiting";
    if (known?.waiting === waiting && known.delivering === delivering) return;
    const entry: ActiveEntry = {
      userId: job.origin.userId,
      guildId: job.origin.guildId,
      channelId: job.origin.channelId,
      messageId: job.delivery.messageId,
      locale: job.origin.locale,
      charge: job.charge,
      memberCharge: job.memberCharge,
      budgetCharge: job.budgetCharge,
      waiting,
      delivering,
      createdAt: job.createdAt,
    };
    if (known) this.forget(job.id, known);
    this.remember(job.id, entry);
    await this.active.set(job.id, entry);
  }

  private remember(id: string, entry: ActiveEntry): void {
    this.entries.set(id, entry);
    this.count(entry, 1);
  }

  private forget(id: string, entry: ActiveEntry): void {
    this.entries.delete(id);
    this.count(entry, -1);
  }

  private count(entry: ActiveEntry, by: 1 | -1): void {
    if (entry.delivering) return;
    bump(this.perUser, entry.userId, by);
    if (entry.guildId && !entry.waiting) bump(this.inFlightPerGuild, entry.guildId, by);
  }

  private parse(value: unknown): JobRecord | undefined {
    if (value === undefined || value === null) return undefined;
    const parsed = jobRecordSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

const jobKey = (id: string) => `job:${id}`;
const messageKey = (messageId: string) => `job-by-message:${messageId}`;
