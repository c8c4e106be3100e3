/**
 * The session repository on a real SQLite file: a store written by the first schema (v1) is
 * migrated in place with its tokens kept. Commits, expiry and leases run against both stores in
 * contract.test.ts.
 */

import { Database } from "bun:sqlite";
import { afterEach, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS, openStore, storePath } from "../../src/store/index.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ptc-lisp-sessions-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("lisp session repository", () => {
  it("migrates a v1 store in place, keeping its tokens", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const old = new Database(storePath(dir), { create: true });
    old.run(MIGRATIONS[0]?.sql ?? "");
    old.run("PRAGMA user_version = 1");
    old.run("INSERT INTO tokens (id, name, hash, prefix, created_at) VALUES ('t1', 'ci', 'h', 'p', 1)");
    old.close();
    const store = await openStore(dir);
    expect((await store.tokens.findByName("ci"))?.id).toBe("t1");
    expect(await store.lispSessions.countOpen()).toBe(0);
    await store.close();
  });
});
