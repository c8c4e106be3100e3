/**
 * `--store-url` on the compiled binary against a real PostgreSQL (test/support/postgres.ts):
 * the token and audit verbs, a refusal to open a schema newer than the binary, stateful sessions
 * shared by two processes with the eval lease honoured (and a dead holder's lease expiring), and
 * an HTTP server that answers `/ready` 503 and `store_unavailable` while the database is down and
 * recovers by itself when it returns. Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { type PostgresServer, postgresSkipReason, startPostgres } from "../support/postgres.ts";
import { BINARY, type Served, serve, textOf } from "./helpers.ts";
import { startServer, STATIC_TOKEN } from "./http-server.ts";

setDefaultTimeout(90_000);
const suite = postgresSkipReason() ? describe.skip : describe;
const TMP = mkdtempSync(join(tmpdir(), "ptc-e2e-pg-"));
let pg: PostgresServer;
beforeAll(async () => {
  if (!postgresSkipReason()) pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.close();
  rmSync(TMP, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(BINARY, args, {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: TMP, ...env },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as Result;

suite("--store-url postgres://", () => {
  it("runs the token verbs and audit against the database, and the env variable names it too", async () => {
    const url = await pg.createDatabase();
    const created = cli(["token", "create", "ci", "--upstreams", "github", "--store-url", url]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^ptc_pat_[A-Za-z0-9_-]{43}\n$/);
    expect(cli(["token", "create", "ci", "--store-url", url])).toMatchObject({ code: 1 });
    const listed = cli(["token", "list", "-o", "json"], { PTC_RUNNER_MCP_STORE_URL: url });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ name: "ci", status: "active", upstreams: ["github"] }),
    ]);
    expect(listed.out).not.toContain(created.out.trim());
    expect(cli(["token", "revoke", "ci", "--store-url", url]).code).toBe(0);
    expect(JSON.parse(cli(["token", "list", "-o", "json", "--store-url", url]).out)[0].status).toBe("revoked");
    expect(
      await pg.psql("SELECT count(*) FROM tokens WHERE revoked_at IS NOT NULL", new URL(url).pathname.slice(1)),
    ).toBe("1\n");
    expect(cli(["audit", "-o", "json", "--store-url", url])).toMatchObject({ code: 0, out: "[]\n" });
    expect(cli(["token", "delete", "ci", "--store-url", url]).code).toBe(0);
    expect(cli(["token", "list", "--store-url", "mysql://x"])).toMatchObject({ code: 2 });
  });

  it("refuses a database whose schema is newer than the binary, with exit 1 and both versions named", async () => {
    const url = await pg.createDatabase();
    expect(cli(["token", "list", "--store-url", url]).code).toBe(0);
    await pg.psql(
      "INSERT INTO ptc_schema_migrations VALUES (99, 'from the future', 0)",
      new URL(url).pathname.slice(1),
    );
    const r = cli(["token", "list", "--store-url", url]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/schema version 99; this binary knows up to \d+/);
  });

  it("fails fast with exit 1 when the database cannot be reached at boot", () => {
    const r = cli(["token", "list", "--store-url", `postgres://ptc@127.0.0.1:${pg.port + 1}/none`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("store_unavailable");
  });

  it("shares a session between two processes and honours another holder's eval lease until it expires", async () => {
    const url = await pg.createDatabase();
    const db = new URL(url).pathname.slice(1);
    const args = ["--sessions", "--store-url", url, "--program-timeout-ms", "30000"];
    const a: Served = await serve(args);
    const b: Served = await serve(args);
    try {
      const started = await call(a.client, "lisp_session_start");
      const id = started.structuredContent?.session_id as string;
      expect(id).toStartWith("ptcs_");
      expect(
        (await call(a.client, "lisp_session_eval", { session_id: id, program: "(def x 41)" })).isError,
      ).toBeUndefined();
      const onB = await call(b.client, "lisp_session_eval", { session_id: id, program: "(inc x)" });
      expect(textOf(onB)).toContain("42");
      // Another replica is mid-eval: its lease row is held far into the future.
      await pg.psql(`UPDATE lisp_sessions SET lease_holder = 'other', lease_until = 9e15 WHERE id = '${id}'`, db);
      const busy = await call(a.client, "lisp_session_eval", { session_id: id, program: "(inc x)" });
      expect(busy.isError).toBe(true);
      expect(textOf(busy)).toContain("session_busy");
      // That replica died: its lease ran out, and the session goes on.
      await pg.psql(`UPDATE lisp_sessions SET lease_until = 1 WHERE id = '${id}'`, db);
      expect(textOf(await call(b.client, "lisp_session_eval", { session_id: id, program: "(+ x 2)" }))).toContain("43");
      expect(await pg.psql(`SELECT lease_holder IS NULL FROM lisp_sessions WHERE id = '${id}'`, db)).toBe("t\n");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("answers /ready 503 and store_unavailable while the database is down, then recovers by itself", async () => {
    const url = await pg.createDatabase();
    const dir = mkdtempSync(join(TMP, "http-"));
    const server = await startServer(dir, ["--http-auth-token", STATIC_TOKEN, "--sessions", "--store-url", url]);
    const ready = async () => (await fetch(`http://127.0.0.1:${server.port}/ready`)).status;
    const client = new Client({ name: "e2e-pg", version: "1" });
    try {
      expect(await ready()).toBe(200);
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
        }),
      );
      const id = (await call(client, "lisp_session_start")).structuredContent?.session_id as string;
      expect(id).toStartWith("ptcs_");
      await pg.kill();
      expect(await ready()).toBe(503);
      const down = await call(client, "lisp_session_eval", { session_id: id, program: "(+ 1 2)" });
      expect(down.isError).toBe(true);
      expect(down.structuredContent?.reason).toBe("store_unavailable");
      // Calls that need no store still work.
      expect(textOf(await call(client, "lisp_eval", { program: "(+ 1 2)" }))).toContain("3");
      await pg.start();
      let back = 0;
      for (let i = 0; i < 100 && back !== 200; i++) {
        back = await ready();
        if (back !== 200) await Bun.sleep(100);
      }
      expect(back).toBe(200);
      let again: Result = down;
      for (let i = 0; i < 20 && again.isError; i++) {
        again = await call(client, "lisp_session_eval", { session_id: id, program: "(+ 1 2)" });
        if (again.isError) await Bun.sleep(100);
      }
      expect(textOf(again)).toContain("3");
    } finally {
      await client.close().catch(() => {});
      await pg.start();
      expect(await server.stop()).toBe(0);
    }
  });
});
