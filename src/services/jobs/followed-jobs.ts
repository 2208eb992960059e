import type { Logger } from "../../logger.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";

/**
 * The last record seen of each job a tracker follows, so one the store loses (a flush, a
 * Redis restarted without persistence) is written back and delivered, not dropped: TTAPI
 * makes and charges it all the same. One record per job in flight.
 */
export class FollowedJobs {
  private readonly last = new Map<string, JobRecord>();
  private lossLogged = false;

  constructor(
    private readonly jobs: Pick<JobStore, "restore">,
    private readonly logger: Logger,
  ) {}

  remember(job: JobRecord): void {
    this.last.set(job.id, job);
  }

  forget(id: string): void {
    this.last.delete(id);
  }

  clear(): void {
    this.last.clear();
  }

  /** A followed job whose record the store lost, written back; undefined for any other. */
  async writeBack(id: string): Promise<JobRecord | undefined> {
    const known = this.last.get(id);
    if (!known) return undefined;
    if (!this.lossLogged) {
      this.lossLogged = true;
      this.logger.error(
        { jobId: id },
        "job records vanished from the store (flushed, or a Redis without persistence restarted): writing back the jobs this process follows",
      );
    } else this.logger.info({ jobId: id }, "job record written back");
    await this.jobs.restore(known);
    return known;
  }
}
