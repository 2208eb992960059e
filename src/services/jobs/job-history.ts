import type { Keyv } from "keyv";
import { z } from "zod";
import { KeyedMutex } from "../keyed-mutex.js";
import type { JobRecord } from "./job-record.js";

/** Job ids kept per member per server: enough for a list of 10 and autocomplete's 25. */
const KEPT = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

const idsSchema = z.array(z.string()).catch([]);

const keyOf = (guildId: string | null, userId: string) =>
  `job-history:${guildId ?? "dm"}:${userId}`;

/**
 * Each member's recent jobs in each server (or in DMs), newest first: one bounded key per
 * member and server, written once per job, so `/grok-jobs` never scans. Ids whose records
 * have expired are simply not found.
 */
export class JobHistory {
  private readonly writes = new KeyedMutex();

  constructor(
    private readonly kv: Keyv,
    private readonly retentionDays: number,
  ) {}

  async add(job: Pick<JobRecord, "id" | "origin">): Promise<void> {
    const key = keyOf(job.origin.guildId, job.origin.userId);
    await this.writes.run(key, async () => {
      const ids = idsSchema.parse(await this.kv.get(key)).filter((id) => id !== job.id);
      await this.kv.set(key, [job.id, ...ids].slice(0, KEPT), this.retentionDays * DAY_MS);
    });
  }

  /** The member's job ids in that server (null: DMs), newest first. */
  async list(guildId: string | null, userId: string): Promise<string[]> {
    return idsSchema.parse(await this.kv.get(keyOf(guildId, userId)));
  }
}
