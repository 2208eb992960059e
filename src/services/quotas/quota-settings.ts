import { z } from "zod";
import { MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS } from "../ttapi/ttapi-schemas.js";
import { QUOTA_PERIODS, type QuotaPeriod } from "./quota-window.js";

export const MAX_VIDEO_LIMIT = 100_000;
export const MAX_CREDIT_BUDGET = 10_000_000;

const limit = (max: number) => z.number().int().min(1).max(max).nullable();

/** Roles one server may give limits of their own. */
export const MAX_ROLE_LIMITS = 50;

/**
 * The per-member limit for members with one role: `memberVideos` 0 means they may not
 * make videos; `period` null counts in the server's period.
 */
export const roleLimitSchema = z.object({
  memberVideos: z.number().int().min(0).max(MAX_VIDEO_LIMIT),
  credits: limit(MAX_CREDIT_BUDGET),
  period: z.enum(QUOTA_PERIODS).nullable(),
});
export type RoleLimit = z.infer<typeof roleLimitSchema>;

/** A guild's limits; null means unlimited. */
export const quotaSettingsSchema = z.object({
  period: z.enum(QUOTA_PERIODS),
  guildVideos: limit(MAX_VIDEO_LIMIT),
  memberVideos: limit(MAX_VIDEO_LIMIT),
  credits: limit(MAX_CREDIT_BUDGET),
  maxVideoSeconds: z.number().int().min(MIN_VIDEO_SECONDS).max(MAX_VIDEO_SECONDS).nullable(),
  /** Per-member limits by role id (`/grok-quota role`), replacing `memberVideos` for them. */
  roles: z
    .record(z.string(), roleLimitSchema)
    .refine((roles) => Object.keys(roles).length <= MAX_ROLE_LIMITS)
    .default({}),
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

/** The limits a reservation counts against; `memberCredits` comes only from a role. */
export type CountedLimits = Pick<QuotaSettings, "guildVideos" | "memberVideos" | "credits"> & {
  memberCredits: number | null;
};
export const COUNTED_LIMITS = ["memberVideos", "memberCredits", "guildVideos", "credits"] as const;
export type CountedLimit = (typeof COUNTED_LIMITS)[number];

export type Exceeded =
  | {
      limit: CountedLimit;
      allowed: number;
      used: number;
      /** The role whose limit this is (a member limit set by `/grok-quota role`). */
      roleId?: string;
    }
  | { limit: "maxVideoSeconds"; allowed: number; requested: number }
  /**
   * The usage counter a limit reads cannot be read (a damaged store value, or counts lost
   * with the store's data): refused rather than guessed, until whoever `repair`s starts the
   * count again (see `repairedBy`).
   */
  | {
      limit: "damagedCounter";
      counter: "total" | "member" | "settings" | "lost";
      repair: "admin" | "operator";
    };

/** Where a member's own limit comes from: the server's per-member limit, or one role's. */
export interface MemberLimit {
  roleId: string | null;
  videos: number | null;
  credits: number | null;
  period: QuotaPeriod;
}

/**
 * The per-member limit that applies to a member with `roleIds`: the most generous of
 * their roles that have one (more videos, then more credits), or the server's.
 */
export function memberLimitOf(settings: QuotaSettings, roleIds: readonly string[]): MemberLimit {
  let best: MemberLimit | undefined;
  for (const roleId of roleIds) {
    const role = settings.roles[roleId];
    if (!role) continue;
    const candidate = roleLimitOf(settings, roleId, role);
    if (!best || moreGenerous(candidate, best)) best = candidate;
  }
  return (
    best ?? { roleId: null, videos: settings.memberVideos, credits: null, period: settings.period }
  );
}

/** A role's limit as it applies: in its own period, or the server's. */
export function roleLimitOf(settings: QuotaSettings, roleId: string, role: RoleLimit): MemberLimit {
  return {
    roleId,
    videos: role.memberVideos,
    credits: role.credits,
    period: role.period ?? settings.period,
  };
}

function moreGenerous(a: MemberLimit, b: MemberLimit): boolean {
  const most = Number.POSITIVE_INFINITY;
  const [aVideos, bVideos] = [a.videos ?? most, b.videos ?? most];
  return aVideos !== bVideos ? aVideos > bVideos : (a.credits ?? most) > (b.credits ?? most);
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
