import type { Store } from "../store.js";
import type { LedgerWindows } from "./ledger-windows.js";
import {
  memberKey,
  memberUsageSchema,
  topKey,
  topSchema,
  totalKey,
  totalsSchema,
} from "./quota-ledger-keys.js";
import { roleScopeId } from "./quota-scope.js";
import { type MemberLimit, memberLimitOf, type QuotaSettings } from "./quota-settings.js";
import { currentWindow, type QuotaWindow } from "./quota-window.js";

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

const ZERO: UsageTotals = { videos: 0, credits: 0 };

/** Reads a report in one round trip once the windows' epochs are known (LedgerWindows). */
export async function readUsageReport(
  store: Pick<Store, "kv">,
  windows: Pick<LedgerWindows, "readLedger">,
  input: {
    scopeId: string;
    settings: QuotaSettings;
    userId: string;
    roleIds: readonly string[];
    now: number;
  },
): Promise<UsageReport> {
  const { scopeId: id, settings, userId, now } = input;
  const window = currentWindow(settings.period, now);
  const memberLimit = memberLimitOf(settings, input.roleIds);
  const ownPeriod = memberLimit.period === settings.period;
  const memberWindow = ownPeriod ? window : currentWindow(memberLimit.period, now);
  const [ledger, memberLedger] = await Promise.all([
    windows.readLedger(id, window),
    ownPeriod ? undefined : windows.readLedger(roleScopeId(id), memberWindow),
  ]);
  const [total, member, top] = await Promise.all([
    store.kv.get(totalKey(ledger)),
    store.kv.get(memberKey(memberLedger ?? ledger, userId)),
    store.kv.get(topKey(ledger)),
  ]);
  const usage = memberUsageSchema.catch({ ...ZERO, open: [] }).parse(member);
  return {
    settings,
    window,
    scope: totalsSchema.catch(ZERO).parse(total),
    memberLimit,
    memberWindow,
    member: { videos: usage.videos, credits: usage.credits },
    top: topSchema.catch([]).parse(top),
  };
}
