import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import keyvTestSuite, { keyvIteratorTests } from "@keyv/test-suite";
import BetterSqlite3 from "better-sqlite3";
import Keyv from "keyv";
import * as test from "vitest";
import { SqliteKeyv } from "../../src/services/sqlite-keyv.js";

// keyv's own suite for storage adapters, on the bot's SQLite adapter: one file shared by
// every adapter the suite makes, as the bot's keyspaces share one.
const db = new BetterSqlite3(join(mkdtempSync(join(tmpdir(), "grok-keyv-suite-")), "s.sqlite"));
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)");
// A small page makes the iterator cross pages in the suite's few keys.
const store = () => new SqliteKeyv(db, "keyv", 2);

keyvTestSuite(test, Keyv, store);
keyvIteratorTests(test, Keyv, store);
