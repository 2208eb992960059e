import { roleMention, time } from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import {
  type Exceeded,
  type MemberLimit,
  type QuotaCeilings,
  type QuotaSettings,
  roleLimitOf,
} from "../services/quotas/quota-settings.js";
import type { UsageReport } from "../services/quotas/usage-report.js";

/** Why a request was refused, and when it can be made again. */
export function describeQuotaRefusal(exceeded: Exceeded, resetsAt: number, t: Catalog): string {
  const resets = time(new Date(resetsAt), "R");
  switch (exceeded.limit) {
    case "maxVideoSeconds":
      return t.quotaTooLong(exceeded.allowed, exceeded.requested);
    case "memberVideos":
      if (exceeded.roleId === undefined) return t.quotaMemberVideos(exceeded.allowed, resets);
      return exceeded.allowed === 0
        ? t.quotaRoleNone(roleMention(exceeded.roleId))
        : t.quotaRoleVideos(roleMention(exceeded.roleId), exceeded.allowed, resets);
    case "memberCredits":
      // Only a role sets a member's credits.
      return t.quotaMemberCredits(
        roleMention(exceeded.roleId ?? ""),
        exceeded.used,
        exceeded.allowed,
        resets,
      );
    case "guildVideos":
      return t.quotaGuildVideos(exceeded.allowed, resets);
    case "credits":
      return t.quotaCredits(exceeded.used, exceeded.allowed, resets);
    case "damagedCounter":
      return exceeded.counter === "settings"
        ? t.quotaDamagedSettings
        : t.quotaDamagedCounter(exceeded.counter, exceeded.repair);
  }
}

/** A short "what is left" line for job messages; undefined when nothing is limited. */
export function describeAllowance(report: UsageReport, t: Catalog): string | undefined {
  const { settings, member, scope, memberLimit } = report;
  const left = (limit: number, used: number) => Math.max(0, limit - used);
  const parts: string[] = [];
  if (memberLimit.videos !== null) {
    const mine = left(memberLimit.videos, member.videos);
    parts.push(
      memberLimit.period === settings.period
        ? t.allowanceYou(mine, memberLimit.videos)
        : t.allowanceYouIn(mine, memberLimit.videos, t.periods[memberLimit.period]),
    );
  }
  if (settings.guildVideos !== null) {
    parts.push(t.allowanceServer(left(settings.guildVideos, scope.videos), settings.guildVideos));
  }
  if (settings.credits !== null) {
    parts.push(t.allowanceCredits(left(settings.credits, scope.credits), settings.credits));
  }
  return parts.length > 0 ? t.allowance(t.periods[settings.period], parts) : undefined;
}

/** A server's limits; with the operator's ceilings, which of them a ceiling sets. */
export function describeSettings(
  settings: QuotaSettings,
  t: Catalog,
  ceilings?: QuotaCeilings,
): string {
  const value = (limit: number | null, unit: (count: number) => string) =>
    limit === null ? t.unlimited : unit(limit);
  const capped = (limit: number | null, ceiling: number | null | undefined, text: string) =>
    ceiling != null && limit === ceiling ? t.ceilingApplies(text) : text;
  const hasCeilings = ceilings?.guildVideos != null || ceilings?.credits != null;
  return [
    t.settingsPeriod(t.periodNames[settings.period]),
    t.settingsLimits.guildVideos(
      capped(settings.guildVideos, ceilings?.guildVideos, value(settings.guildVideos, t.videos)),
    ),
    t.settingsLimits.memberVideos(value(settings.memberVideos, t.videos)),
    t.settingsLimits.credits(
      capped(settings.credits, ceilings?.credits, value(settings.credits, t.credits)),
    ),
    t.settingsLimits.maxVideoSeconds(value(settings.maxVideoSeconds, t.secondsLong)),
    ...(hasCeilings ? [t.settingsCeilings] : []),
    ...describeRoleLimits(settings, t),
  ].join("\n");
}

function describeRoleLimits(settings: QuotaSettings, t: Catalog): string[] {
  const roles = Object.entries(settings.roles);
  if (roles.length === 0) return [];
  return [
    t.settingsRoleLimits,
    ...roles.map(([roleId, role]) =>
      t.settingsRoleLimit(
        roleMention(roleId),
        describeMemberLimit(roleLimitOf(settings, roleId, role), t),
      ),
    ),
  ];
}

/** "10 videos and 90 credits per member per day", or "no videos". */
function describeMemberLimit(limit: MemberLimit, t: Catalog): string {
  if (limit.videos === 0) return t.roleLimitNone;
  return t.roleLimitValue(
    limit.videos === null ? t.unlimited : t.videos(limit.videos),
    limit.credits === null ? null : t.credits(limit.credits),
    t.periodNames[limit.period],
  );
}

/** `/grok-quota show`: settings, usage this period, reset time, top members. */
export function describeQuotaReport(
  report: UsageReport,
  t: Catalog,
  ceilings?: QuotaCeilings,
): string {
  const top =
    report.top.length === 0
      ? t.reportTopNobody
      : report.top
          .map((m, i) =>
            t.reportTopLine(i + 1, `<@${m.userId}>`, t.videos(m.videos), t.credits(m.credits)),
          )
          .join("\n");
  const end = new Date(report.window.end);
  return [
    describeSettings(report.settings, t, ceilings),
    "",
    t.reportUsage(
      t.periodNames[report.settings.period],
      t.videos(report.scope.videos),
      t.credits(report.scope.credits),
    ),
    t.reportResets(time(end, "R"), time(end, "f")),
    "",
    t.reportTop(top),
  ].join("\n");
}

/** `/grok-usage`: a member's own usage and what remains. */
export function describeMemberUsage(report: UsageReport, t: Catalog): string {
  const { member, memberLimit } = report;
  const lines = [
    t.usageMade(t.videos(member.videos), t.credits(member.credits), t.periods[memberLimit.period]),
    describeAllowance(report, t) ?? t.usageNoLimits,
  ];
  // Which limit is theirs, and why.
  if (memberLimit.roleId !== null) {
    lines.push(
      memberLimit.videos === 0
        ? t.quotaRoleNone(roleMention(memberLimit.roleId))
        : t.usageLimitRole(roleMention(memberLimit.roleId), describeMemberLimit(memberLimit, t)),
    );
  } else if (memberLimit.videos !== null) {
    lines.push(t.usageLimitServer(describeMemberLimit(memberLimit, t)));
  }
  const { settings } = report;
  if (settings.maxVideoSeconds !== null) lines.push(t.usageMaxLength(settings.maxVideoSeconds));
  lines.push(t.usageResets(time(new Date(report.memberWindow.end), "R")));
  return lines.join("\n");
}
