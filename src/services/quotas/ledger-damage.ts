import type { Logger } from "../../logger.js";
import { type AtomicRunner, runStep } from "../atomic-steps.js";
import { lineageStep } from "./ledger-loss.js";
import { repairedBy } from "./quota-scope.js";

/**
 * What the ledger knows of its own trustworthiness: whether this process wrote the store's
 * lineage (so its absence is a loss, see ledger-loss), and which damaged or lost counts it
 * has already told the operator about (once each per process, however many are refused).
 */
export class LedgerDamage {
  private readonly told = new Set<string>();
  /** This process wrote (or found) the store's lineage. */
  lineageExpected = false;

  constructor(
    private readonly options: {
      atomic: AtomicRunner;
      logger: Logger;
      /** Told once per damaged counter met (metrics, /healthz). */
      onDamaged?: (what: "quota_counter") => void;
    },
  ) {}

  /**
   * Marks the store as this process's from now on: if its data is later lost, the windows
   * then open are refused where limited until reset, not counted again from zero.
   */
  async open(now: number): Promise<void> {
    const { lostAt } = await runStep(this.options.atomic, lineageStep, { now });
    this.lineageExpected = true;
    if (lostAt !== null) {
      this.options.logger.warn(
        { lostAt: new Date(lostAt).toISOString() },
        "the store lost its data earlier: limited windows open then are refused until an admin runs /grok-quota reset",
      );
    }
  }

  /** A refused window's count is damaged or lost: logged once, with who can repair it. */
  report(ledger: { scopeId: string; windowKey: string }, counter: string): void {
    const key = `${ledger.scopeId}:${ledger.windowKey}:${counter}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    this.options.onDamaged?.("quota_counter");
    const fix =
      repairedBy(ledger.scopeId) === "admin"
        ? "an admin runs /grok-quota reset"
        : "the operator runs npm run quota:reset";
    this.options.logger.error(
      { scope: ledger.scopeId, window: ledger.windowKey, counter },
      counter === "lost"
        ? `usage counts were lost with the store's data (flushed, or restarted without persistence): requests this window's limits govern are refused until ${fix}`
        : `a usage counter cannot be read (damaged store value): requests it governs are refused until ${fix}`,
    );
  }
}
