/**
 * The session repository on a real SQLite file: a store written by the previous schema (v1) is
 * migrated in place with its tokens kept, commits are atomic and optimistic (a stale revision
 * writes nothing), and expiry closes sessions and drops their bindings.
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

const session = (id: string, owner: string, at: number, ttl = 1000) => ({
  id,
  owner,
  createdAt: at,
  expiresAt: at + ttl,
  lastUsedAt: at,
  evalCount: 0,
  revision: 0,
  memoryBytes: 0,
  bindingCount: 0,
  history: "{}",
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

  it("commits bindings atomically and refuses a stale revision", async () => {
    const store = await openStore(tempDir());
    const repo = store.lispSessions;
    await repo.create(session("s1", "o", 0));
    const change = {
      revision: 0,
      lastUsedAt: 5,
      evalCount: 1,
      memoryBytes: 3,
      bindingCount: 1,
      history: '{"results":[]}',
      upsert: [{ name: "x", value: "1.5", bytes: 3, updatedAt: 5 }],
      remove: [],
    };
    expect(await repo.commit("s1", change)).toBe(true);
    expect(await repo.commit("s1", { ...change, upsert: [{ name: "y", value: "2", bytes: 1, updatedAt: 6 }] })).toBe(
      false,
    );
    expect((await repo.bindings("s1")).map((b) => [b.name, b.value])).toEqual([["x", "1.5"]]);
    expect(await repo.get("s1")).toMatchObject({ revision: 1, evalCount: 1, lastUsedAt: 5, memoryBytes: 3 });
    await store.close();
  });

  it("closes expired and idle sessions, drops their bindings and lists only open ones per owner", async () => {
    const store = await openStore(tempDir());
    const repo = store.lispSessions;
    await repo.create(session("ttl", "a", 0, 100));
    await repo.create(session("idle", "a", 0, 10_000));
    await repo.create(session("fresh", "b", 450, 10_000));
    await repo.commit("ttl", {
      revision: 0,
      lastUsedAt: 90,
      evalCount: 1,
      memoryBytes: 1,
      bindingCount: 1,
      history: "{}",
      upsert: [{ name: "x", value: "1", bytes: 1, updatedAt: 90 }],
      remove: [],
    });
    expect((await repo.closeExpired(500, 500 - 400)).sort()).toEqual(["idle", "ttl"]);
    expect(await repo.get("ttl")).toMatchObject({ closeReason: "ttl" });
    expect(await repo.get("idle")).toMatchObject({ closeReason: "idle" });
    expect(await repo.bindings("ttl")).toEqual([]);
    expect((await repo.listOpen("a")).length).toBe(0);
    expect((await repo.listOpen("b")).map((s) => s.id)).toEqual(["fresh"]);
    expect(await repo.countOpen()).toBe(1);
    expect(await repo.closeOwners((o) => o === "b", 600)).toEqual(["fresh"]);
    expect(await repo.get("fresh")).toMatchObject({ closeReason: "revoked" });
    await store.close();
  });
});
