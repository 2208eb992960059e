import { runStep } from "../atomic-steps.js";
import type { Store } from "../store.js";
import { bumpEpochStep } from "./ledger-reset-steps.js";
import { type QuotaScope, scopeId } from "./quota-scope.js";
import { roleScopeId } from "./quota-service.js";
import { currentWindow, QUOTA_PERIODS } from "./quota-window.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Counts a scope from zero in the current window of every period, its role ledgers
 * included: the operator's repair (`npm run quota:reset`) for the scopes no admin can
 * reset (the operator's budget, DMs), with no limits to read. A window not in use only
 * gains an epoch, which expires with it.
 */
export async function restartCount(
  store: Pick<Store, "atomic">,
  scope: QuotaScope,
  now: number,
): Promise<void> {
  const id = scopeId(scope);
  const windows = [id, roleScopeId(id)].flatMap((ledger) =>
    QUOTA_PERIODS.map((period) => {
      const window = currentWindow(period, now);
      return { scopeId: ledger, windowKey: window.key, ttlMs: window.end + DAY_MS - now, now };
    }),
  );
  await Promise.all(windows.map((window) => runStep(store.atomic, bumpEpochStep, window)));
}
