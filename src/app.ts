import { once } from "node:events";
import { Events } from "discord.js";
import { commandDefinitions, createCommandRoutes } from "./commands/index.js";
import { createCancelButton } from "./components/cancel-button.js";
import { createMakeVideoModal } from "./components/make-video-modal.js";
import { createRetryButton } from "./components/retry-button.js";
import type { Config } from "./config.js";
import { discordAttachmentLinks } from "./discord/attachment-link-refresher.js";
import { auditChannel } from "./discord/audit-channel.js";
import { registerCommands } from "./discord/command-registration.js";
import { createDiscordClient, createInteractionRest } from "./discord/discord-client.js";
import { gatewayProblem } from "./discord/gateway-health.js";
import { JobMessagePublisher } from "./discord/job-message-publisher.js";
import { ttapiHookMessageSchema } from "./discord/shard-callbacks.js";
import { uploadLimitOf } from "./discord/upload-limit.js";
import { InteractionRouter } from "./events/interaction-create.js";
import {
  createReactionRemovedHandler,
  createReactionRetryHandler,
} from "./events/message-reaction-add.js";
import { catalogFor } from "./i18n/catalog.js";
import type { Logger } from "./logger.js";
import { type AuditEvent, AuditLog } from "./services/guild-settings/audit-log.js";
import { GuildSettingsService } from "./services/guild-settings/guild-settings.js";
import { HealthServer } from "./services/health-server.js";
import { GenerationService } from "./services/jobs/generation-service.js";
import { JobDurations } from "./services/jobs/job-durations.js";
import { JobHistory } from "./services/jobs/job-history.js";
import { JobLifecycle } from "./services/jobs/job-lifecycle.js";
import { JobStore } from "./services/jobs/job-store.js";
import { JobTracker } from "./services/jobs/job-tracker.js";
import { RetryService } from "./services/jobs/retry-service.js";
import { TtapiHookReceiver } from "./services/jobs/ttapi-hook-receiver.js";
import { ReferenceImages } from "./services/media/reference-images.js";
import { VideoDownloader } from "./services/media/video-download.js";
import { Metrics } from "./services/metrics.js";
import { QuotaService, scopeOf } from "./services/quotas/quota-service.js";
import { Semaphore } from "./services/semaphore.js";
import { openStore, type Store } from "./services/store.js";
import { StoreLock } from "./services/store-lock.js";
import { logTtapiKeyCheck } from "./services/ttapi/key-check.js";
import { modelLimits } from "./services/ttapi/model-limits.js";
import { TtapiClient } from "./services/ttapi/ttapi-client.js";
import { describeAllowance } from "./views/quota-messages.js";

export interface BotOptions {
  logger: Logger;
  /** Defaults to the store named by STORE_URL. */
  store?: Store;
}

