/**
 * The compiled binary as a Streamable HTTP server, spoken to by the SDK client as a 2025-11-25
 * and as a 2026-07-28 client: tokens (static and named, revoked, expired), failed-auth limiting
 * across a restart, Host/Origin checks, session caps, idle expiry and DELETE. The last test scans
 * every byte the servers wrote (stderr, the SQLite files) for the raw tokens and session ids.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import {
  dataDir,
  dataDirBytes,
  INITIALIZE,
  mcpHeaders,
  type RunningServer,
  rawRequest,
  STATIC_TOKEN,
  startServer,
  tokenCli,
  until,
  WRITTEN,
} from "./http-server.ts";
import { ERAS } from "./helpers.ts";

/** Store files read while a server was running (the WAL is checkpointed away at shutdown). */
const LIVE_FILES: string[] = [];
/** Raw secrets seen by the suite; none may appear in anything the servers wrote. */
const SECRETS = new Set<string>([STATIC_TOKEN]);

async function connect(url: string, bearer: string, options: object = {}) {
  const client = new Client({ name: "e2e-http", version: "1" }, options);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  await client.connect(transport);
  if (transport.sessionId) SECRETS.add(transport.sessionId);
  return { client, transport };
}

function textOf(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
}

describe("HTTP: tokens and both protocol eras", () => {
  const dir = dataDir();
  let server: RunningServer;
  let named: string;
  let revoked: string;
  let expiring: string;
  let expiresAt: number;

  beforeAll(async () => {
    named = tokenCli(["create", "ci", "--description", "e2e"], dir);
    revoked = tokenCli(["create", "old"], dir);
    expiring = tokenCli(["create", "brief", "--ttl", "1s"], dir);
    expiresAt = Date.now() + 1000;
    for (const t of [named, revoked, expiring]) SECRETS.add(t);
    server = await startServer(dir, ["--http-auth-token", STATIC_TOKEN]);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  // The static token in both eras is covered by the transport contract (contract.test.ts).
  for (const era of ERAS) {
    for (const which of ["named"] as const) {
      it(`runs lisp_eval as a ${era.name} client with the ${which} token`, async () => {
        const { client } = await connect(server.url, named, era.options);
        expect(client.getNegotiatedProtocolVersion()).toBe(era.version);
        expect(client.getProtocolEra()).toBe(era.era);
        expect((await client.listTools()).tools.map((t) => t.name)).toContain("lisp_eval");
        const result = await client.callTool({
          name: "lisp_eval",
          arguments: { program: "(reduce + (map inc [1 2 3]))" },
        });
        expect(result.isError).toBeFalsy();
        expect(textOf(result)).toBe("9");
        await client.close();
      });
    }
  }

  it("answers 401 to a missing, wrong, revoked or expired token", async () => {
    const ask = (bearer: string | null) => rawRequest(server.port, "POST", mcpHeaders(bearer), INITIALIZE);
    expect((await ask(null)).status).toBe(401);
    expect((await ask("ptc_pat_not-a-real-token-000000000000000000000")).status).toBe(401);
    expect((await ask(revoked)).status).toBe(200);
    tokenCli(["revoke", "old"], dir);
    expect((await ask(revoked)).status).toBe(401);
    await Bun.sleep(Math.max(0, expiresAt - Date.now() + 50));
    const expired = await ask(expiring);
    expect(expired.status).toBe(401);
    expect(expired.headers["www-authenticate"]).toContain("invalid_token");
    expect((await ask(STATIC_TOKEN)).status).toBe(200);
  });

  it("lists the named tokens with their status", () => {
    const list = tokenCli(["list"], dir);
    expect(list.split("\n")[0]).toMatch(/^NAME\s+PREFIX\s+CREATED\s+LAST USED\s+EXPIRES\s+STATUS/);
    expect(list).toMatch(/\nci\s+ptc_pat_\S+\s+.*active/);
    expect(list).toMatch(/\nold\s+.*revoked/);
    expect(list).toMatch(/\nbrief\s+.*expired/);
  });

  it("refuses a foreign Origin and a non-loopback Host on the loopback bind", async () => {
    const origin = await rawRequest(
      server.port,
      "POST",
      mcpHeaders(STATIC_TOKEN, { origin: "https://evil.example" }),
      INITIALIZE,
    );
    expect(origin.status).toBe(403);
    const host = await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN, { host: "evil.example" }), INITIALIZE);
    expect(host.status).toBe(403);
    const ok = await rawRequest(
      server.port,
      "POST",
      mcpHeaders(STATIC_TOKEN, { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` }),
      INITIALIZE,
    );
    expect(ok.status).toBe(200);
  });

  it("keeps its state in one WAL-mode SQLite file under --data-dir", () => {
    const files = readdirSync(dir).sort();
    expect(files).toEqual(["ptc-mcp.sqlite", "ptc-mcp.sqlite-shm", "ptc-mcp.sqlite-wal"]);
    expect(statSync(join(dir, "ptc-mcp.sqlite-wal")).size).toBeGreaterThan(0);
    // Scanned for secrets at the end, as they are now while the server runs.
    for (const f of files) LIVE_FILES.push(readFileSync(join(dir, f)).toString("latin1"));
  });

  it("answers 404 when a deleted session is used again", async () => {
    const { client, transport } = await connect(server.url, named);
    const sid = transport.sessionId as string;
    await transport.terminateSession();
    const reuse = await rawRequest(
      server.port,
      "POST",
      mcpHeaders(named, { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" }),
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }),
    );
    expect(reuse.status).toBe(404);
    await client.close();
  });
});

describe("HTTP: failed-auth rate limit survives a restart", () => {
  it("answers the 6th bad attempt with 429 + Retry-After, and still after a restart", async () => {
    const dir = dataDir();
    let server = await startServer(dir, ["--http-auth-token", STATIC_TOKEN]);
    const ask = (bearer: string | null) => rawRequest(server.port, "POST", mcpHeaders(bearer), INITIALIZE);
    for (let i = 0; i < 5; i++)
      expect((await ask(i % 2 ? null : "wrong-token-wrong-token-wrong-token!!")).status).toBe(401);
    const sixth = await ask("wrong-token-wrong-token-wrong-token!!");
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(0);
    expect(sixth.headers["www-authenticate"]).toBeUndefined();
    await until(() => server.stderr().includes('"event":"http_auth_rate_limited"'));
    expect(await server.stop()).toBe(0);

    server = await startServer(dir, ["--http-auth-token", STATIC_TOKEN]);
    const after = await ask(STATIC_TOKEN);
    expect(after.status).toBe(429);
    expect(after.headers["www-authenticate"]).toBeUndefined();
    expect(await server.stop()).toBe(0);
  });
});

describe("HTTP: session caps and idle expiry", () => {
  it("caps sessions per owner and globally, and expires idle sessions with 404", async () => {
    const dir = dataDir();
    const other = tokenCli(["create", "other"], dir);
    SECRETS.add(other);
    const server = await startServer(dir, [
      "--http-auth-token",
      STATIC_TOKEN,
      "--http-max-sessions",
      "3",
      "--http-max-sessions-per-owner",
      "2",
      "--http-session-idle-timeout-ms",
      "600",
    ]);
    const open = async (bearer: string) => {
      const r = await rawRequest(server.port, "POST", mcpHeaders(bearer), INITIALIZE);
      const sid = r.headers["mcp-session-id"];
      if (typeof sid === "string") SECRETS.add(sid);
      return { status: r.status, sid: typeof sid === "string" ? sid : "" };
    };
    const first = await open(STATIC_TOKEN);
    expect(first.status).toBe(200);
    expect((await open(STATIC_TOKEN)).status).toBe(200);
    expect((await open(STATIC_TOKEN)).status).toBe(429);
    expect((await open(other)).status).toBe(200);
    expect((await open(other)).status).toBe(503);
    expect((await rawRequest(server.port, "GET", {}, undefined, "/ready")).status).toBe(503);

    await Bun.sleep(900);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" });
    const stale = await rawRequest(
      server.port,
      "POST",
      mcpHeaders(STATIC_TOKEN, { "mcp-session-id": first.sid }),
      ping,
    );
    expect(stale.status).toBe(404);
    expect((await rawRequest(server.port, "GET", {}, undefined, "/ready")).status).toBe(200);
    expect((await open(STATIC_TOKEN)).status).toBe(200);
    await until(() => server.stderr().includes('"reason":"idle"'));
    expect(await server.stop()).toBe(0);
  });
});

describe("HTTP: secrets at rest and in logs", () => {
  it("never writes a raw token or session id to stderr or the SQLite files", () => {
    expect(SECRETS.size).toBeGreaterThan(8);
    const haystacks = [...WRITTEN, ...LIVE_FILES, ...dataDirBytes()];
    expect(haystacks.join("").length).toBeGreaterThan(10_000);
    const leaks = [...SECRETS].filter((s) => haystacks.some((h) => h.includes(s)));
    expect(leaks).toEqual([]);
  });
});
