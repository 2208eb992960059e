import type { Logger } from "../../logger.js";
import { backoffDelay } from "../backoff.js";

/** What one try to submit a waiting job came to. */
export type AttemptResult = "submitted" | "ttapi_full" | "balance_empty" | "left";

/** Why a job joins the line: its server is at its cap, TTAPI is full, or out of balance. */
export type JoinReason = "server_full" | "ttapi_full" | "balance_empty";

export interface SubmitLineOptions {
  /** Tries to get the job accepted by TTAPI ("left": it failed, was given up, or is gone). */
  attempt: (jobId: string) => Promise<AttemptResult>;
  /**
   * Whether a job of this server may be submitted now, `trying` of its jobs being tried
   * already (the server is under its cap with them).
   */
  hasRoom: (guildId: string | null, trying: number) => Promise<boolean>;
  /** Tries under way at once, at most: each waits on the store and TTAPI in turn. */
  triesAtOnce: number;
  /**
   * Shows a waiting job's place in line (1 = next). Runs beside tries of other jobs, so
   * it must not overwrite a job that has left the line meanwhile.
   */
  showPlace: (jobId: string, place: number) => Promise<void>;
  /** First wait before asking TTAPI again after it said it was full; doubles to the max. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long the line waits before trying again after TTAPI said the balance is empty. */
  balanceRecheckMs: number;
  /** Told when TTAPI's balance runs out (true) and when a submit goes through again. */
  onBalance?: (empty: boolean) => void;
  /** Places are re-shown at most this often as the line moves (each one is a message edit). */
  placesIntervalMs: number;
  logger: Logger;
}

interface Entry {
  jobId: string;
  guildId: string | null;
  /** The place this job's message shows now. */
  shown: number | null;
}

/**
 * The bot's own line, for requests that cannot be submitted yet: their server already
 * has its cap of jobs at TTAPI, or TTAPI said the account is full (429/499). First come,
 * first served, except that a job whose server is at its cap lets later jobs of other
 * servers pass. The line is scanned on one chain; the tries it starts run side by side (up
 * to `triesAtOnce`, each counted against its server's room until it ends), so a store or
 * TTAPI far away delays each try, not the line. Places are shown beside them (a new place
 * at once, moved places at most once per interval), so a long line never slows the line
 * down. A job ending anywhere kicks the line at once.
 */
export class SubmitLine {
  private readonly entries: Entry[] = [];
  /** Entries per server, kept with `entries`: admission asks for it on every request. */
  private readonly perGuild = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private drainQueued = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private placesTimer: NodeJS.Timeout | undefined;
  private lastPlacesAt = 0;
  /** Place edits under way, awaited by `stop`. */
  private readonly showing = new Set<Promise<void>>();
  /** Tries under way, by entry, awaited by `stop`. */
  private readonly trying = new Map<Entry, Promise<void>>();
  /** TTAPI's refusals in a row; while above 0 the line waits for a timer or a job's end. */
  private fullStreak = 0;
  /** TTAPI's balance is empty: only the recheck timer tries again (a job's end cannot help). */
  private balanceEmpty = false;
  private stopped = false;

  constructor(private readonly options: SubmitLineOptions) {}

  /**
   * Whether TTAPI turned the last try away (full, or out of balance): new requests queue
   * behind the line.
   */
  get ttapiFull(): boolean {
    return this.fullStreak > 0 || this.balanceEmpty;
  }

  /** Whether TTAPI said its balance is empty, and no submit has gone through since. */
  get balanceIsEmpty(): boolean {
    return this.balanceEmpty;
  }

  /** Requests in the line. */
  get length(): number {
    return this.entries.length;
  }

  waitingIn(guildId: string): number {
    return this.perGuild.get(guildId) ?? 0;
  }

  /** Puts a saved `waiting` job at the end of the line and shows its place. */
  join(job: { jobId: string; guildId: string | null }, reason: JoinReason) {
    const entry: Entry = { ...job, shown: null };
    this.entries.push(entry);
    this.countIn(entry.guildId, 1);
    this.show(entry, this.entries.length);
    if (reason === "balance_empty") {
      this.setBalanceEmpty(true);
    } else if (reason === "ttapi_full") {
      this.fullStreak = Math.max(1, this.fullStreak);
      this.retryLater();
    } else if (!this.ttapiFull) {
      this.queueDrain();
    }
  }

  /**
   * A slot may have freed (a job ended): try the line now, even while TTAPI was full; not
   * while its balance is empty (an ending job does not top it up).
   */
  kick(): void {
    if (this.entries.length === 0 || this.balanceEmpty) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.queueDrain();
  }

