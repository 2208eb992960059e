import { once } from "node:events";
import { Events } from "discord.js";
import { commandDefinitions, createCommandRoutes } from "./commands/index.js";
import { createComponentRoutes } from "./components/index.js";
import type { Config } from "./config.js";
import { discordAttachmentLinks } from "./discord/attachment-link-refresher.js";
import { auditChannel } from "./discord/audit-channel.js";
import { auditServerEvents } from "./discord/audit-subscriptions.js";
import { botHealthServer } from "./discord/bot-health.js";
import { cacheSizes } from "./discord/cache-sizes.js";
import { registerCommands } from "./discord/command-registration.js";
import { sendDirectMessages } from "./discord/direct-messages.js";
import { createDiscordClient, createInteractionRest } from "./discord/discord-client.js";
import { GuildAllowlist } from "./discord/guild-allowlist.js";
import { inviteLink } from "./discord/invite-link.js";
import { JobMessagePublisher } from "./discord/job-message-publisher.js";
import { tellAdminsOfServerKey } from "./discord/server-key-notices.js";
import { ttapiHookMessageSchema } from "./discord/shard-callbacks.js";
import { uploadLimitOf } from "./discord/upload-limit.js";
import { listenToClient } from "./events/client-events.js";
import { InteractionRouter } from "./events/interaction-create.js";
import type { InteractionDeps } from "./handlers/interaction-deps.js";
import { catalogFor } from "./i18n/catalog.js";
import { createJobCore, ttapiBackoff } from "./job-core.js";
import type { Logger } from "./logger.js";
import { AuditLog } from "./services/guild-settings/audit-log.js";
import { TtapiHookReceiver } from "./services/jobs/ttapi-hook-receiver.js";
import { VideoDownloader } from "./services/media/video-download.js";
import { scopeOf } from "./services/quotas/quota-scope.js";
import { Semaphore } from "./services/semaphore.js";
import type { Store } from "./services/store.js";
import { StoreSweeper } from "./services/store-sweeper.js";
import { logTtapiKeyCheck } from "./services/ttapi/key-check.js";
import { modelLimits } from "./services/ttapi/model-limits.js";
import { VERSION } from "./version.js";
import { describeAllowance } from "./views/quota-messages.js";

export interface BotOptions {
  logger: Logger;
  /** The store named by STORE_URL (see openStore). */
  store: Store;
  /** Another process took this one's shards over (it paused past the lease): stop. */
  onOwnershipLost?: () => void;
}

