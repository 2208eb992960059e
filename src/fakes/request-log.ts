import { EventEmitter } from "node:events";

/**
 * Everything a fake server was asked, in order, with a way to wait (bounded by a
 * timeout) for a matching entry instead of sleeping.
 */
export class RequestLog<T> {
  readonly entries: T[] = [];
  private readonly events = new EventEmitter();

  constructor() {
    // Any number of tests or demo steps may wait at once; that is no leak.
    this.events.setMaxListeners(0);
  }

  add(entry: T): void {
    this.entries.push(entry);
    this.events.emit("entry", entry);
  }

  /** Calls `listener` for every entry from now on. */
  subscribe(listener: (entry: T) => void): void {
    this.events.on("entry", listener);
  }

  filter(predicate: (entry: T) => boolean): T[] {
    return this.entries.filter(predicate);
  }

  waitFor(
    predicate: (entry: T) => boolean,
    timeoutMs = 5_000,
    what = "a matching request",
  ): Promise<T> {
    const found = this.entries.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onEntry = (entry: T) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        this.events.off("entry", onEntry);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        this.events.off("entry", onEntry);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.events.on("entry", onEntry);
    });
  }
}
