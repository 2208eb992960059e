import type { Keyv } from "keyv";
import { z } from "zod";
import { KeyedMutex } from "../keyed-mutex.js";
import type { JobRecord } from "./job-record.js";

/** Durations kept per length bucket: the most recent ones. */
const KEPT = 50;
/** Fewer observations than this give no estimate: no ETA rather than a guess. */
const ENOUGH = 5;

const durationsSchema = z.array(z.number().nonnegative()).catch([]);

/** Videos within 5 seconds of length take about as long: one bucket (5, 10, … 30). */
const bucketOf = (videoSeconds: number) => Math.max(5, Math.ceil(videoSeconds / 5) * 5);
const keyOf = (videoSeconds: number) => `job-durations:${bucketOf(videoSeconds)}`;

/**
 * How long TTAPI has been taking, per video length: from accepting a job to its video,
 * the last 50 of each length bucket, one key per bucket (the cost of recording one does
 * not grow with anything). The median is what new jobs are told to expect.
 */
export class JobDurations {
  private readonly writes = new KeyedMutex();

  constructor(private readonly kv: Keyv) {}

  /** Records a finished job's duration; only made videos count. */
  async record(job: JobRecord): Promise<void> {
    if (job.status !== "succeeded" || job.submittedAt === null) return;
    const took = job.updatedAt - job.submittedAt;
    const key = keyOf(job.request.videoLength);
    await this.writes.run(key, async () => {
      const kept = durationsSchema.parse(await this.kv.get(key));
      await this.kv.set(key, [...kept, took].slice(-KEPT));
    });
  }

  /** The median duration for a video of this length, or null with too few observed. */
  async expected(videoSeconds: number): Promise<number | null> {
    const kept = durationsSchema.parse(await this.kv.get(keyOf(videoSeconds)));
    if (kept.length < ENOUGH) return null;
    const sorted = [...kept].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? sorted[middle]!
      : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
  }
}
