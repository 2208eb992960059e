import type { MemberLimit, QuotaSettings } from "./quota-settings.js";
import type { QuotaWindow } from "./quota-window.js";

export interface UsageTotals {
  videos: number;
  credits: number;
}

export interface UsageReport {
  settings: QuotaSettings;
  window: QuotaWindow;
  scope: UsageTotals;
  /** The member's own limit (a role's, or the server's), and their usage in its window. */
  memberLimit: MemberLimit;
  memberWindow: QuotaWindow;
  member: UsageTotals;
  /** The members who used most, by credits (kept as usage grows; see `QuotaService`). */
  top: (UsageTotals & { userId: string })[];
}
