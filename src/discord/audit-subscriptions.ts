import type { Logger } from "../logger.js";
import type { AuditEvent, AuditLog } from "../services/guild-settings/audit-log.js";
import type { GuildSettingsService } from "../services/guild-settings/guild-settings.js";
import type { GenerationService } from "../services/jobs/generation-service.js";
import type { JobLifecycle } from "../services/jobs/job-lifecycle.js";
import type { QuotaService } from "../services/quotas/quota-service.js";
import type { QuotaSettingsService } from "../services/quotas/quota-settings-service.js";
import type { ServerKeys } from "../services/ttapi/server-keys.js";

/** The services that tell what happened in a server: jobs, and every admin's change. */
export interface AuditedServices {
  generations: Pick<GenerationService, "onStarted">;
  lifecycle: Pick<JobLifecycle, "onEnded">;
  quotaSettings: Pick<QuotaSettingsService, "onChanged">;
  quotas: Pick<QuotaService, "onReset">;
  guildSettings: Pick<GuildSettingsService, "onChanged">;
  serverKeys: Pick<ServerKeys, "onChanged">;
}

/**
 * Posts each server's events to its log channel, in the background (a failed post never
 * holds up a job). Every change is told by the service that made it, so no path can skip
 * the log.
 */
export function auditServerEvents(services: AuditedServices, audit: AuditLog, logger: Logger) {
  const record = (guildId: string | null, event: AuditEvent) => {
    audit.record(guildId, event).catch((error: unknown) => {
      logger.warn({ err: error, guildId }, "audit log failed");
    });
  };
  services.generations.onStarted((job) => record(job.origin.guildId, { kind: "job_started", job }));
  services.lifecycle.onEnded((job) => record(job.origin.guildId, { kind: "job_ended", job }));
  services.quotaSettings.onChanged(({ guildId, actorId, settings }) =>
    record(guildId, { kind: "quota_changed", actorId, quota: settings }),
  );
  services.quotas.onReset(({ guildId, ...reset }) =>
    record(guildId, { kind: "usage_reset", ...reset }),
  );
  services.guildSettings.onChanged(({ guildId, ...change }) =>
    record(guildId, { kind: "settings_changed", ...change }),
  );
  services.serverKeys.onChanged(({ guildId, actorId, last4 }) =>
    record(guildId, { kind: "api_key_changed", actorId, last4 }),
  );
}
