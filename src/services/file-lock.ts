import BetterSqlite3, { type Database } from "better-sqlite3";

/**
 * An OS lock on a file, held while this process runs: an exclusive SQLite transaction on
 * a small file of its own, never committed. The kernel lets go of it when the process
 * ends however it ends (`kill -9` included), so a restart never waits; a second process
 * asking meanwhile is refused (at once, unless told to wait). Synchronous, like every
 * SQLite call of the bot: a wait blocks this process, so it is kept short.
 */
export class FileLock {
  private held: Database | undefined;

  /** `waitMs`: how long `tryLock` waits for another holder to let go (0: not at all). */
  constructor(
    private readonly path: string,
    private readonly waitMs = 0,
  ) {}

  /** Takes the lock; false when another process holds it (past `waitMs`). */
  tryLock(holder: string): boolean {
    const connection = new BetterSqlite3(this.path, { timeout: this.waitMs });
    try {
      connection.exec("CREATE TABLE IF NOT EXISTS holder(key TEXT PRIMARY KEY, value TEXT)");
      connection.exec("BEGIN EXCLUSIVE");
      // The lock is taken for good with the first write.
      connection
        .prepare("INSERT OR REPLACE INTO holder(key, value) VALUES('holder', ?)")
        .run(holder);
      this.held = connection;
      return true;
    } catch (error) {
      connection.close();
      if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
      throw error;
    }
  }

  unlock(): void {
    const connection = this.held;
    this.held = undefined;
    connection?.exec("ROLLBACK");
    connection?.close();
  }
}