  /** Stops trying; waits for the try or re-show under way, so no store write is cut off. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.placesTimer);
    await Promise.all([this.chain, ...this.showing, ...this.trying.values()]);
  }

  private run(task: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (error) {
        this.options.logger.error({ err: error }, "submit line");
      }
    });
  }

  private queueDrain(): void {
    if (this.drainQueued || this.stopped) return;
    this.drainQueued = true;
    this.run(async () => {
      this.drainQueued = false;
      await this.drain();
    });
  }

  /** Starts tries for the first entries with room, as many as may run at once. */
  private async drain(): Promise<void> {
    while (!this.stopped && this.trying.size < this.options.triesAtOnce) {
      const next = await this.firstWithRoom();
      if (!next) return;
      this.trying.set(next, this.attempt(next));
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    let result: AttemptResult;
    try {
      result = await this.options.attempt(entry.jobId);
    } catch (error) {
      // Never let one broken job block the line.
      this.options.logger.error({ err: error, jobId: entry.jobId }, "queued submit failed");
      result = "left";
    }
    // No longer counted against its server's room before the line looks again below.
    this.trying.delete(entry);
    if (result === "balance_empty") return this.setBalanceEmpty(true);
    if (result === "ttapi_full") {
      this.fullStreak++;
      return this.retryLater();
    }
    this.fullStreak = 0;
    if (result === "submitted") this.setBalanceEmpty(false);
    this.entries.splice(this.entries.indexOf(entry), 1);
    this.countIn(entry.guildId, -1);
    this.placesMoved();
    // Its place in the tries is free: the line goes on (unless TTAPI said stop meanwhile).
    if (!this.ttapiFull) this.queueDrain();
  }

  private countIn(guildId: string | null, by: 1 | -1): void {
    if (guildId === null) return;
    const count = (this.perGuild.get(guildId) ?? 0) + by;
    if (count > 0) this.perGuild.set(guildId, count);
    else this.perGuild.delete(guildId);
  }

  /**
   * The first entry not being tried whose server is under its cap, its jobs being tried
   * counted (each server asked once per scan). Not while TTAPI turned a try away.
   */
  private async firstWithRoom(): Promise<Entry | undefined> {
    if (this.fullStreak > 0 && this.trying.size > 0) return undefined;
    const full = new Set<string | null>();
    for (const entry of this.entries) {
      if (full.has(entry.guildId) || this.trying.has(entry)) continue;
      const trying = [...this.trying.keys()].filter((tried) => tried.guildId === entry.guildId);
      if (await this.options.hasRoom(entry.guildId, trying.length)) return entry;
      full.add(entry.guildId);
    }
    return undefined;
  }

  /** Enters or leaves a balance outage, telling `onBalance` once each way. */
  private setBalanceEmpty(empty: boolean): void {
    if (empty) {
      // The recheck wait replaces any shorter "TTAPI full" retry.
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    const changed = this.balanceEmpty !== empty;
    this.balanceEmpty = empty;
    if (empty) this.retryLater();
    if (changed) this.options.onBalance?.(empty);
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    const { retryDelayMs, maxRetryDelayMs, balanceRecheckMs } = this.options;
    const delay = this.balanceEmpty
      ? balanceRecheckMs
      : backoffDelay(this.fullStreak - 1, {
          baseDelayMs: retryDelayMs,
          maxDelayMs: maxRetryDelayMs,
        });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.queueDrain();
    }, delay);
  }

  /**
   * Re-shows places soon: at most once per interval however often the line moves, and
   * never two re-shows at once (the next waits for the one under way).
   */
  private placesMoved(): void {
    if (this.placesTimer || this.stopped) return;
    const delay = Math.max(0, this.lastPlacesAt + this.options.placesIntervalMs - Date.now());
    this.placesTimer = setTimeout(async () => {
      this.lastPlacesAt = Date.now();
      await this.showChangedPlaces();
      this.placesTimer = undefined;
    }, delay);
  }

  /** Edits the jobs whose place differs from what their message shows, and only those. */
  private async showChangedPlaces(): Promise<void> {
    for (const [index, entry] of [...this.entries].entries()) {
      if (entry.shown !== index + 1 && !this.stopped) await this.show(entry, index + 1);
    }
  }

  private show(entry: Entry, place: number): Promise<void> {
    const shown = this.options
      .showPlace(entry.jobId, place)
      .then(() => {
        entry.shown = place;
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error, jobId: entry.jobId }, "place in line not shown");
      })
      .finally(() => this.showing.delete(shown));
    this.showing.add(shown);
    return shown;
  }
}
