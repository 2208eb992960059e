import { Keyv } from "keyv";
import { pino } from "pino";
import { GuildSettingsService } from "../../src/services/guild-settings/guild-settings.js";
import { GenerationService } from "../../src/services/jobs/generation-service.js";
import { JobDurations } from "../../src/services/jobs/job-durations.js";
import { JobHistory } from "../../src/services/jobs/job-history.js";
import { JobLifecycle } from "../../src/services/jobs/job-lifecycle.js";
import type { JobNotifier } from "../../src/services/jobs/job-notifier.js";
import { JobStore } from "../../src/services/jobs/job-store.js";
import { JobTracker } from "../../src/services/jobs/job-tracker.js";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import { openStore } from "../../src/services/store.js";
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
}

/** The job services without Discord, on an in-memory store with no quota limits. */
export function createJobServices(options: JobServicesOptions) {
  const logger = pino({ level: "silent" });
  const jobs = new JobStore(openStore("memory://"), 1, "test");
  const quotas = new QuotaService({
    store: new Keyv(),
    logger,
    defaults: { period: "day", guildVideos: null, memberVideos: null, dmVideos: null },
  });
  const lifecycle = new JobLifecycle({ jobs, quotas, notifier: options.notifier });
  const tracker = new JobTracker({ ...options, jobs, lifecycle, logger });
  const generations = new GenerationService({
    ttapi: options.ttapi,
    jobs,
    durations: new JobDurations(new Keyv()),
    history: new JobHistory(new Keyv(), 1),
    guildSettings: new GuildSettingsService(new Keyv()),
    tracker,
    lifecycle,
    quotas,
    logger,
    maxActivePerUser: options.maxActive,
    maxActivePerGuild: options.maxActive,
    maxWaitingPerGuild: 1_000,
    submitRetryDelayMs: 10,
    placesIntervalMs: 10,
    giveUpAfterMs: options.giveUpAfterMs,
    resumeSpreadMs: options.pollIntervalMs,
  });
  return { jobs, tracker, quotas, lifecycle, generations };
}
