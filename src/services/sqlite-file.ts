import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { FileLock } from "./file-lock.js";

/**
 * Opens the store's SQLite database with its tables (in @keyv/sqlite's layout, so files
 * of earlier versions open as they are): a file in WAL mode (readers never blocked, a
 * live backup possible), or `:memory:`. Switching a file to WAL fails at once, without
 * SQLite's busy wait, while another connection writes, so a file is readied by one
 * process at a time, under a lock file another process readying it waits for
 * (`<file>.setup.lock`); afterwards opening it only reads.
 */
export function openSqliteFile(
  file: string,
  tables: readonly string[],
  busyTimeoutMs: number,
): Database {
  const open = () => {
    const db = new BetterSqlite3(file, { timeout: busyTimeoutMs });
    try {
      if (file !== ":memory:") db.pragma("journal_mode = WAL");
      // Safe with WAL, and spares fsyncs (a setting of this connection).
      db.pragma("synchronous = NORMAL");
      // Checkpoints wait for the disk: made from a worker thread (see sqlite-checkpoints).
      if (file !== ":memory:") db.pragma("wal_autocheckpoint = 0");
      for (const table of tables) {
        db.exec(`CREATE TABLE IF NOT EXISTS ${table}(key VARCHAR(255) PRIMARY KEY, value TEXT)`);
      }
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  if (file === ":memory:") return open();
  mkdirSync(dirname(file), { recursive: true });
  const lock = new FileLock(`${file}.setup.lock`, busyTimeoutMs);
  if (!lock.tryLock(String(process.pid))) {
    throw new Error(`another process kept ${file} busy for over ${busyTimeoutMs} ms`);
  }
  try {
    return open();
  } finally {
    lock.unlock();
  }
}
