import { EventEmitter } from "node:events";
import type { Database, Statement } from "better-sqlite3";
import type { KeyvStoreAdapter, StoredData } from "keyv";

/**
 * keyv's storage on one table of a better-sqlite3 connection, in @keyv/sqlite's layout
 * (`key` primary key, `value` keyv's serialized text), so files written by earlier
 * versions read as they are. Each call is one synchronous statement: it never waits on
 * another query of this process, and never holds the file's lock across an await.
 */
export class SqliteKeyv extends EventEmitter implements KeyvStoreAdapter {
  /** `dialect` is how keyv recognises an adapter it may iterate. */
  opts: { table: string; dialect: "sqlite"; url: string };
  namespace?: string;
  private readonly statements: {
    get: Statement<[string], { value: string }>;
    set: Statement<[string, string]>;
    delete: Statement<[string]>;
    clear: Statement<[string]>;
    page: Statement<[string, string, number], { key: string; value: string }>;
  };

  constructor(
    db: Database,
    table: string,
    /** Rows read per query when iterating. */
    private readonly pageSize = 1_000,
  ) {
    super();
    this.opts = { table, dialect: "sqlite", url: "sqlite://" };
    this.statements = {
      get: db.prepare(`SELECT value FROM ${table} WHERE key = ?`),
      set: db.prepare(
        `INSERT INTO ${table}(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ),
      delete: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clear: db.prepare(`DELETE FROM ${table} WHERE key LIKE ? ESCAPE '\\'`),
      // By key, after the last one seen: a page costs the same however far it is.
      page: db.prepare(
        `SELECT key, value FROM ${table} WHERE key LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?`,
      ),
    };
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.statements.get.get(key)?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<(StoredData<Value> | undefined)[]> {
    return keys.map((key) => this.statements.get.get(key)?.value as StoredData<Value> | undefined);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.statements.set.run(key, String(value));
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let deleted = 0;
    for (const key of keys) deleted += this.statements.delete.run(key).changes;
    return deleted > 0;
  }

  async has(key: string): Promise<boolean> {
    return this.statements.get.get(key) !== undefined;
  }

  async clear(): Promise<void> {
    this.statements.clear.run(this.namespace ? `${escapeLike(this.namespace)}:%` : "%");
  }

  async *iterator(namespace?: string): AsyncGenerator<[string, string]> {
    const pattern = namespace ? `${escapeLike(namespace)}:%` : "%";
    let after = "";
    for (;;) {
      const rows = this.statements.page.all(pattern, after, this.pageSize);
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < this.pageSize) return;
      after = rows.at(-1)!.key;
    }
  }

  /** The connection is the store's, closed with it. */
  async disconnect(): Promise<void> {}
}

/** LIKE's wildcards in a namespace are taken literally (`_` is common in ids). */
const escapeLike = (text: string) => text.replace(/[%_]/g, (wildcard) => `\\${wildcard}`);