export interface Bot {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
/** How long a stop waits for commands under way (Discord allows 3 s to acknowledge). */
const DRAIN_TIMEOUT_MS = 4_000;

/** The composition root: builds every service and hands each its dependencies. */
export function createBot(config: Config, options: BotOptions): Bot {
  const client = createDiscordClient(config.DISCORD_API_BASE_URL);
  // This process's shards: [0] alone; under the ShardingManager, read by discord.js from SHARDS.
  const shardIds = Array.isArray(client.options.shards) ? client.options.shards : [0];
  const logger = client.shard ? options.logger.child({ shards: shardIds }) : options.logger;
  const store = options.store ?? openStore(config.STORE_URL);
  store.kv.on("error", (error: unknown) => logger.error({ err: error }, "store error"));

  // TTAPI's API and its file server are retried with the same delays.
  const ttapiBackoff = {
    attempts: 3,
    baseDelayMs: config.TTAPI_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.TTAPI_RETRY_BASE_DELAY_MS * 10,
  };
  const metrics = new Metrics({
    jobsInFlight: () => jobs.unfinishedCount,
    lineLength: () => generations.lineLength,
  });
  const ttapi = new TtapiClient({
    baseUrl: config.TTAPI_BASE_URL,
    apiKey: config.TTAPI_API_KEY,
    timeoutMs: config.TTAPI_REQUEST_TIMEOUT_MS,
    resolution: config.TTAPI_RESOLUTION,
    model: config.TTAPI_MODEL,
    backoff: ttapiBackoff,
    observe: (request) => metrics.ttapiRequest(request),
  });
  const jobs = new JobStore(store, config.JOB_RETENTION_DAYS, `shard-${shardIds.join("-")}`);
  const quotas = new QuotaService({
    store: store.kv,
    logger,
    defaults: {
      period: config.DEFAULT_QUOTA_PERIOD,
      guildVideos: config.DEFAULT_GUILD_VIDEO_LIMIT ?? null,
      memberVideos: config.DEFAULT_MEMBER_VIDEO_LIMIT ?? null,
      dmVideos: config.DM_USER_VIDEO_LIMIT ?? null,
    },
  });
  const notifier = new JobMessagePublisher({
    rest: client.rest,
    interactionRest: createInteractionRest(config.DISCORD_API_BASE_URL),
    logger,
    tokenSafeAgeMs: config.INTERACTION_TOKEN_SAFE_AGE_MS,
    onVideo: (video) => metrics.videoShown(video),
    footerFor: async (job) =>
      describeAllowance(
        await quotas.report(scopeOf(job.origin), job.origin.userId),
        catalogFor(job.origin.locale),
      ),
    ...(config.ATTACH_VIDEOS
      ? {
          videos: {
            downloader: new VideoDownloader({
              timeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
              // The job is paid for: its file is worth more tries than an API call.
              backoff: { ...ttapiBackoff, attempts: config.VIDEO_DOWNLOAD_ATTEMPTS },
            }),
            slots: new Semaphore(config.MAX_UPLOADS_IN_FLIGHT),
            channelLimit: (guildId) => uploadLimitOf(client.guilds.cache.get(guildId ?? "")),
          },
        }
      : {}),
  });
  // With TTAPI callbacks on, polling is only a slow safety net.
  const hooks = config.HOOK_PUBLIC_URL;
  const safetyNet = hooks ? config.HOOK_SAFETY_POLL_INTERVAL_MS : 0;
  const lifecycle = new JobLifecycle({ jobs, quotas, notifier });
  const pollIntervalMs = Math.max(config.TTAPI_POLL_INTERVAL_MS, safetyNet);
  const tracker = new JobTracker({
    ttapi,
    jobs,
    lifecycle,
    logger,
    pollIntervalMs,
    maxPollIntervalMs: Math.max(config.TTAPI_POLL_MAX_INTERVAL_MS, safetyNet),
    concurrency: config.TTAPI_POLL_CONCURRENCY,
    giveUpAfterMs: config.JOB_GIVE_UP_AFTER_MINUTES * 60_000,
  });
  // Under a ShardingManager the manager receives callbacks and passes each to its shard.
  const hookReceiver =
    hooks && !client.shard
      ? new TtapiHookReceiver({
          jobs,
          confirm: async (job) => tracker.pollSoon(job.id),
          logger,
          requestTimeoutMs: config.HOOK_REQUEST_TIMEOUT_MS,
          maxConnections: config.HOOK_MAX_CONNECTIONS,
        })
      : undefined;
  const onShardMessage = (message: unknown) => {
    const hook = ttapiHookMessageSchema.safeParse(message);
    if (hook.success) tracker.pollSoon(hook.data.ttapiHook);
  };
  const durations = new JobDurations(store.kv);
  lifecycle.onEnded((job) => {
    metrics.jobFinished(job);
    durations.record(job).catch((error: unknown) => {
      logger.warn({ err: error, jobId: job.id }, "job duration not recorded");
    });
  });
  const history = new JobHistory(store.kv, config.JOB_RETENTION_DAYS);
  const guildSettings = new GuildSettingsService(store.kv);
  const generations = new GenerationService({
    ttapi,
    jobs,
    durations,
    history,
    guildSettings,
    tracker,
    lifecycle,
    quotas,
    logger,
    maxActivePerUser: config.MAX_ACTIVE_JOBS_PER_USER,
    maxActivePerGuild: config.MAX_ACTIVE_JOBS_PER_GUILD,
    maxWaitingPerGuild: config.MAX_WAITING_PER_GUILD,
    submitRetryDelayMs: config.SUBMIT_RETRY_DELAY_MS,
    placesIntervalMs: config.WAITING_UPDATE_INTERVAL_MS,
    giveUpAfterMs: config.JOB_GIVE_UP_AFTER_MINUTES * 60_000,
    resumeSpreadMs: pollIntervalMs,
    ...(hooks ? { hookUrl: (jobId, token) => TtapiHookReceiver.urlFor(hooks, jobId, token) } : {}),
  });
  const locks = new StoreLock(store.kv);
  // What TTAPI_MODEL accepts shapes both /grok-video's checks and its registered options.
  const limits = modelLimits(config.TTAPI_MODEL);
  const retries = new RetryService({
    jobs,
    locks,
    generations,
    referenceImages: new ReferenceImages({
      refresher: discordAttachmentLinks(client.rest),
      minLifetimeMs: config.REFERENCE_LINK_MIN_LIFETIME_MS,
    }),
    logger,
    cooldownMs: config.RETRY_COOLDOWN_SECONDS * 1000,
  });
  const audit = new AuditLog(guildSettings, auditChannel(client, logger), logger);
  const auditInBackground = (guildId: string | null, event: AuditEvent) => {
    audit.record(guildId, event).catch((error: unknown) => {
      logger.warn({ err: error, guildId }, "audit log failed");
    });
  };
  generations.onStarted((job) => {
    metrics.jobStarted();
    auditInBackground(job.origin.guildId, { kind: "job_started", job });
  });
  lifecycle.onEnded((job) => auditInBackground(job.origin.guildId, { kind: "job_ended", job }));
  // Each process serves its own port: METRICS_PORT + its first shard's id.
  const health =
    config.METRICS_PORT === undefined
      ? undefined
      : new HealthServer({
          host: config.METRICS_HOST,
          port: config.METRICS_PORT + (shardIds[0] ?? 0),
          checks: {
            gateway: () => gatewayProblem(client),
            store: async () => {
              try {
                await store.kv.get("healthz");
                return null;
              } catch (error) {
                return `store error: ${String(error)}`;
              }
            },
          },
          metrics,
          storeTimeoutMs: config.HEALTHZ_STORE_TIMEOUT_MS,
          logger,
        });
  if (health) metrics.collectProcessMetrics();
  const maxImageBytes = config.MAX_IMAGE_MB * 1024 * 1024;
  const router = new InteractionRouter({
    commands: createCommandRoutes({
      generations,
      quotas,
      history,
      jobs,
      settings: guildSettings,
      audit,
      logger,
      metrics,
      limits,
      maxImageBytes,
      allowDms: config.ALLOW_DM_USE,
    }),
    buttons: [createRetryButton(retries), createCancelButton(generations)],
    modals: [
      createMakeVideoModal({
        generations,
        logger,
        metrics,
        limits,
        maxImageBytes,
      }),
    ],
    locks,
    logger,
  });

  client.on(Events.InteractionCreate, router.handle);
  const reactions = {
    client,
    retries,
    logger,
    noticeLifetimeMs: config.RETRY_NOTICE_SECONDS * 1000,
  };
  client.on(Events.MessageReactionAdd, createReactionRetryHandler(reactions));
  client.on(Events.MessageReactionRemove, createReactionRemovedHandler(reactions));
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));

  return {
    async start() {
      if (hookReceiver) {
        const port = await hookReceiver.listen(config.HOOK_PORT);
        logger.info({ port, publicUrl: hooks }, "TTAPI callback receiver listening");
      }
      if (health) {
        const port = await health.start();
        logger.info({ port, host: config.METRICS_HOST }, "health and metrics listening");
      }
      if (client.shard) process.on("message", onShardMessage);
      const unfinished = await jobs.load();
      const ready = once(client, Events.ClientReady, {
        signal: AbortSignal.timeout(READY_TIMEOUT_MS),
      });
      await client.login(config.DISCORD_TOKEN);
      await ready;
      const applicationId = client.application?.id ?? client.user!.id;
      // One registration per bot: by the process that runs shard 0.
      const registration = shardIds.includes(0)
        ? await registerCommands({
            rest: client.rest,
            store: store.kv,
            applicationId,
            definitions: commandDefinitions({
              allowDms: config.ALLOW_DM_USE,
              limits,
            }),
            guildId: config.DEV_GUILD_ID,
          })
        : "left to shard 0";
      // One check per bot, beside the registration; it never holds up the start.
      if (shardIds.includes(0)) {
        logTtapiKeyCheck(ttapi, logger).catch((error: unknown) => {
          logger.warn({ err: error }, "could not check TTAPI_API_KEY");
        });
      }
      const resumedJobs = await generations.resume(unfinished);
      logger.info(
        { user: client.user?.tag, shards: shardIds, commands: registration, resumedJobs },
        "bot ready",
      );
    },
    /** New interactions are turned away, work under way finishes, then everything closes. */
    async stop() {
      await router.drain(DRAIN_TIMEOUT_MS);
      await generations.stop();
      await tracker.stop();
      await hookReceiver?.close();
      await health?.stop();
      process.off("message", onShardMessage);
      await client.destroy();
      await store.disconnect();
    },
  };
}
