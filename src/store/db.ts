/**
 * Opens the state store: one SQLite file under `--data-dir`, in WAL mode, migrated to the schema
 * of this binary. The directory is created owner-only (0700) and the file is 0600: it holds token
 * hashes and audit records.
 */

import { Database } from "bun:sqlite";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { StoreError } from "./errors.ts";
import { migrate } from "./migrations.ts";

/** File name of the store inside the data directory. */
export const STORE_FILE = "ptc-mcp.sqlite";

/** Path of the store file for a data directory. */
export function storePath(dataDir: string): string {
  return join(dataDir, STORE_FILE);
}

/**
 * Opens (creating if needed) and migrates the store of `dataDir`.
 *
 * @throws {StoreError} `open_failed` when the directory or file cannot be used, or a migration error
 */
export function openDatabase(dataDir: string): Database {
  const path = storePath(dataDir);
  let db: Database;
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(path, { create: true, strict: true });
    chmodSync(path, 0o600);
    db.run("PRAGMA journal_mode = WAL");
    // WAL + NORMAL: durable across process crashes, one fsync per checkpoint instead of per write.
    db.run("PRAGMA synchronous = NORMAL");
    // Another process (`ptc-mcp token create`) may hold the write lock briefly.
    db.run("PRAGMA busy_timeout = 5000");
  } catch (e) {
    throw new StoreError("open_failed", `cannot open the state store ${path}: ${(e as Error).message}`);
  }
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
