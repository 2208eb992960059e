import type { Store } from "./store.js";

export interface CopyReport {
  keys: number;
  /** Of them, unfinished jobs (one key each in their process's partition). */
  unfinishedJobs: number;
}

/**
 * Copies every live key of `from` into `to` with what is left of its lifetime: jobs,
 * message links (🔁 on old messages), quotas and usage, settings, history. The bot must
 * be stopped meanwhile, or what it writes during the copy is missed.
 */
export async function copyStore(from: Store, to: Store): Promise<CopyReport> {
  const report: CopyReport = { keys: 0, unfinishedJobs: 0 };
  for await (const entry of from.entries()) {
    await to.put(entry);
    report.keys += 1;
    if (entry.partition !== null) report.unfinishedJobs += 1;
  }
  return report;
}

/** Whether a store holds anything at all (a copy never merges into a used store). */
export async function isEmpty(store: Store): Promise<boolean> {
  for await (const _ of store.entries()) return false;
  return true;
}
