import { runStep } from "../atomic-steps.js";
import type { Store } from "../store.js";
import { bumpEpochStep } from "./ledger-reset-steps.js";
import { LedgerWindows } from "./ledger-windows.js";
import { type QuotaScope, roleScopeId, scopeId } from "./quota-scope.js";
import { currentWindow, QUOTA_PERIODS } from "./quota-window.js";

/**
 * Counts a scope from zero in the current window of every period, its role ledgers
 * included: the operator's repair (`npm run quota:reset`) for the scopes no admin can
 * reset (the operator's budget, DMs), with no limits to read. A window not in use only
 * gains an epoch, which expires with it.
 */
export async function restartCount(
  store: Pick<Store, "kv" | "atomic">,
  scope: QuotaScope,
  now: number,
): Promise<void> {
  const windows = new LedgerWindows({ store, now: () => now });
  const id = scopeId(scope);
  const ledgers = [id, roleScopeId(id)].flatMap((ledgerId) =>
    QUOTA_PERIODS.map((period) => windows.ledgerOf(ledgerId, currentWindow(period, now))),
  );
  await Promise.all(
    ledgers.map((ledger) =>
      runStep(store.atomic, bumpEpochStep, {
        scopeId: ledger.scopeId,
        windowKey: ledger.windowKey,
        ttlMs: windows.ttl(ledger),
        now,
      }),
    ),
  );
}
