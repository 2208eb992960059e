import { time } from "discord.js";
import type { Exceeded, UsageReport } from "../services/quotas/quota-service.js";
import type { QuotaSettings } from "../services/quotas/quota-settings.js";

const PERIOD_WORD: Record<QuotaSettings["period"], string> = {
  day: "today",
  week: "this week",
  month: "this month",
};

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

/** Why a request was refused, and when it can be made again. */
export function describeQuotaRefusal(exceeded: Exceeded, resetsAt: number): string {
  const reset = `Usage resets ${time(new Date(resetsAt), "R")}.`;
  switch (exceeded.limit) {
    case "maxVideoSeconds":
      return `This server allows videos of up to ${exceeded.allowed} seconds; you asked for ${exceeded.requested}. Choose a shorter length.`;
    case "memberVideos":
      return `You have used all ${plural(exceeded.allowed, "video")} you may make in this server this period. ${reset}`;
    case "guildVideos":
      return `This server has used all ${plural(exceeded.allowed, "video")} it may make this period. ${reset}`;
    case "credits":
      return `This server has used its TTAPI credit budget for this period (${exceeded.used} of ${exceeded.allowed} credits). ${reset}`;
  }
}

/** A short "what is left" line for job messages; undefined when nothing is limited. */
export function describeAllowance(report: UsageReport): string | undefined {
  const { settings, member, scope } = report;
  const period = PERIOD_WORD[settings.period];
  const parts: string[] = [];
  if (settings.memberVideos !== null) {
    parts.push(
      `you: ${Math.max(0, settings.memberVideos - member.videos)}/${settings.memberVideos} videos`,
    );
  }
  if (settings.guildVideos !== null) {
    parts.push(
      `server: ${Math.max(0, settings.guildVideos - scope.videos)}/${settings.guildVideos} videos`,
    );
  }
  if (settings.credits !== null) {
    parts.push(`${Math.max(0, settings.credits - scope.credits)}/${settings.credits} credits`);
  }
  return parts.length > 0 ? `Left ${period}: ${parts.join(", ")}` : undefined;
}

function limitText(value: number | null, unit: string): string {
  return value === null ? "unlimited" : plural(value, unit);
}

export function describeSettings(settings: QuotaSettings): string {
  return [
    `Period: **${settings.period}** (UTC)`,
    `Server videos per period: **${limitText(settings.guildVideos, "video")}**`,
    `Videos per member per period: **${limitText(settings.memberVideos, "video")}**`,
    `Credit budget per period: **${limitText(settings.credits, "credit")}**`,
    `Longest video: **${limitText(settings.maxVideoSeconds, "second")}**`,
  ].join("\n");
}

/** `/grok-quota show`: settings, usage this period, reset time, top members. */
export function describeQuotaReport(report: UsageReport): string {
  const top =
    report.top.length === 0
      ? "nobody yet"
      : report.top
          .map(
            (m, i) =>
              `${i + 1}. <@${m.userId}> — ${plural(m.videos, "video")}, ${plural(m.credits, "credit")}`,
          )
          .join("\n");
  return [
    describeSettings(report.settings),
    "",
    `This ${report.settings.period}: **${plural(report.scope.videos, "video")}**, **${plural(report.scope.credits, "credit")}** (jobs in progress count at their expected cost)`,
    `Resets ${time(new Date(report.window.end), "R")} (${time(new Date(report.window.end), "f")})`,
    "",
    `Top members:\n${top}`,
  ].join("\n");
}

/** `/grok-usage`: a member's own usage and what remains. */
export function describeMemberUsage(report: UsageReport): string {
  const lines = [
    `You have made **${plural(report.member.videos, "video")}** (${plural(report.member.credits, "credit")}) ${PERIOD_WORD[report.settings.period]} here.`,
  ];
  lines.push(describeAllowance(report) ?? "This server sets no limits.");
  if (report.settings.maxVideoSeconds !== null) {
    lines.push(`Videos can be up to ${report.settings.maxVideoSeconds} seconds long here.`);
  }
  lines.push(`Usage resets ${time(new Date(report.window.end), "R")}.`);
  return lines.join("\n");
}
