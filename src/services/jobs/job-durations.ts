import { z } from "zod";
import { runStep } from "../atomic-steps.js";
import { recentListStep } from "../recent-list-step.js";
import type { Store } from "../store.js";
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
 * not grow with anything; every process records into the same keys, one atomic step
 * each). The median is what new jobs are told to expect.
 */
export class JobDurations {
  constructor(private readonly store: Pick<Store, "kv" | "atomic">) {}

  /** Records a finished job's duration; only made videos count. */
  async record(job: JobRecord): Promise<void> {
    if (job.status !== "succeeded" || job.submittedAt === null) return;
    await runStep(this.store.atomic, recentListStep, {
      key: keyOf(job.request.videoLength),
      item: job.updatedAt - job.submittedAt,
      keep: KEPT,
      order: "oldest-first",
    });
  }

  /** The median duration for a video of this length, or null with too few observed. */
  async expected(videoSeconds: number): Promise<number | null> {
    const kept = durationsSchema.parse(await this.store.kv.get(keyOf(videoSeconds)));
    if (kept.length < ENOUGH) return null;
    const sorted = [...kept].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? sorted[middle]!
      : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
  }
}
