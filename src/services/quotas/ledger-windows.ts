import { z } from "zod";
import { type AtomicStep, runStep } from "../atomic-steps.js";
import type { Fence } from "../fence.js";
import type { Store } from "../store.js";
import { epochKey, type Ledger } from "./quota-ledger-keys.js";
import type { QuotaWindow } from "./quota-window.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The ledgers of a scope's windows: their keys' lifetime, their epochs as last seen here,
 * and steps run on them, converting a window an older version wrote first.
 */
export class LedgerWindows {
  /**
   * Each window's epoch as last seen here: only a reset changes it, and a server's resets
   * come through the process that serves it, so a report reads its keys in one round trip.
   */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly options: {
      store: Pick<Store, "kv" | "atomic">;
      /** Converts a window written by an older version (see store-migrations). */
      beforeWindow?: (scopeId: string, windowKey: string, expiresAt: number) => Promise<void>;
      now: () => number;
      /** Every step on a ledger reserves, settles or releases: made under the shards' claim. */
      fence?: () => Fence | undefined;
    },
  ) {}

  /** Runs a step; a window found in an older layout is converted and the step run again. */
  async step<Input, Output extends { kind: string }>(
    step: AtomicStep<Input, Output>,
    ledger: Ledger,
    input: Input,
  ): Promise<Output> {
    const { atomic } = this.options.store;
    const fence = this.options.fence?.();
    const first = await runStep(atomic, step, input, fence);
    if (first.kind !== "legacy" || !this.options.beforeWindow) return first;
    await this.options.beforeWindow(ledger.scopeId, ledger.windowKey, ledger.expiresAt);
    return runStep(atomic, step, input, fence);
  }

  /** A window's ledger, its epoch not yet known (the steps read it). */
  ledgerOf(id: string, window: QuotaWindow): Ledger {
    return { scopeId: id, windowKey: window.key, epoch: 0, expiresAt: window.end + DAY_MS };
  }

  /** The scope's ledger for a window as it stands (converted from an older layout first). */
  async readLedger(id: string, window: QuotaWindow): Promise<Ledger> {
    const ledger = this.ledgerOf(id, window);
    await this.options.beforeWindow?.(id, window.key, ledger.expiresAt);
    const key = epochKey(id, window.key);
    const epoch =
      this.epochs.get(key) ??
      z
        .number()
        .int()
        .catch(0)
        .parse(await this.options.store.kv.get(key));
    this.rememberEpoch(ledger, epoch);
    return { ...ledger, epoch };
  }

  rememberEpoch(ledger: Ledger, epoch: number): void {
    // Windows come and go: bound what is kept.
    if (this.epochs.size > 10_000) this.epochs.clear();
    this.epochs.set(epochKey(ledger.scopeId, ledger.windowKey), epoch);
  }

  /** Usage expires a day after its window ends, so the store does not grow. */
  ttl(ledger: Ledger): number {
    return Math.max(1, ledger.expiresAt - this.options.now());
  }

  /** A reset started a new epoch: read it again next time. */
  forgetEpoch(scopeId: string, windowKey: string): void {
    this.epochs.delete(epochKey(scopeId, windowKey));
  }
}
