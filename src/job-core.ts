import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { DamagedRecords } from "./services/damaged-records.js";
import { GuildSettingsService } from "./services/guild-settings/guild-settings.js";
import { GenerationService } from "./services/jobs/generation-service.js";
import { JobDurations } from "./services/jobs/job-durations.js";
import { JobHistory } from "./services/jobs/job-history.js";
import { JobLifecycle } from "./services/jobs/job-lifecycle.js";
import type { JobNotifier } from "./services/jobs/job-notifier.js";
import { JobStore } from "./services/jobs/job-store.js";
import { JobTracker } from "./services/jobs/job-tracker.js";
import { RetryService } from "./services/jobs/retry-service.js";
import { TtapiBalance } from "./services/jobs/ttapi-balance.js";
import { TtapiHookReceiver } from "./services/jobs/ttapi-hook-receiver.js";
import {
  type AttachmentLinkRefresher,
  ReferenceImages,
} from "./services/media/reference-images.js";
import { Metrics } from "./services/metrics.js";
import { PartitionOwner } from "./services/partition-owner.js";
import { BOT_SCOPE } from "./services/quotas/quota-scope.js";
import { QuotaService } from "./services/quotas/quota-service.js";
import { QuotaSettingsService } from "./services/quotas/quota-settings-service.js";
import { SecretBox } from "./services/secret-box.js";
import type { Store } from "./services/store.js";
import { StoreHealth } from "./services/store-health.js";
import { StoreLock } from "./services/store-lock.js";
import { StoreMigrations } from "./services/store-migrations.js";
import { type ServerKeyProblem, serverKeyAlerts } from "./services/ttapi/server-key-alerts.js";
import { ServerKeys } from "./services/ttapi/server-keys.js";
import { TtapiClient } from "./services/ttapi/ttapi-client.js";
import { VERSION } from "./version.js";

export interface JobCoreOptions {
  config: Config;
  store: Store;
  /** How job state reaches members; built once the quotas exist (footers show them). */
  notifier: (quotas: QuotaService) => JobNotifier;
  logger: Logger;
  /** This process's own unfinished jobs (its shards'); see JobStore. */
  partition: string;
  /** Renews expired links of reference images before a retry (Discord's, in the bot). */
  linkRefresher: AttachmentLinkRefresher;
  /** Stands in for TTAPI (tests, the bench); by default a client for TTAPI_BASE_URL. */
  ttapi?: TtapiPort;
  /** Tells the bot's operators something (a DM each); by default only the log hears it. */
  tellOperators?: (text: string) => Promise<void>;
  /** Tells a server's admins its own TTAPI key failed; by default only the log hears it. */
  tellServerAdmins?: (problem: ServerKeyProblem) => Promise<void>;
  /** Another process took this one's shards over (it paused past the lease): stop at once. */
  onOwnershipLost?: () => void;
  /** This process stands by for its shards (who holds them), or no longer does (null). */
  onStandby?: (holder: string | null) => void;
}

export type TtapiPort = Pick<TtapiClient, "submit" | "fetchJob" | "checkKey">;
export type JobCore = ReturnType<typeof createJobCore>;

/**
 * The job graph without Discord: store → jobs → quotas → lifecycle → tracker →
 * generations → retries, wired as the bot runs it. The bot adds the Discord half
 * (client, router, publishers); tests and the bench call this instead of re-wiring.
 */
