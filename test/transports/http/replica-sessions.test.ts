import { afterEach, describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { SessionRepo } from "../../../src/store/index.ts";
import { type Harness, harness, INITIALIZE, mcpHeaders, STATIC_TOKEN, textOf } from "./helpers.ts";

// Two replicas of one deployment: two apps over one store, each with its own memory.
let a: Harness;
let b: Harness;
afterEach(async () => {
  await b?.close();
  await a?.close();
});

function replicas(overrides: Parameters<typeof harness>[0] = {}) {
  a = harness(overrides);
  b = harness(overrides, { store: a.store });
}

async function open(on: Harness, bearer = STATIC_TOKEN): Promise<string> {
  const r = await on.fetch("/mcp", { method: "POST", headers: mcpHeaders(bearer), body: JSON.stringify(INITIALIZE) });
  expect(r.status).toBe(200);
  return r.headers.get("mcp-session-id") as string;
}

async function call(on: Harness, sid: string, id: number, bearer = STATIC_TOKEN) {
  const r = await on.fetch("/mcp", {
    method: "POST",
    headers: mcpHeaders(bearer, { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" }),
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: {} } }),
  });
  return { status: r.status, body: (await r.json()) as { result?: unknown; error?: { message: string } } };
}

describe("2025-era sessions across replicas", () => {
  it("serves a session initialized on one replica from another, which rebuilds it", async () => {
    replicas();
    const sid = await open(a);
    expect(b.http.registry.size).toBe(0);
    const onB = await call(b, sid, 2);
    expect(onB.status).toBe(200);
    expect(onB.body.result).toMatchObject({ content: [{ type: "text", text: "ok" }] });
    expect(b.http.registry.size).toBe(1);
    expect(b.logs.some((l) => l.includes('"event":"http_session_restored"'))).toBe(true);
    expect((await call(a, sid, 3)).status).toBe(200);
  });

  it("moves an SDK client between replicas mid-session, keeping the negotiated revision", async () => {
    replicas();
    let target = a;
    const client = new Client({ name: "mover", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL("http://127.0.0.1:7332/mcp"), {
      fetch: (url, init) => target.fetch(new Request(url, init)),
      requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
    });
    await client.connect(transport);
    const version = transport.protocolVersion;
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    target = b;
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    const restored = await b.http.registry.lookup(transport.sessionId as string, "static");
    expect(restored?.protocolVersion).toBe(version as string);
    target = a;
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("echo");
    await client.close();
  });

  it("ends the session on every replica when one of them answers DELETE", async () => {
    replicas();
    const sid = await open(a);
    expect((await call(b, sid, 2)).status).toBe(200);
    const del = await b.fetch("/mcp", {
      method: "DELETE",
      headers: mcpHeaders(STATIC_TOKEN, { "mcp-session-id": sid }),
    });
    expect(del.status).toBe(200);
    const onA = await call(a, sid, 3);
    expect(onA.status).toBe(404);
    expect(onA.body.error?.message).toBe("Session not found");
    expect(a.http.registry.size).toBe(0);
    expect(await a.store.sessions.listOpen()).toEqual([]);
  });

  it("answers 404 on another replica for another owner's session id, and never rebuilds it", async () => {
    replicas();
    const sid = await open(a);
    expect((await call(b, sid, 2, await b.token("mallory"))).status).toBe(404);
    expect(b.http.registry.size).toBe(0);
    expect((await call(b, sid, 3)).status).toBe(200);
  });

  it("keeps sessions open when a replica stops: another replica continues them", async () => {
    replicas();
    const sid = await open(a);
    await a.http.close();
    expect((await a.store.sessions.listOpen()).length).toBe(1);
    expect((await call(b, sid, 2)).status).toBe(200);
  });

  it("refuses a session past its stored lifetime on a replica that never held it", async () => {
    replicas({ sessionTtlMs: 5_000 });
    const sid = await open(a);
    b.clock = a.clock + 5_000;
    expect((await call(b, sid, 2)).status).toBe(404);
    expect(await a.store.sessions.listOpen()).toEqual([]);
  });

  it("keeps a session alive on a replica that holds it while another replica serves its requests", async () => {
    replicas({ sessionIdleTimeoutMs: 1_000 });
    const sid = await open(a);
    a.clock += 600;
    b.clock = a.clock;
    expect((await call(b, sid, 2)).status).toBe(200);
    a.clock += 600;
    await a.http.registry.reap();
    expect((await call(a, sid, 3)).status).toBe(200);
    a.clock += 1_300;
    expect((await call(a, sid, 4)).status).toBe(404);
  });

  it("counts an owner's sessions on every replica against --http-max-sessions-per-owner", async () => {
    replicas({ maxSessionsPerOwner: 2 });
    await open(a);
    await open(b);
    const third = await b.fetch("/mcp", {
      method: "POST",
      headers: mcpHeaders(STATIC_TOKEN),
      body: JSON.stringify(INITIALIZE),
    });
    expect(third.status).toBe(429);
  });

  it("answers 503 store_unavailable for a rebuild or a DELETE the store cannot serve, and keeps held sessions", async () => {
    let failing = false;
    const failingGet = (repo: SessionRepo): SessionRepo => ({
      ...repo,
      get: (idHash) => (failing ? Promise.reject(new Error("connection refused")) : repo.get(idHash)),
      close: (idHash, reason, at) =>
        failing ? Promise.reject(new Error("connection refused")) : repo.close(idHash, reason, at),
    });
    a = harness({}, { sessionRepo: failingGet });
    b = harness({}, { store: a.store, sessionRepo: failingGet });
    const sid = await open(a);
    failing = true;
    const r = await b.fetch("/mcp", {
      method: "POST",
      headers: mcpHeaders(STATIC_TOKEN, { "mcp-session-id": sid }),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }),
    });
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { data: unknown } }).error.data).toEqual({ reason: "store_unavailable" });
    // The replica that holds the session keeps serving it: only a rebuild needs the row.
    expect((await call(a, sid, 9)).status).toBe(200);
    // A DELETE the store cannot record is refused, so no replica keeps serving a "deleted" session.
    const headers = mcpHeaders(STATIC_TOKEN, { "mcp-session-id": sid });
    expect((await a.fetch("/mcp", { method: "DELETE", headers })).status).toBe(503);
    expect((await call(a, sid, 10)).status).toBe(200);
    failing = false;
    expect((await call(b, sid, 3)).status).toBe(200);
  });
});
