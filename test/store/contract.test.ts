/**
 * One repository contract, two stores: every test below runs against the SQLite file and against
 * a real PostgreSQL server (test/support/postgres.ts, a fresh database per test). Both must give
 * the same answers: tokens, protocol-session rows, failed-auth counting, audit rows, stateful
 * sessions with optimistic commits, and the eval lease.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/index.ts";
import { type PostgresServer, postgresSkipReason, startPostgres } from "../support/postgres.ts";
import { token } from "./fixtures.ts";

let pg: PostgresServer | null = null;
const skipPg = postgresSkipReason();
beforeAll(async () => {
  if (!skipPg) pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.close();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Backend = { name: "sqlite" | "postgres"; open(): Promise<Store> };
const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "ptc-contract-"));
      const s = await openStore(dir);
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      cleanups.push(() => s.close());
      return s;
    },
  },
  {
    name: "postgres",
    async open() {
      if (pg === null) throw new Error("PostgreSQL did not start");
      const url = await pg.createDatabase();
      const s = await openStore({ dataDir: "/nonexistent", url, poolSize: 4 });
      cleanups.push(() => s.close());
      return s;
    },
  },
];

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

const audit = (requestId: string, at: number, tool: string | null = "lisp_eval") => ({
  at,
  instance: "i",
  requestId,
  owner: "static",
  sessionHash: null,
  era: "modern" as const,
  rpcMethod: "tools/call",
  tool,
  status: 200,
  durationMs: 1.5,
});

for (const backend of BACKENDS) {
  const suite = backend.name === "postgres" && skipPg ? describe.skip : describe;
  suite(`store contract on ${backend.name}`, () => {
    it("finds tokens by hash, id and name, refuses a duplicate name, revokes once, touches and deletes", async () => {
      const s = await backend.open();
      await s.tokens.insert({ ...token("ci", "h1"), upstreams: ["a", "b"], expiresAt: 1_800_000_000_000 });
      await s.tokens.insert(token("b", "h2"));
      expect(await s.tokens.findByHash("h1")).toMatchObject({
        name: "ci",
        upstreams: ["a", "b"],
        expiresAt: 1_800_000_000_000,
        revokedAt: null,
      });
      expect((await s.tokens.findById("id-ci"))?.name).toBe("ci");
      expect(await s.tokens.findByName("nope")).toBeNull();
      await expect(s.tokens.insert(token("ci", "h3"))).rejects.toMatchObject({ code: "duplicate_name" });
      expect(await s.tokens.revoke("ci", 2000)).toBe(true);
      expect(await s.tokens.revoke("ci", 3000)).toBe(false);
      await s.tokens.touch("id-b", 2500);
      expect((await s.tokens.list()).map((t) => [t.name, t.revokedAt, t.lastUsedAt])).toEqual([
        ["b", null, 2500],
        ["ci", 2000, null],
      ]);
      expect(await s.tokens.remove("ci")).toBe(true);
      expect(await s.tokens.remove("ci")).toBe(false);
    });

    it("records protocol-session rows, closes those of one instance or all, and prunes closed ones", async () => {
      const s = await backend.open();
      await s.sessions.open({ idHash: "s1", owner: "static", protocolVersion: "2025-11-25", instance: "a", at: 10 });
      await s.sessions.open({ idHash: "s2", owner: "static", protocolVersion: null, instance: "b", at: 11 });
      await s.sessions.open({ idHash: "s3", owner: "static", protocolVersion: null, instance: "b", at: 12 });
      await s.sessions.touch("s1", 20);
      await s.sessions.close("s2", "deleted", 30);
      expect(await s.sessions.closeAllOpen("restart", 35, "b")).toBe(1);
      expect(await s.sessions.listOpen()).toEqual([
        {
          idHash: "s1",
          owner: "static",
          protocolVersion: "2025-11-25",
          instance: "a",
          createdAt: 10,
          lastSeenAt: 20,
          closedAt: null,
          closeReason: null,
        },
      ]);
      expect(await s.sessions.closeAllOpen("restart", 40)).toBe(1);
      expect(await s.sessions.listOpen()).toEqual([]);
      expect(await s.sessions.prune(36)).toBe(2);
    });

    it("keeps a protocol session's initialize params, never moves last-seen back, and expires rows by stored times", async () => {
      const s = await backend.open();
      const init = JSON.stringify({ protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c" } });
      await s.sessions.open({
        idHash: "k1",
        owner: "o",
        protocolVersion: "2025-11-25",
        instance: "a",
        at: 100,
        initParams: init,
      });
      await s.sessions.open({ idHash: "k2", owner: "o", protocolVersion: null, instance: "b", at: 150 });
      await s.sessions.open({ idHash: "k3", owner: "p", protocolVersion: null, instance: "b", at: 400 });
      await s.sessions.touch("k1", 300);
      await s.sessions.touch("k1", 250);
      expect(await s.sessions.get("k1")).toMatchObject({
        owner: "o",
        lastSeenAt: 300,
        initParams: init,
        closedAt: null,
      });
      expect(await s.sessions.get("k2")).toMatchObject({ initParams: null });
      expect(await s.sessions.get("nope")).toBeNull();
      // At 500 with a 1000 ms lifetime and a 300 ms idle timeout: k2 (seen at 150) is idle.
      expect(await s.sessions.countLive("o", 500, 1000, 300)).toBe(1);
      expect(await s.sessions.closeExpired(500, 1000, 300)).toBe(1);
      expect(await s.sessions.get("k2")).toMatchObject({ closedAt: 500, closeReason: "idle" });
      // At 1100 k1 (created at 100) is past its lifetime.
      expect(await s.sessions.closeExpired(1100, 1000, 10_000)).toBe(1);
      expect(await s.sessions.get("k1")).toMatchObject({ closedAt: 1100, closeReason: "ttl" });
      expect(await s.sessions.countLive("p", 1100, 1000, 10_000)).toBe(1);
    });

    it("counts failures atomically: a window, a block past the threshold, a block that outlives a window", async () => {
      const s = await backend.open();
      const policy = { windowMs: 100, maxFailures: 2, blockMs: 1000 };
      const ip = "10.0.0.1";
      expect(await s.authFailures.recordFailure(ip, 0, policy)).toEqual({
        source: ip,
        failures: 1,
        windowStartedAt: 0,
        blockedUntil: null,
      });
      // Several writers at once (replicas): no failure is lost.
      await Promise.all([s.authFailures.recordFailure(ip, 10, policy), s.authFailures.recordFailure(ip, 10, policy)]);
      expect(await s.authFailures.get(ip)).toEqual({ source: ip, failures: 3, windowStartedAt: 0, blockedUntil: 1010 });
      // A new window while the block runs keeps the block.
      expect(await s.authFailures.recordFailure(ip, 500, policy)).toMatchObject({ failures: 1, blockedUntil: 1010 });
      expect(await s.authFailures.recordFailure(ip, 2000, policy)).toMatchObject({ failures: 1, blockedUntil: null });
      await s.authFailures.put({ source: "x", failures: 6, windowStartedAt: 100, blockedUntil: 900 });
      expect((await s.authFailures.all()).map((f) => f.source).sort()).toEqual([ip, "x"]);
      expect(await s.authFailures.prune(500)).toBe(0);
      expect(await s.authFailures.prune(1000)).toBe(1);
      await s.authFailures.clear(ip);
      expect(await s.authFailures.get(ip)).toBeNull();
    });

    it("appends audit rows one by one and in batches, filters them and prunes in bounded batches", async () => {
      const COSTS = {
        tokenName: "alice",
        outcome: "ok",
        bytesIn: 120,
        bytesOut: 7,
        upstreamCalls: 3,
        upstreamBytes: 51_200,
      } as const;
      const s = await backend.open();
      await s.audit.append(audit("r1", 1));
      await s.audit.appendMany([
        audit("r2", 2, "lisp_session_eval"),
        audit("r3", 3),
        { ...audit("r4", 4), owner: "pat:x", ...COSTS },
      ]);
      await s.audit.appendMany([]);
      expect((await s.audit.recent(2)).map((r) => r.requestId)).toEqual(["r4", "r3"]);
      expect((await s.audit.query({ since: 2, limit: 10 })).map((r) => r.requestId)).toEqual(["r2", "r3", "r4"]);
      expect((await s.audit.query({ owner: "pat:x" })).map((r) => r.requestId)).toEqual(["r4"]);
      expect((await s.audit.query({ tool: "lisp_eval", limit: 1 })).map((r) => r.requestId)).toEqual(["r4"]);
      expect((await s.audit.recent(1))[0]).toEqual({ ...audit("r4", 4), owner: "pat:x", ...COSTS });
      expect((await s.audit.recent(4))[3]).toMatchObject({ requestId: "r1", tokenName: null, bytesIn: null });
      expect(await s.audit.prune(4, 2)).toBe(2);
      expect(await s.audit.prune(4)).toBe(1);
      expect((await s.audit.recent(10)).map((r) => r.requestId)).toEqual(["r4"]);
    });

    it("commits session bindings atomically and refuses a stale revision", async () => {
      const repo = (await backend.open()).lispSessions;
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
      expect(
        await repo.commit("s1", {
          ...change,
          revision: 1,
          upsert: [{ name: "z", value: '"z"', bytes: 3, updatedAt: 7 }],
          remove: ["x"],
        }),
      ).toBe(true);
      expect((await repo.bindings("s1")).map((b) => [b.name, b.value, b.bytes, b.updatedAt])).toEqual([
        ["z", '"z"', 3, 7],
      ]);
      expect(await repo.get("s1")).toMatchObject({ revision: 2, evalCount: 1, lastUsedAt: 5, memoryBytes: 3 });
      expect(await repo.get("unknown")).toBeNull();
    });

    it("closes expired, idle and revoked-owner sessions, drops their bindings, counts and lists open ones", async () => {
      const repo = (await backend.open()).lispSessions;
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
      expect(await repo.get("ttl")).toMatchObject({ closeReason: "ttl", closedAt: 500 });
      expect(await repo.get("idle")).toMatchObject({ closeReason: "idle" });
      expect(await repo.bindings("ttl")).toEqual([]);
      expect(await repo.listOpen("a")).toEqual([]);
      expect((await repo.listOpen("b")).map((s) => s.id)).toEqual(["fresh"]);
      expect([await repo.countOpen(), await repo.countOpen("b"), await repo.countOpen("a")]).toEqual([1, 1, 0]);
      expect(await repo.closeOwners((o) => o === "b", 600)).toEqual(["fresh"]);
      expect(await repo.close("fresh", "closed", 700)).toBe(false);
      expect(await repo.get("fresh")).toMatchObject({ closeReason: "revoked" });
      expect(await repo.prune(650)).toBe(3);
    });

    it("gives the eval lease to one holder at a time, lets it expire, and never on a closed session", async () => {
      const repo = (await backend.open()).lispSessions;
      await repo.create(session("s", "o", 0, 1_000_000));
      const racers = await Promise.all(["a", "b", "c"].map((h) => repo.acquireLease("s", h, 100, 200)));
      expect(racers.filter(Boolean)).toHaveLength(1);
      const winner = ["a", "b", "c"][racers.indexOf(true)] as string;
      const loser = winner === "a" ? "b" : "a";
      expect(await repo.acquireLease("s", loser, 150, 250)).toBe(false);
      expect(await repo.renewLease("s", loser, 300)).toBe(false);
      expect(await repo.renewLease("s", winner, 300)).toBe(true);
      expect(await repo.acquireLease("s", loser, 250, 350)).toBe(false);
      // The holder died: at lease_until the lease is free.
      expect(await repo.acquireLease("s", loser, 300, 400)).toBe(true);
      await repo.releaseLease("s", winner);
      expect(await repo.acquireLease("s", winner, 310, 410)).toBe(false);
      await repo.releaseLease("s", loser);
      expect(await repo.acquireLease("s", winner, 320, 420)).toBe(true);
      await repo.close("s", "closed", 330);
      expect(await repo.acquireLease("s", loser, 1000, 2000)).toBe(false);
    });

    it("answers ping while the database is there", async () => {
      const s = await backend.open();
      await s.ping();
      expect(s.kind).toBe(backend.name);
    });
  });
}
