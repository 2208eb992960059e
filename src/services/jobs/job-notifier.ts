import type { JobDelivery, JobRecord } from "./job-record.js";

/**
 * How job state reaches users. The Discord layer implements it; services only know this
 * port, so they can be tested without discord.js.
 */
export interface JobNotifier {
  /**
   * Shows the job as it is now. Resolves to where the job lives from now on: the same
   * `delivery` object when nothing changed, a new one when the message changed (a new
   * message replaced an unreachable one) or the interaction token expired.
   * Must not throw for delivery problems: the job goes on whether or not Discord listened.
   */
  publish(job: JobRecord): Promise<JobDelivery>;
}
