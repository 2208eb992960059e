import { Keyv } from "keyv";
import { pino } from "pino";
import { GenerationService } from "../../src/services/jobs/generation-service.js";
import type { JobNotifier } from "../../src/services/jobs/job-notifier.js";
import type { JobRecord } from "../../src/services/jobs/job-record.js";
import { JobStore } from "../../src/services/jobs/job-store.js";
import { JobTracker } from "../../src/services/jobs/job-tracker.js";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import type { TtapiClient } from "../../src/services/ttapi/ttapi-client.js";

export interface JobServicesOptions {
  ttapi: TtapiClient;
  notifier: JobNotifier;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  concurrency: number;
  giveUpAfterMs: number;
  /** Jobs in flight allowed per user and per guild. */
  maxActive: number;
  onFinished?: (job: JobRecord) => Promise<void>;
}

/** The job services without Discord, on an in-memory store with no quota limits. */
export function createJobServices(options: JobServicesOptions) {
  const logger = pino({ level: "silent" });
  const jobs = new JobStore(new Keyv(), 1, "test");
  const tracker = new JobTracker({ ...options, jobs, logger });
  const quotas = new QuotaService({
    store: new Keyv(),
    logger,
    defaults: { period: "day", guildVideos: null, memberVideos: null, dmVideos: null },
  });
  const generations = new GenerationService({
    ttapi: options.ttapi,
    jobs,
    tracker,
    notifier: options.notifier,
    quotas,
    logger,
    maxActivePerUser: options.maxActive,
    maxActivePerGuild: options.maxActive,
    submitRetryDelayMs: 10,
    giveUpAfterMs: options.giveUpAfterMs,
  });
  return { jobs, tracker, quotas, generations };
}