export interface Bot {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
/** How long a stop waits for commands under way (Discord allows 3 s to acknowledge). */
const DRAIN_TIMEOUT_MS = 4_000;

/**
 * The composition root: the job core (services, no Discord) plus the Discord half —
 * the client, the job publisher, the interaction router, reactions, and what serves
 * operators (health, callbacks).
 */
export function createBot(config: Config, options: BotOptions): Bot {
  const client = createDiscordClient(config.DISCORD_API_BASE_URL);
  // This process's shards: [0] alone; under the ShardingManager, read by discord.js from SHARDS.
  const shardIds = Array.isArray(client.options.shards) ? client.options.shards : [0];
  const logger = client.shard ? options.logger.child({ shards: shardIds }) : options.logger;
  const { store } = options;
  const partition = `shard-${shardIds.join("-")}`;

  /** While another process holds these shards: who (see PartitionOwner.claim). */
  let standby: string | null = null;
  const core = createJobCore({
    config,
    store,
    logger,
    partition,
    onOwnershipLost: () => options.onOwnershipLost?.(),
    onStandby: (holder) => {
      standby = holder;
    },
    linkRefresher: discordAttachmentLinks(client.rest),
    tellOperators: (text) =>
      sendDirectMessages(client, config.OPERATOR_USER_IDS ?? [], text, logger),
    tellServerAdmins: (problem) =>
      tellAdminsOfServerKey(problem, { client, audit, serverKeys: core.serverKeys, logger }),
    notifier: (quotas) =>
      new JobMessagePublisher({
        rest: client.rest,
        interactionRest: createInteractionRest(config.DISCORD_API_BASE_URL),
        logger,
        tokenSafeAgeMs: config.INTERACTION_TOKEN_SAFE_AGE_MS,
        retryDelayMs: config.DISCORD_RETRY_DELAY_MS,
        onVideo: (video) => core.metrics.videoShown(video),
        checkClaim: () => core.owner.checkClaim(),
        footerFor: async (job) =>
          describeAllowance(
            await quotas.report(scopeOf(job.origin), job.origin.userId, job.origin.roleIds),
            catalogFor(job.origin.locale),
          ),
        ...(config.ATTACH_VIDEOS
          ? {
              videos: {
                downloader: new VideoDownloader({
                  timeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
                  // The job is paid for: its file is worth more tries than an API call.
                  backoff: { ...ttapiBackoff(config), attempts: config.VIDEO_DOWNLOAD_ATTEMPTS },
                  trustedHosts: new Set(config.VIDEO_TRUSTED_HOSTS ?? []),
                }),
                slots: new Semaphore(config.MAX_UPLOADS_IN_FLIGHT),
                channelLimit: (guildId) => uploadLimitOf(client.guilds.cache.get(guildId ?? "")),
              },
            }
          : {}),
      }),
  });
  const { jobs, tracker, generations, metrics, owner } = core;
  const stopping = new AbortController();

  // Under a ShardingManager the manager receives callbacks and passes each to its shard.
  const hookReceiver =
    config.HOOK_PUBLIC_URL && !client.shard
      ? new TtapiHookReceiver({
          jobs,
          confirm: async (job, claimed) => tracker.pollSoon(job.id, claimed),
          logger,
          requestTimeoutMs: config.HOOK_REQUEST_TIMEOUT_MS,
          maxConnections: config.HOOK_MAX_CONNECTIONS,
          lateWindowMs: config.JOB_GIVE_UP_AFTER_MINUTES * 60_000,
        })
      : undefined;
  const onShardMessage = (message: unknown) => {
    const hook = ttapiHookMessageSchema.safeParse(message);
    if (hook.success) tracker.pollSoon(hook.data.ttapiHook, hook.data.claimed);
  };

  const audit = new AuditLog(core.guildSettings, auditChannel(client, logger), logger);
  auditServerEvents(core, audit, logger);

  const health = botHealthServer({
    config,
    client,
    store,
    metrics,
    balanceEmpty: () => core.balance.empty,
    firstShard: shardIds[0] ?? 0,
    standby: () => standby,
    logger,
  });
  // One process per store sweeps it: the one with shard 0.
  const sweeper = shardIds.includes(0)
    ? new StoreSweeper({ store, logger, intervalMs: config.STORE_SWEEP_INTERVAL_MS })
    : undefined;

  // What TTAPI_MODEL accepts shapes both /grok-video's checks and its registered options.
  const limits = modelLimits(config.TTAPI_MODEL);
  const maxImageBytes = config.MAX_IMAGE_MB * 1024 * 1024;
  const deps: InteractionDeps = {
    ...core,
    settings: core.guildSettings,
    logger,
    limits,
    maxImageBytes,
    allowDms: config.ALLOW_DM_USE,
  };
  const router = new InteractionRouter({
    commands: createCommandRoutes(deps),
    ...createComponentRoutes(deps),
    locks: core.locks,
    claimTtlMs: config.INTERACTION_CLAIM_MS,
    storeHealth: core.storeHealth,
    logger,
  });
  const allowlist = new GuildAllowlist(
    config.ALLOWED_GUILD_IDS,
    logger,
    config.ALLOWLIST_LEAVE_INTERVAL_MS * (client.shard?.count ?? 1),
  );
  listenToClient(client, {
    ...deps,
    router,
    allowlist,
    noticeLifetimeMs: config.RETRY_NOTICE_SECONDS * 1000,
  });

  return {
    async start() {
      if (hookReceiver) {
        const port = await hookReceiver.listen(config.HOOK_PORT);
        logger.info(
          { port, publicUrl: config.HOOK_PUBLIC_URL },
          "TTAPI callback receiver listening",
        );
      }
      if (health) {
        const port = await health.start();
        logger.info({ port, host: config.METRICS_HOST }, "health and metrics listening");
      }
      // Before anything else touches the store: a second process for these shards waits
      // here as a standby until they are free (or it is stopped).
      if ((await owner.claim(stopping.signal)) === "stopped") return;
      if (client.shard) process.on("message", onShardMessage);
      sweeper?.start();
      const unfinished = await core.loadUnfinished();
      const ready = once(client, Events.ClientReady, {
        signal: AbortSignal.timeout(READY_TIMEOUT_MS),
      });
      await client.login(config.DISCORD_TOKEN);
      await ready;
      void allowlist.leaveOthers(client, stopping.signal);
      const applicationId = client.application?.id ?? client.user!.id;
      // One registration and one key check per bot: by the process that runs shard 0.
      const registration = shardIds.includes(0)
        ? await registerCommands({
            rest: client.rest,
            store: store.kv,
            applicationId,
            definitions: commandDefinitions({ allowDms: config.ALLOW_DM_USE, limits }),
            guildId: config.DEV_GUILD_ID,
          })
        : "left to shard 0";
      if (shardIds.includes(0)) {
        // It never holds up the start.
        logTtapiKeyCheck(core.ttapi, logger).catch((error: unknown) => {
          logger.warn({ err: error }, "could not check TTAPI_API_KEY");
        });
      }
      const resumedJobs = await generations.resume(unfinished);
      logger.info(
        {
          version: VERSION,
          user: client.user?.tag,
          shards: shardIds,
          commands: registration,
          resumedJobs,
          cached: cacheSizes(client),
          // A bot in no server yet: the link that adds it, with the permissions it needs.
          ...(client.guilds.cache.size === 0 && shardIds.includes(0)
            ? { invite: inviteLink(applicationId) }
            : {}),
        },
        "bot ready",
      );
    },
    /** New interactions are turned away, work under way finishes, then everything closes. */
    async stop() {
      stopping.abort();
      await router.drain(DRAIN_TIMEOUT_MS);
      await generations.stop();
      await tracker.stop();
      await hookReceiver?.close();
      await health?.stop();
      process.off("message", onShardMessage);
      await client.destroy();
      core.storeHealth.stop();
      await owner.release().catch(() => undefined);
      sweeper?.stop();
      await store.disconnect();
    },
  };
}
