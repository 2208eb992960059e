import type { Logger } from "../../logger.js";
import type { JobRecord } from "../jobs/job-record.js";
import type { QuotaSettings } from "../quotas/quota-settings.js";
import type { ServerKeyProblem } from "../ttapi/server-key-alerts.js";
import type { GuildSettings, GuildSettingsService } from "./guild-settings.js";

/** What a server's log channel is told. */
export type AuditEvent =
  | { kind: "job_started"; job: JobRecord }
  | { kind: "job_ended"; job: JobRecord }
  | { kind: "quota_changed"; actorId: string; quota: QuotaSettings }
  /** This period's usage reset, for one member (or the whole server when null). */
  | { kind: "usage_reset"; actorId: string; memberId: string | null }
  | { kind: "settings_changed"; actorId: string; settings: GuildSettings; before: GuildSettings }
  /** The server's own TTAPI key was set (`last4`) or removed (null). */
  | { kind: "api_key_changed"; actorId: string; last4: string | null }
  /** TTAPI refused the server's own key (`auth`), or its balance is empty. */
  | { kind: "api_key_problem"; problem: ServerKeyProblem["kind"]; server: string };

/** Where audit lines go; the Discord layer implements it. */
export interface AuditSink {
  /** Posts one event; "unreachable" when the bot cannot write to that channel at all. */
  post(
    channelId: string,
    guildId: string,
    event: AuditEvent,
  ): Promise<"posted" | "unreachable" | "failed">;
  /** Tells the admin who chose the log channel that the bot cannot write there. */
  tellUnreachable(userId: string, guildId: string, channelId: string): Promise<void>;
}

/**
 * A server's audit log: job events and changes to its limits and settings, posted to the
 * log channel its admins chose. A channel the bot cannot write to is reported once, to
 * the admin who chose it, and then left alone until one is set again; generation never
 * waits on it or fails because of it.
 */
export class AuditLog {
  constructor(
    private readonly settings: Pick<GuildSettingsService, "get" | "markLogChannelBroken">,
    private readonly sink: AuditSink,
    private readonly logger: Logger,
  ) {}

  /** Whether the event reached the log channel. */
  async record(guildId: string | null, event: AuditEvent): Promise<boolean> {
    if (guildId === null) return false;
    // Turning the log channel off is still told to the channel that was on.
    const logChannel =
      (await this.settings.get(guildId)).logChannel ??
      (event.kind === "settings_changed" ? event.before.logChannel : null);
    if (!logChannel || logChannel.broken) return false;
    const result = await this.sink.post(logChannel.id, guildId, event);
    if (result === "failed")
      this.logger.warn({ guildId, event: event.kind }, "audit line not posted");
    if (result !== "unreachable") return result === "posted";
    this.logger.warn(
      { guildId, channelId: logChannel.id },
      "log channel unreachable; told its admin",
    );
    await this.settings.markLogChannelBroken(guildId);
    await this.sink.tellUnreachable(logChannel.setBy, guildId, logChannel.id);
    return false;
  }
}
