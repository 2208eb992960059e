import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Copies the WAL back into an SQLite file from a worker thread, every `intervalMs`.
 * better-sqlite3 runs on the event loop's thread, and a checkpoint waits for the disk
 * (fsync): left to SQLite's automatic checkpoint, every thousandth page written would hold
 * up whatever the bot does next, a member's acknowledgement included, for as long as a busy
 * disk takes. The store's own connection turns the automatic checkpoint off
 * (`wal_autocheckpoint = 0`); its commits only append to the WAL. PASSIVE: the worker
 * never waits for the bot's transactions, it copies what it can and comes back.
 */
export function checkpointInBackground(
  file: string,
  intervalMs: number,
  onError: (error: Error) => void,
): { stop(): Promise<void> } {
  let worker: Worker | undefined;
  // Started at the first interval: a store open for less (a command-line tool) needs none.
  const starting = setTimeout(() => {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        file,
        intervalMs,
      },
    });
    worker.on("message", (message: string) => onError(new Error(`SQLite checkpoint: ${message}`)));
    worker.on("error", onError);
    // Never what keeps a process alive: a stop closes the store, and with it this worker.
    worker.unref();
  }, intervalMs);
  starting.unref();
  return {
    async stop() {
      clearTimeout(starting);
      await worker?.terminate();
    },
  };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage(String(error));
  }
}, workerData.intervalMs);
`;
