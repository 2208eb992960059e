import type { Logger } from "../logger.js";
import type { GuildSettingsService } from "../services/guild-settings/guild-settings.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import type { JobHistory } from "../services/jobs/job-history.js";
import type { JobStore } from "../services/jobs/job-store.js";
import type { RetryService } from "../services/jobs/retry-service.js";
import type { ReferenceImages } from "../services/media/reference-images.js";
import type { Metrics } from "../services/metrics.js";
import type { QuotaService } from "../services/quotas/quota-service.js";
import type { QuotaSettingsService } from "../services/quotas/quota-settings-service.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import type { ServerKeys } from "../services/ttapi/server-keys.js";

/**
 * Everything a command, button or modal may need (one bag, so the composition root builds
 * it once); each takes only what it uses.
 */
export interface InteractionDeps {
  generations: GenerationService;
  retries: RetryService;
  /** Reference images of earlier jobs, their Discord links renewed (Remix). */
  referenceImages: ReferenceImages;
  quotas: QuotaService;
  history: JobHistory;
  jobs: JobStore;
  settings: GuildSettingsService;
  quotaSettings: QuotaSettingsService;
  /** Servers' own TTAPI keys (`/grok-settings api-key`). */
  serverKeys: ServerKeys;
  logger: Logger;
  metrics: Pick<Metrics, "acknowledged">;
  limits: ModelLimits;
  maxImageBytes: number;
  /** ALLOW_DM_USE: member commands also work in direct messages with the bot. */
  allowDms: boolean;
}
