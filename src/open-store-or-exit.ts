import { EXIT } from "./exit-codes.js";
import { openStore, type Store, type StoreOptions } from "./services/store.js";
import { probeStore } from "./services/store-probe.js";

/** A store URL as it may be shown: a password in it never reaches a terminal or a log. */
export function shownStoreUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/**
 * Opens the store and reads from it once, within `timeoutMs`; if that fails, `report` gets
 * one line naming the setting, the store and the likely fix, and the process exits with
 * 78 (the configuration is wrong) or 69 (nothing answered: a restart may help).
 */
export async function openStoreOrExit(
  url: string,
  options: {
    setting: string;
    timeoutMs: number;
    report: (line: string) => void;
    store?: StoreOptions;
  },
): Promise<Store> {
  const where = `${options.setting}=${shownStoreUrl(url)}`;
  let store: Store;
  try {
    store = await openStore(url, options.store);
  } catch (error) {
    options.report(`could not open the store (${where}): ${firstLine(error)}`);
    process.exit(EXIT.config);
  }
  const problem = await probeStore(store, options.timeoutMs);
  if (!problem) return store;
  options.report(`store unreachable at start (${where}): ${problem.message}`);
  // The client may be stuck reconnecting: nothing of it is worth waiting for.
  process.exit(problem.kind === "misconfigured" ? EXIT.config : EXIT.unavailable);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
