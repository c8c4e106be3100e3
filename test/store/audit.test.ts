/** The audit repository: v3's tool-call columns round-trip, and a v2 file migrates with its rows kept. */

import { Database } from "bun:sqlite";
import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditRecord, MIGRATIONS, openStore, storePath } from "../../src/store/index.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "ptc-audit-store-"));

const base: AuditRecord = {
  at: 1_000,
  instance: "i",
  requestId: "r1",
  owner: "pat:abc",
  sessionHash: null,
  era: "modern",
  rpcMethod: "tools/call",
  tool: "lisp_eval",
  status: 200,
  durationMs: 12.5,
};

describe("audit repository", () => {
  it("keeps the token name, outcome, bytes and upstream figures of a tool call", async () => {
    const store = await openStore(tempDir());
    const facts = {
      tokenName: "alice",
      outcome: "ok",
      bytesIn: 31,
      bytesOut: 140,
      upstreamCalls: 3,
      upstreamBytes: 9000,
    };
    await store.audit.appendMany([
      { ...base, ...facts },
      { ...base, requestId: "r2", rpcMethod: "tools/list", tool: null },
    ]);
    const rows = await store.audit.query({});
    expect(rows[0]).toEqual({ ...base, ...facts });
    expect(rows[1]).toMatchObject({ tokenName: null, outcome: null, bytesIn: null, upstreamBytes: null });
    await store.close();
  });

  it("migrates a v2 file in place: old rows keep their fields and read null tool-call columns", async () => {
    const dir = tempDir();
    const old = new Database(storePath(dir), { create: true });
    old.run(MIGRATIONS[0]?.sql ?? "");
    old.run(MIGRATIONS[1]?.sql ?? "");
    old.run("PRAGMA user_version = 2");
    old.run(
      `INSERT INTO audit (at, instance, request_id, owner, era, rpc_method, tool, status, duration_ms)
       VALUES (5, 'i', 'old', 'static', 'legacy', 'tools/call', 'lisp_eval', 200, 3)`,
    );
    old.close();
    const store = await openStore(dir);
    expect(await store.audit.query({})).toEqual([
      {
        at: 5,
        instance: "i",
        requestId: "old",
        owner: "static",
        sessionHash: null,
        era: "legacy",
        rpcMethod: "tools/call",
        tool: "lisp_eval",
        status: 200,
        durationMs: 3,
        tokenName: null,
        outcome: null,
        bytesIn: null,
        bytesOut: null,
        upstreamCalls: null,
        upstreamBytes: null,
      },
    ]);
    await store.close();
  });
});
