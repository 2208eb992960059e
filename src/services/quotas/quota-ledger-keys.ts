import { z } from "zod";

/**
 * How usage is laid out in the store: per scope and window a totals key, one key per
 * member, one per open reservation, a short top-members board, and an epoch that a
 * server-wide reset bumps (the old keys simply expire).
 */
export interface Ledger {
  scopeId: string;
  windowKey: string;
  epoch: number;
  /** When the window's keys expire: a day after it ends. */
  expiresAt: number;
}

/** What names a ledger's keys. */
export type LedgerRef = Pick<Ledger, "scopeId" | "windowKey" | "epoch">;

export const totalsSchema = z.object({ videos: z.number(), credits: z.number() });
/** One member's usage in one window: open reservations included, and which jobs they are. */
export const memberUsageSchema = totalsSchema.extend({ open: z.array(z.string()).default([]) });
export type MemberUsage = z.infer<typeof memberUsageSchema>;
export const openSchema = z.object({ userId: z.string(), credits: z.number() });
export const TOP_SIZE = 5;
export const topSchema = z.array(totalsSchema.extend({ userId: z.string() })).max(TOP_SIZE);

export const epochKey = (id: string, windowKey: string) => `quota:${id}:${windowKey}:epoch`;
const ledgerKey = (ledger: LedgerRef, rest: string) =>
  `quota:${ledger.scopeId}:${ledger.windowKey}:${ledger.epoch}:${rest}`;
export const totalKey = (ledger: LedgerRef) => ledgerKey(ledger, "total");
export const topKey = (ledger: LedgerRef) => ledgerKey(ledger, "top");
export const memberKey = (ledger: LedgerRef, userId: string) =>
  ledgerKey(ledger, `member:${userId}`);
export const openKey = (ledger: LedgerRef, jobId: string) => ledgerKey(ledger, `open:${jobId}`);

/** Where versions before one key per member kept a scope's usage in a window (store-migrations). */
export const legacyUsageKey = (scopeId: string, windowKey: string) =>
  `quota-usage:${scopeId}:${windowKey}`;

/**
 * When the store was first used and when it was last found to have lost its data (a
 * flush, a Redis restarted without persistence, a SQLite file replaced): usage counted
 * in a window that was open at the loss is gone with it (see ledger-loss).
 */
export const LINEAGE_KEY = "store-lineage";
export const lineageSchema = z.object({ born: z.number(), lostAt: z.number().optional() });
/** When a window's usage was last counted from zero by an admin (`/grok-quota reset`). */
export const countedFromKey = (id: string, windowKey: string) =>
  `quota:${id}:${windowKey}:counted-from`;
