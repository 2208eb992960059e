import type { JobNotifier } from "./job-notifier.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";

/**
 * Saves a job, shows it, and saves where it now lives if that changed (linking a new
 * message to the job). Saved before the user is told, so whatever a user saw survives
 * a crash.
 */
export async function saveAndShow(
  jobs: JobStore,
  notifier: JobNotifier,
  job: JobRecord,
): Promise<JobRecord> {
  await jobs.save(job);
  const delivery = await notifier.publish(job);
  if (delivery === job.delivery) return job;
  const moved = { ...job, delivery };
  await jobs.save(moved);
  if (delivery.messageId && delivery.messageId !== job.delivery.messageId) {
    await jobs.linkMessage(delivery.messageId, job.id);
  }
  return moved;
}