export function createJobCore(options: JobCoreOptions) {
  const { config, store, logger } = options;
  const metrics = new Metrics({
    version: VERSION,
    jobsInFlight: () => jobs.unfinishedCount,
    lineLength: () => generations.lineLength,
    ...(config.BOT_CREDIT_BUDGET
      ? {
          botBudget: async () => {
            const report = await quotas.report(BOT_SCOPE, "-");
            return { used: report.scope.credits, limit: report.settings.credits ?? 0 };
          },
        }
      : {}),
  });
  // The operator's account, and any server's own: the same TTAPI, another key.
  const ttapiWith = (apiKey: string) =>
    new TtapiClient({
      baseUrl: config.TTAPI_BASE_URL,
      apiKey,
      timeoutMs: config.TTAPI_REQUEST_TIMEOUT_MS,
      resolution: config.TTAPI_RESOLUTION,
      model: config.TTAPI_MODEL,
      backoff: ttapiBackoff(config),
      observe: (request) => metrics.ttapiRequest(request),
    });
  const ttapi = options.ttapi ?? ttapiWith(config.TTAPI_API_KEY);
  const serverKeys = new ServerKeys({
    kv: store.kv,
    box: config.SECRETS_KEY
      ? new SecretBox(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS)
      : undefined,
    clientFor: ttapiWith,
    retainMs: config.JOB_GIVE_UP_AFTER_MINUTES * 60_000,
    logger,
    operatorPaysForUnreadable: config.SERVER_KEY_UNREADABLE_OPERATOR_PAYS,
    onDamaged: (what) => metrics.recordSetAside(what),
  });
  const serverTtapi = serverKeys.account.bind(serverKeys);
  const damaged = new DamagedRecords({
    kv: store.kv,
    logger,
    onSetAside: (keyspace) => metrics.recordSetAside(keyspace),
  });
  const jobs = new JobStore(store, config.JOB_RETENTION_DAYS, options.partition, damaged);
  const owner = new PartitionOwner({
    store,
    partition: options.partition,
    leaseMs: config.OWNER_LEASE_MS,
    logger,
    onLost: () => options.onOwnershipLost?.(),
    onStandby: (holder) => {
      metrics.standingBy(holder !== null);
      options.onStandby?.(holder);
    },
  });
  const migrations = new StoreMigrations(store);
  const quotaSettings = new QuotaSettingsService({
    store: store.kv,
    logger,
    onDamaged: (what) => metrics.recordSetAside(what),
    defaults: {
      period: config.DEFAULT_QUOTA_PERIOD,
      guildVideos: config.DEFAULT_GUILD_VIDEO_LIMIT ?? null,
      memberVideos: config.DEFAULT_MEMBER_VIDEO_LIMIT ?? null,
      dmVideos: config.DM_USER_VIDEO_LIMIT,
      ...(config.BOT_CREDIT_BUDGET
        ? { botBudget: { credits: config.BOT_CREDIT_BUDGET, period: config.BOT_BUDGET_PERIOD } }
        : {}),
      ceilings: {
        guildVideos: config.SERVER_VIDEO_CEILING ?? null,
        credits: config.SERVER_CREDIT_CEILING ?? null,
      },
    },
  });
  const quotas = new QuotaService({
    store,
    settings: quotaSettings,
    logger,
    beforeWindow: migrations.migrateUsageWindow,
    onDamaged: (what) => metrics.recordSetAside(what),
    fence: () => owner.fence(),
  });
  const notifier = options.notifier(quotas);
  const lifecycle = new JobLifecycle({ jobs, quotas, notifier });
  // With TTAPI callbacks on, polling is only a slow safety net.
  const hooks = config.HOOK_PUBLIC_URL;
  const safetyNet = hooks ? config.HOOK_SAFETY_POLL_INTERVAL_MS : 0;
  const pollIntervalMs = Math.max(config.TTAPI_POLL_INTERVAL_MS, safetyNet);
  const giveUpAfterMs = config.JOB_GIVE_UP_AFTER_MINUTES * 60_000;
  const tracker = new JobTracker({
    ttapi,
    serverTtapi,
    jobs,
    lifecycle,
    logger,
    pollIntervalMs,
    maxPollIntervalMs: Math.max(config.TTAPI_POLL_MAX_INTERVAL_MS, safetyNet),
    concurrency: config.TTAPI_POLL_CONCURRENCY,
    giveUpAfterMs,
    unconfirmedWaitMs: config.UNCONFIRMED_WAIT_MINUTES * 60_000,
    // One line per outage, not one per poll of every job.
    storeFailed: (error) => storeHealth.failed(error),
  });
  const durations = new JobDurations(store);
  const history = new JobHistory(store, config.JOB_RETENTION_DAYS);
  const guildSettings = new GuildSettingsService({
    kv: store.kv,
    logger,
    onDamaged: (what) => metrics.recordSetAside(what),
  });
  const locks = new StoreLock(store);
  const balance = new TtapiBalance({
    logger,
    locks,
    tellOperators: options.tellOperators ?? (async () => undefined),
  });
  const generations = new GenerationService({
    ttapi,
    serverTtapi,
    serverKeys,
    onServerKeyProblem: serverKeyAlerts({
      locks,
      quietMs: config.BALANCE_RECHECK_MINUTES * 60_000,
      tell: options.tellServerAdmins ?? (async () => undefined),
      logger,
    }),
    jobs,
    durations,
    history,
    guildSettings,
    quotaSettings,
    botBudget: config.BOT_CREDIT_BUDGET !== undefined,
    tracker,
    lifecycle,
    quotas,
    notifier,
    logger,
    maxActivePerUser: config.MAX_ACTIVE_JOBS_PER_USER,
    maxActivePerGuild: config.MAX_ACTIVE_JOBS_PER_GUILD,
    maxWaitingPerGuild: config.MAX_WAITING_PER_GUILD,
    submitRetryDelayMs: config.SUBMIT_RETRY_DELAY_MS,
    balanceRecheckMs: config.BALANCE_RECHECK_MINUTES * 60_000,
    onBalance: balance.changed,
    placesIntervalMs: config.WAITING_UPDATE_INTERVAL_MS,
    giveUpAfterMs,
    resumeSpreadMs: pollIntervalMs,
    checkClaim: () => owner.checkClaim(),
    ...(hooks ? { hookUrl: (jobId, token) => TtapiHookReceiver.urlFor(hooks, jobId, token) } : {}),
  });
  const storeHealth = new StoreHealth({
    kv: store.kv,
    logger,
    timeoutMs: config.STORE_TIMEOUT_MS,
  });
  // keyv reports every failed command (a reconnecting Redis: many a second): one line an outage.
  store.onError((error) => storeHealth.failed(error));
  const referenceImages = new ReferenceImages({
    refresher: options.linkRefresher,
    minLifetimeMs: config.REFERENCE_LINK_MIN_LIFETIME_MS,
  });
  const retries = new RetryService({
    jobs,
    locks,
    generations,
    referenceImages,
    logger,
    cooldownMs: config.RETRY_COOLDOWN_SECONDS * 1000,
  });
  lifecycle.onEnded((job) => {
    metrics.jobFinished(job);
    durations.record(job).catch((error: unknown) => {
      logger.warn({ err: error, jobId: job.id }, "job duration not recorded");
    });
  });
  generations.onStarted(() => metrics.jobStarted());
  return {
    ttapi,
    metrics,
    jobs,
    /** This process's claim on its shards: taken (or stood by for) at start. */
    owner,
    /** This process's unfinished jobs, read once at start (an older store converted first). */
    async loadUnfinished() {
      await Promise.all([migrations.migrateJobIndex(options.partition, jobs), quotas.open()]);
      return jobs.load();
    },
    quotaSettings,
    quotas,
    lifecycle,
    tracker,
    durations,
    history,
    guildSettings,
    generations,
    locks,
    storeHealth,
    retries,
    referenceImages,
    balance,
    serverKeys,
  };
}

/** TTAPI's API and its file server are retried with the same delays. */
export function ttapiBackoff(config: Config) {
  return {
    attempts: 3,
    baseDelayMs: config.TTAPI_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.TTAPI_RETRY_BASE_DELAY_MS * 10,
  };
}
