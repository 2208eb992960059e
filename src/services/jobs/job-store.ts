import type { Keyv } from "keyv";
import { z } from "zod";
import { KeyedMutex } from "../keyed-mutex.js";
import { isTerminal, type JobRecord, jobRecordSchema } from "./job-record.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const ACTIVE_INDEX_PREFIX = "jobs:active";
/** Unfinished jobs and whose they are: enough to resume them and to count them per owner. */
const activeIndexSchema = z.record(
  z.string(),
  z.object({
    userId: z.string(),
    guildId: z.string().nullable(),
    /** In the bot's own line: not holding one of the server's slots at TTAPI. */
    waiting: z.boolean().default(false),
  }),
);
type ActiveIndex = z.infer<typeof activeIndexSchema>;

/**
 * Job records in keyv: one key per job, a message-id → job-id link for reactions,
 * and an index of unfinished jobs so a restarted bot knows what to resume.
 */
export class JobStore {
  private readonly mutex = new KeyedMutex();
  private readonly activeIndex: string;
  /**
   * This process's copy of its index. Only this process writes its partition, so the
   * copy is authoritative once loaded: counting and saving need no store read.
   */
  private cachedIndex: Promise<ActiveIndex> | undefined;

  /**
   * `partition` names this process's index of unfinished jobs: each shard keeps its own,
   * so processes sharing one store never write the same index key.
   */
  constructor(
    private readonly store: Keyv,
    private readonly retentionDays: number,
    partition: string,
  ) {
    this.activeIndex = `${ACTIVE_INDEX_PREFIX}:${partition}`;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.parse(await this.store.get(jobKey(id)));
  }

  async getByMessage(messageId: string): Promise<JobRecord | undefined> {
    const id = await this.store.get(messageKey(messageId));
    return typeof id === "string" ? this.get(id) : undefined;
  }

  async save(job: JobRecord): Promise<void> {
    await this.store.set(jobKey(job.id), job, this.retentionDays * DAY_MS);
    await this.updateActiveIndex(job, !isTerminal(job));
  }

  /** Records which message shows a job, for 🔁 on it; written once per message. */
  async linkMessage(messageId: string, jobId: string): Promise<void> {
    await this.store.set(messageKey(messageId), jobId, this.retentionDays * DAY_MS);
  }

  /** Unfinished jobs, oldest first. */
  async listActive(): Promise<JobRecord[]> {
    const ids = Object.keys(await this.readActiveIndex());
    const jobs = await Promise.all(ids.map((id) => this.get(id)));
    return jobs
      .filter((job): job is JobRecord => job !== undefined && !isTerminal(job))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** A member's unfinished jobs, waiting ones included. */
  async countActiveOf(userId: string): Promise<number> {
    const entries = Object.values(await this.readActiveIndex());
    return entries.filter((entry) => entry.userId === userId).length;
  }

  /** A server's jobs that hold a slot: submitted, or being submitted (not waiting in line). */
  async countInFlightIn(guildId: string): Promise<number> {
    const entries = Object.values(await this.readActiveIndex());
    return entries.filter((entry) => entry.guildId === guildId && !entry.waiting).length;
  }

  private readActiveIndex(): Promise<ActiveIndex> {
    this.cachedIndex ??= this.store
      .get(this.activeIndex)
      .then((stored) => activeIndexSchema.catch({}).parse(stored));
    return this.cachedIndex;
  }

  private updateActiveIndex(job: JobRecord, active: boolean): Promise<void> {
    return this.mutex.run(this.activeIndex, async () => {
      const index = await this.readActiveIndex();
      const waiting = job.status === "waiting";
      if (active ? index[job.id]?.waiting === waiting : !(job.id in index)) return;
      if (active)
        index[job.id] = { userId: job.origin.userId, guildId: job.origin.guildId, waiting };
      else delete index[job.id];
      await this.store.set(this.activeIndex, index);
    });
  }

  private parse(value: unknown): JobRecord | undefined {
    if (value === undefined) return undefined;
    const parsed = jobRecordSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }
}

const jobKey = (id: string) => `job:${id}`;
const messageKey = (messageId: string) => `job-by-message:${messageId}`;
