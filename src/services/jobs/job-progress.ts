import type { JobProgress } from "../ttapi/ttapi-schemas.js";
import { isTerminal, type JobRecord } from "./job-record.js";

/** A running job past its expected time is marked overdue (once). */
export function pastEta(job: JobRecord, now: number): JobRecord {
  if (isTerminal(job) || !job.eta || job.eta.overdue || now <= job.eta.readyAt) return job;
  return { ...job, eta: { ...job.eta, overdue: true } };
}

/** What a poll's answer makes of a job's record. */
export function applyProgress(job: JobRecord, progress: JobProgress): JobRecord {
  switch (progress.state) {
    case "succeeded":
      return {
        ...job,
        status: "succeeded",
        // The video is attached when the ending is shown (see JobLifecycle); with no file
        // there is nothing to attach.
        result: {
          videoUrl: progress.videoUrl,
          credits: progress.credits,
          video: progress.videoUrl ? null : { state: "linked", why: { kind: "no_file" } },
        },
      };
    case "failed":
      return { ...job, status: "failed", failure: { kind: "generation", reason: progress.reason } };
    case "queued":
    case "generating":
      return { ...job, status: progress.state };
    case "unknown":
      return job;
  }
}
