import { afterEach, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, SCHEMA_VERSION, StoreError, storePath } from "../../src/store/index.ts";
import { token } from "./fixtures.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ptc-store-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("store: file and migrations", () => {
  it("creates one WAL-mode file at the current schema version when the directory is new", async () => {
    const dir = join(tempDir(), "nested", "state");
    await (await openStore(dir)).close();
    const db = new Database(storePath(dir));
    expect(db.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(db.query("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
    expect(statSync(storePath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("keeps rows and skips applied migrations when opened again", async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    await a.tokens.insert(token("ci", "aa"));
    await a.close();
    const b = await openStore(dir);
    expect((await b.tokens.findByName("ci"))?.hash).toBe("aa");
    await b.close();
  });

  it("refuses a file written by a newer schema", async () => {
    const dir = tempDir();
    await (await openStore(dir)).close();
    const db = new Database(storePath(dir));
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(openStore(dir)).rejects.toThrow(StoreError);
  });
});
