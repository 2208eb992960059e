import KeyvSqlite from "@keyv/sqlite";
import { FileLock } from "./file-lock.js";

/**
 * Readies a SQLite file before a store's connections open on it: WAL mode (kept in the
 * file) and its tables. Each connection's adapter creates its table as it opens, and the
 * switch to WAL fails at once, without SQLite's busy wait, while another connection
 * writes: racing on a fresh file, they left it out of WAL mode, or a connection dead for
 * good. So this runs first and alone: one connection at a time, under a lock file that
 * another process readying the same file waits for (`<file>.setup.lock`). Afterwards the
 * file is in WAL mode, and a connection's table creation only reads.
 */
export async function prepareSqliteFile(
  file: string,
  tables: readonly string[],
  waitMs: number,
): Promise<void> {
  const lock = new FileLock(`${file}.setup.lock`, waitMs);
  if (!(await lock.tryLock(String(process.pid)))) {
    throw new Error(`another process kept ${file} busy for over ${waitMs} ms`);
  }
  try {
    for (const table of tables) {
      const connection = new KeyvSqlite({ uri: `sqlite://${file}`, table, busyTimeout: waitMs });
      try {
        // Runs after the adapter's own table creation; a no-op once the file is in WAL mode.
        await connection.query("PRAGMA journal_mode=WAL");
      } finally {
        await connection.close().catch(() => undefined);
      }
    }
  } finally {
    await lock.unlock();
  }
}
