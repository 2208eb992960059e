import KeyvSqlite from "@keyv/sqlite";

/**
 * An OS lock on a file, held while this process runs: an exclusive SQLite transaction on
 * a small file of its own, never committed. The kernel lets go of it when the process
 * ends however it ends (`kill -9` included), so a restart never waits; a second process
 * asking meanwhile is refused (at once, unless told to wait).
 */
export class FileLock {
  private held: KeyvSqlite | undefined;

  /**
   * `waitMs`: how long `tryLock` waits for another holder to let go. By default it does
   * not (sqlite3 would wait a second, holding a worker thread; 1 ms, since 0 means "the
   * default").
   */
  constructor(
    private readonly path: string,
    private readonly waitMs = 1,
  ) {}

  /** Takes the lock; false when another process holds it (past `waitMs`). */
  async tryLock(holder: string): Promise<boolean> {
    const connection = new KeyvSqlite({
      uri: `sqlite://${this.path}`,
      table: "holder",
      busyTimeout: this.waitMs,
    });
    // A busy file fails its setup too: answered below, through the query.
    connection.on("error", () => undefined);
    try {
      await connection.query("BEGIN EXCLUSIVE");
      // The lock is taken for good with the first write.
      await connection.query(
        "INSERT OR REPLACE INTO holder(key, value) VALUES('holder', ?)",
        holder,
      );
      this.held = connection;
      return true;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
      throw error;
    }
  }

  async unlock(): Promise<void> {
    const connection = this.held;
    this.held = undefined;
    await connection?.query("ROLLBACK");
    await connection?.close();
  }
}
