import type { JobDelivery, JobRecord, VideoDelivery } from "./job-record.js";

/** Where a job lives after it was shown, and, for a finished video, how it was shown. */
export interface Published {
  delivery: JobDelivery;
  /** How a job that `awaitsVideo` was shown: attached, or linked and why (absent: linked). */
  video?: VideoDelivery;
}

/**
 * How job state reaches users. The Discord layer implements it; services only know this
 * port, so they can be tested without discord.js.
 */
export interface JobNotifier {
  /**
   * Shows the job as it is now; a succeeded job that `awaitsVideo` gets its video attached
   * (or linked, saying why). Resolves to where the job lives from now on: the same
   * `delivery` object when nothing changed, a new one when the message changed (a new
   * message replaced an unreachable one) or the interaction token expired.
   * Must not throw for delivery problems: the job goes on whether or not Discord listened.
   */
  publish(job: JobRecord): Promise<Published>;

  /**
   * Tells a member that their request cannot be finished: its record could not be read
   * back (see DamagedRecords). Posted where the job was shown, in the member's language.
   */
  tellLost(lost: LostJob): Promise<void>;
}

/** What is still known of a job whose record is unreadable: its row among unfinished jobs. */
export interface LostJob {
  jobId: string;
  userId: string;
  channelId: string;
  messageId: string | null;
  locale: string | null;
  createdAt: number;
}
