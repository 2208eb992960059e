import { z } from "zod";
import { MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS } from "../ttapi/ttapi-schemas.js";
import { QUOTA_PERIODS, type QuotaPeriod } from "./quota-window.js";

export const MAX_VIDEO_LIMIT = 100_000;
export const MAX_CREDIT_BUDGET = 10_000_000;

const limit = (max: number) => z.number().int().min(1).max(max).nullable();

/** A guild's limits; null means unlimited. */
export const quotaSettingsSchema = z.object({
  period: z.enum(QUOTA_PERIODS),
  guildVideos: limit(MAX_VIDEO_LIMIT),
  memberVideos: limit(MAX_VIDEO_LIMIT),
  credits: limit(MAX_CREDIT_BUDGET),
  maxVideoSeconds: z.number().int().min(MIN_VIDEO_SECONDS).max(MAX_VIDEO_SECONDS).nullable(),
});
export type QuotaSettings = z.infer<typeof quotaSettingsSchema>;

export const QUOTA_LIMIT_NAMES = [
  "guildVideos",
  "memberVideos",
  "credits",
  "maxVideoSeconds",
] as const;
export type QuotaLimitName = (typeof QUOTA_LIMIT_NAMES)[number];

/** TTAPI charges about 9 credits for 30 s at 720p; reservations assume that rate. */
export function expectedCredits(videoSeconds: number): number {
  return Math.ceil((videoSeconds * 9) / 30);
}

export type Exceeded =
  | { limit: "guildVideos" | "memberVideos" | "credits"; allowed: number; used: number }
  | { limit: "maxVideoSeconds"; allowed: number; requested: number };

/** The first limit a request of `videoSeconds` (costing `credits`) would break, if any. */
export function findExceeded(
  settings: QuotaSettings,
  all: { videos: number; credits: number },
  mine: { videos: number; credits: number },
  videoSeconds: number,
  credits: number,
): Exceeded | undefined {
  if (settings.maxVideoSeconds !== null && videoSeconds > settings.maxVideoSeconds) {
    return { limit: "maxVideoSeconds", allowed: settings.maxVideoSeconds, requested: videoSeconds };
  }
  if (settings.memberVideos !== null && mine.videos + 1 > settings.memberVideos) {
    return { limit: "memberVideos", allowed: settings.memberVideos, used: mine.videos };
  }
  if (settings.guildVideos !== null && all.videos + 1 > settings.guildVideos) {
    return { limit: "guildVideos", allowed: settings.guildVideos, used: all.videos };
  }
  if (settings.credits !== null && all.credits + credits > settings.credits) {
    return { limit: "credits", allowed: settings.credits, used: all.credits };
  }
  return undefined;
}

/** The operator's caps on every server's own limits (null: none), counted per `period`. */
export interface QuotaCeilings {
  guildVideos: number | null;
  credits: number | null;
  period: QuotaPeriod;
}

/**
 * A server's limits under the operator's ceilings: none can be higher, "unlimited" means
 * up to the ceiling, and the counting follows the ceilings' period.
 */
export function withCeilings(settings: QuotaSettings, ceilings: QuotaCeilings): QuotaSettings {
  if (ceilings.guildVideos === null && ceilings.credits === null) return settings;
  const cap = (own: number | null, ceiling: number | null) =>
    ceiling === null ? own : Math.min(own ?? ceiling, ceiling);
  return {
    ...settings,
    period: ceilings.period,
    guildVideos: cap(settings.guildVideos, ceilings.guildVideos),
    credits: cap(settings.credits, ceilings.credits),
  };
}
