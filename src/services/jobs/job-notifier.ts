import type { JobRecord } from "./job-record.js";

/**
 * How job state reaches users. The Discord layer implements it; services only know this
 * port, so they can be tested without discord.js.
 */
export interface JobNotifier {
  /**
   * Shows the job as it is now. Resolves to the id of the message that carries the job
   * from now on (it can change, e.g. when a new message replaces an unreachable one).
   * Must not throw for delivery problems: the job goes on whether or not Discord listened.
   */
  publish(job: JobRecord): Promise<{ messageId: string | null }>;
}
