import { afterEach, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, SCHEMA_VERSION, StoreError, storePath } from "../../src/store/index.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ptc-store-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const token = (name: string, hash: string) => ({
  id: `id-${name}`,
  name,
  hash,
  prefix: "ptc_pat_abcd",
  description: null,
  upstreams: null,
  createdAt: 1000,
  expiresAt: null,
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

describe("store: repositories", () => {
  it("finds tokens by hash, id and name and refuses a duplicate name", async () => {
    const s = await openStore(tempDir());
    await s.tokens.insert({ ...token("ci", "h1"), upstreams: ["a", "b"], expiresAt: 5000 });
    expect(await s.tokens.findByHash("h1")).toMatchObject({
      name: "ci",
      upstreams: ["a", "b"],
      expiresAt: 5000,
      revokedAt: null,
    });
    expect((await s.tokens.findById("id-ci"))?.name).toBe("ci");
    await expect(s.tokens.insert(token("ci", "h2"))).rejects.toThrow(
      expect.objectContaining({ code: "duplicate_name" }),
    );
    await s.close();
  });

  it("revokes once, touches last use, lists and deletes tokens", async () => {
    const s = await openStore(tempDir());
    await s.tokens.insert(token("a", "h1"));
    await s.tokens.insert(token("b", "h2"));
    expect(await s.tokens.revoke("a", 2000)).toBe(true);
    expect(await s.tokens.revoke("a", 3000)).toBe(false);
    await s.tokens.touch("id-b", 2500);
    expect((await s.tokens.list()).map((t) => [t.name, t.revokedAt, t.lastUsedAt])).toEqual([
      ["a", 2000, null],
      ["b", null, 2500],
    ]);
    expect(await s.tokens.remove("a")).toBe(true);
    expect(await s.tokens.remove("a")).toBe(false);
    await s.close();
  });

  it("records session metadata and closes the rows a previous process left open", async () => {
    const s = await openStore(tempDir());
    await s.sessions.open({ idHash: "s1", owner: "static", protocolVersion: "2025-11-25", instance: "i", at: 10 });
    await s.sessions.open({ idHash: "s2", owner: "static", protocolVersion: null, instance: "i", at: 11 });
    await s.sessions.touch("s1", 20);
    await s.sessions.close("s2", "deleted", 30);
    expect(await s.sessions.listOpen()).toEqual([
      {
        idHash: "s1",
        owner: "static",
        protocolVersion: "2025-11-25",
        instance: "i",
        createdAt: 10,
        lastSeenAt: 20,
        closedAt: null,
        closeReason: null,
      },
    ]);
    expect(await s.sessions.closeAllOpen("restart", 40)).toBe(1);
    expect(await s.sessions.listOpen()).toEqual([]);
    expect(await s.sessions.prune(35)).toBe(1);
    await s.close();
  });

  it("stores, clears and prunes failed-auth state per source", async () => {
    const s = await openStore(tempDir());
    await s.authFailures.put({ source: "10.0.0.1", failures: 3, windowStartedAt: 100, blockedUntil: null });
    await s.authFailures.put({ source: "10.0.0.1", failures: 6, windowStartedAt: 100, blockedUntil: 900 });
    expect(await s.authFailures.get("10.0.0.1")).toEqual({
      source: "10.0.0.1",
      failures: 6,
      windowStartedAt: 100,
      blockedUntil: 900,
    });
    expect(await s.authFailures.prune(500)).toBe(0);
    expect(await s.authFailures.prune(1000)).toBe(1);
    await s.authFailures.put({ source: "x", failures: 1, windowStartedAt: 100, blockedUntil: null });
    await s.authFailures.clear("x");
    expect(await s.authFailures.get("x")).toBeNull();
    await s.close();
  });

  it("appends audit rows and reads the latest first", async () => {
    const s = await openStore(tempDir());
    const row = {
      at: 1,
      instance: "i",
      requestId: "r1",
      owner: "static",
      sessionHash: null,
      era: "modern" as const,
      rpcMethod: "tools/call",
      tool: "lisp_eval",
      status: 200,
      durationMs: 1.5,
    };
    await s.audit.append(row);
    await s.audit.append({ ...row, requestId: "r2", at: 2 });
    expect((await s.audit.recent(5)).map((r) => r.requestId)).toEqual(["r2", "r1"]);
    expect(await s.audit.prune(2)).toBe(1);
    await s.close();
  });
});
