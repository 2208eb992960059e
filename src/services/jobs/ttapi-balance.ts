import type { Logger } from "../../logger.js";
import type { StoreLock } from "../store-lock.js";

/** The claim that lets one process (of all on the store) tell the operator of an outage. */
const OUTAGE_CLAIM = "ttapi-balance-empty";
/** A claim outlives any outage it belongs to; one left by a crash frees itself. */
const OUTAGE_CLAIM_MS = 24 * 60 * 60 * 1000;

export interface TtapiBalanceOptions {
  logger: Logger;
  locks: Pick<StoreLock, "acquire" | "release">;
  /** Tells the operator (a DM to each of OPERATOR_USER_IDS); never throws. */
  tellOperators: (text: string) => Promise<void>;
}

/**
 * Whether TTAPI's balance is empty, as the submit line last found it. The operator hears
 * of an outage once, whichever processes see it: an error log line and a DM, from the
 * process that claims the outage in the store; the claim goes when a submit succeeds.
 */
export class TtapiBalance {
  private isEmpty = false;

  constructor(private readonly options: TtapiBalanceOptions) {}

  get empty(): boolean {
    return this.isEmpty;
  }

  /** The submit line's news: the balance ran out (true) or a submit went through (false). */
  readonly changed = (empty: boolean): void => {
    this.isEmpty = empty;
    this.report(empty).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "could not report TTAPI's balance");
    });
  };

  private async report(empty: boolean): Promise<void> {
    const { logger, locks, tellOperators } = this.options;
    if (!empty) {
      logger.info("TTAPI accepts submits again: the line moves");
      await locks.release(OUTAGE_CLAIM);
      return;
    }
    if (!(await locks.acquire(OUTAGE_CLAIM, OUTAGE_CLAIM_MS))) return;
    logger.error(
      "TTAPI's balance is empty (HTTP 402): submits are paused and requests wait in the bot's line. Top up the TTAPI account; the bot tries again every BALANCE_RECHECK_MINUTES.",
    );
    await tellOperators(
      "TTAPI's balance is empty (HTTP 402). The bot has paused submits; requests wait in its line and go out once the account is topped up (it tries again every BALANCE_RECHECK_MINUTES).",
    );
  }
}
