import { roleMention } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import type { AuditEvent } from "../services/guild-settings/audit-log.js";
import type { GuildSettings } from "../services/guild-settings/guild-settings.js";
import type { JobRecord } from "../services/jobs/job-record.js";
import type { ServerKeyProblem } from "../services/ttapi/server-key-alerts.js";
import { jumpLink } from "./job-history.js";
import { shown } from "./member-text.js";
import { describeSettings } from "./quota-messages.js";
import { describeFailure } from "./user-messages.js";

const channelList = (settings: GuildSettings, t: Catalog) =>
  settings.channels.length === 0
    ? t.settingsChannelsAnywhere
    : settings.channels.map((id) => `<#${id}>`).join(", ");

/** `/grok-settings show` and the answer to every change: the settings at a glance. */
export function describeGuildSettings(settings: GuildSettings, t: Catalog): string {
  return [
    t.settingsChannels(channelList(settings, t)),
    t.settingsRoles(
      settings.roles.length === 0
        ? t.settingsRolesEveryone
        : settings.roles.map(roleMention).join(", "),
    ),
    t.settingsBlockedWords(settings.blockedWords.length),
    t.settingsLogChannel(settings.logChannel ? `<#${settings.logChannel.id}>` : null),
  ].join("\n");
}

/** One compact line for the log channel (mentions are shown, never pinged). */
export function describeAuditEvent(event: AuditEvent, t: Catalog): string {
  switch (event.kind) {
    case "job_started": {
      const { request } = event.job;
      const options = `${request.aspectRatio} · ${t.seconds(request.videoLength)}`;
      return t.auditStarted(member(event.job), prompt(event.job), options);
    }
    case "job_ended": {
      const { job } = event;
      if (job.status === "succeeded") {
        return t.auditMade(
          member(job),
          prompt(job),
          t.credits(job.result?.credits ?? 0),
          link(job, t),
        );
      }
      const why = describeFailure(job.failure?.kind ?? "unknown", null, t);
      return t.auditFailed(member(job), prompt(job), why, link(job, t));
    }
    case "quota_changed":
      return t.auditQuota(
        `<@${event.actorId}>`,
        describeSettings(event.quota, t).replaceAll("\n", " · "),
      );
    case "usage_reset":
      return t.auditReset(`<@${event.actorId}>`, event.memberId ? `<@${event.memberId}>` : null);
    case "settings_changed":
      return t.auditSettings(
        `<@${event.actorId}>`,
        describeGuildSettings(event.settings, t).replaceAll("\n", " · "),
      );
    case "api_key_changed":
      return t.auditApiKey(`<@${event.actorId}>`, event.last4);
    case "api_key_problem":
      return describeServerKeyProblem(event.problem, t, event.server);
  }
}

/** What a server's admins are told when its own TTAPI key stops working. */
export function describeServerKeyProblem(
  problem: ServerKeyProblem["kind"],
  t: Catalog,
  server: string,
): string {
  if (problem === "unreadable") return t.serverKeyUnreadableNotice(server);
  return problem === "auth" ? t.serverKeyRefusedNotice(server) : t.serverBalanceNotice(server);
}

const member = (job: JobRecord) => `<@${job.origin.userId}>`;
const prompt = (job: JobRecord) => shown(job.request.prompt, 80);

const link = (job: JobRecord, t: Catalog) => jumpLink(job) ?? t.auditNoMessage;
