import type { Keyv } from "keyv";
import { z } from "zod";
import { KeyedMutex } from "../keyed-mutex.js";
import { isTerminal, type JobRecord, jobRecordSchema } from "./job-record.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const ACTIVE_INDEX = "jobs:active";
const idList = z.array(z.string());

/**
 * Job records in keyv: one key per job, a message-id → job-id link for reactions,
 * and an index of unfinished jobs so a restarted bot knows what to resume.
 */
export class JobStore {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly store: Keyv,
    private readonly retentionDays: number,
  ) {}

  async get(id: string): Promise<JobRecord | undefined> {
    return this.parse(await this.store.get(jobKey(id)));
  }

  async getByMessage(messageId: string): Promise<JobRecord | undefined> {
    const id = await this.store.get(messageKey(messageId));
    return typeof id === "string" ? this.get(id) : undefined;
  }

  async save(job: JobRecord): Promise<void> {
    const ttl = this.retentionDays * DAY_MS;
    await this.store.set(jobKey(job.id), job, ttl);
    if (job.delivery.messageId)
      await this.store.set(messageKey(job.delivery.messageId), job.id, ttl);
    await this.updateActiveIndex(job.id, !isTerminal(job));
  }

  async listActive(): Promise<JobRecord[]> {
    const ids = idList.catch([]).parse(await this.store.get(ACTIVE_INDEX));
    const jobs = await Promise.all(ids.map((id) => this.get(id)));
    return jobs.filter((job): job is JobRecord => job !== undefined && !isTerminal(job));
  }

  private updateActiveIndex(id: string, active: boolean): Promise<void> {
    return this.mutex.run(ACTIVE_INDEX, async () => {
      const ids = new Set(idList.catch([]).parse(await this.store.get(ACTIVE_INDEX)));
      if (ids.has(id) === active) return;
      if (active) ids.add(id);
      else ids.delete(id);
      await this.store.set(ACTIVE_INDEX, [...ids]);
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
