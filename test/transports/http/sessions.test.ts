import { afterEach, describe, expect, it } from "bun:test";
import { type Harness, harness, INITIALIZE, mcpHeaders, STATIC_TOKEN, textOf, until } from "./helpers.ts";

let h: Harness;
afterEach(() => h.close());

/** Opens a session by hand; returns its id. */
async function open(bearer = STATIC_TOKEN): Promise<Response> {
  return h.fetch("/mcp", { method: "POST", headers: mcpHeaders(bearer), body: JSON.stringify(INITIALIZE) });
}

/** A `tools/call` on session `sid`, its (SSE) body read to the end so the call is complete. */
async function call(
  sid: string,
  id: number,
  tool: string,
  bearer = STATIC_TOKEN,
): Promise<{ status: number; text: string; json(): unknown }> {
  const r = await h.fetch("/mcp", {
    method: "POST",
    headers: mcpHeaders(bearer, { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" }),
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: tool, arguments: {} } }),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

describe("2025-era sessions", () => {
  it("issues an MCP-Session-Id and serves later requests on it", async () => {
    h = harness();
    const { client, transport } = await h.client(STATIC_TOKEN);
    expect(transport.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    expect(h.http.registry.size).toBe(1);
    await client.close();
  });

  it("answers 404 for a session after DELETE", async () => {
    h = harness();
    const sid = (await open()).headers.get("mcp-session-id") as string;
    const del = await h.fetch("/mcp", {
      method: "DELETE",
      headers: mcpHeaders(STATIC_TOKEN, { "mcp-session-id": sid }),
    });
    expect(del.status).toBe(200);
    const reuse = await call(sid, 2, "echo");
    expect(reuse.status).toBe(404);
    expect(reuse.json()).toMatchObject({ error: { code: -32001, message: "Session not found" } });
    expect(await h.store.sessions.listOpen()).toEqual([]);
  });

  it("answers 404 when another owner presents the session id", async () => {
    h = harness();
    const sid = (await open()).headers.get("mcp-session-id") as string;
    expect((await call(sid, 2, "echo", await h.token("other"))).status).toBe(404);
    expect((await call(sid, 3, "echo")).status).toBe(200);
  });

  it("refuses a request without a session id unless it is initialize", async () => {
    h = harness();
    const r = await h.fetch("/mcp", {
      method: "POST",
      headers: mcpHeaders(STATIC_TOKEN),
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list", params: {} }),
    });
    expect(r.status).toBe(400);
  });

  it("enforces the global session cap with 503 and /ready saturated", async () => {
    h = harness({ maxSessions: 2 });
    expect((await open()).status).toBe(200);
    expect((await open(await h.token("b"))).status).toBe(200);
    const third = await open(await h.token("c"));
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain("--http-max-sessions");
    expect((await h.fetch("/ready")).status).toBe(503);
  });

  it("enforces the per-owner cap with 429 while other owners still get sessions", async () => {
    h = harness({ maxSessionsPerOwner: 2 });
    const named = await h.token("n");
    expect((await open()).status).toBe(200);
    expect((await open()).status).toBe(200);
    expect((await open()).status).toBe(429);
    expect((await open(named)).status).toBe(200);
    expect(h.http.registry.sizeFor("static")).toBe(2);
  });

  it("expires an idle session: 404 on use, then the reaper closes it in the store", async () => {
    h = harness({ sessionIdleTimeoutMs: 1_000 });
    const sid = (await open()).headers.get("mcp-session-id") as string;
    const other = (await open()).headers.get("mcp-session-id") as string;
    h.clock += 999;
    expect((await call(sid, 2, "echo")).status).toBe(200);
    h.clock += 1_000;
    expect((await call(sid, 3, "echo")).status).toBe(404);
    expect(await h.http.registry.reap()).toBe(1);
    expect(h.http.registry.lookup(other, "static")).toBeNull();
    expect(await h.store.sessions.listOpen()).toEqual([]);
    expect(h.logs.some((l) => l.includes('"reason":"idle"'))).toBe(true);
  });

  it("ends a session at its absolute lifetime even when active", async () => {
    h = harness({ sessionTtlMs: 5_000, sessionIdleTimeoutMs: 2_000 });
    const sid = (await open()).headers.get("mcp-session-id") as string;
    for (let i = 0; i < 4; i++) {
      h.clock += 1_000;
      expect((await call(sid, 10 + i, "echo")).status).toBe(200);
    }
    h.clock += 1_000;
    expect((await call(sid, 20, "echo")).status).toBe(404);
  });

  it("refuses a call over the per-session in-flight cap at once, with busy", async () => {
    h = harness({ maxInFlightPerSession: 1 });
    const { client } = await h.client(STATIC_TOKEN);
    const held = client.callTool({ name: "hold", arguments: {} });
    await until(() => h.holds.started === 1);
    const sid = (await open()).headers.get("mcp-session-id") as string;
    // The first session is full; a second session of the same owner still has its own slot.
    expect((await call(sid, 2, "echo")).status).toBe(200);
    await expect(client.callTool({ name: "echo", arguments: {} })).rejects.toThrow(/busy/);
    h.holds.releaseAll();
    expect(textOf(await held)).toBe("released");
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    await client.close();
  });
});

describe("memory", () => {
  it("retains nothing per request on a long-lived session", async () => {
    h = harness();
    const sid = (await open()).headers.get("mcp-session-id") as string;
    const round = async (n: number, from: number) => {
      for (let i = 0; i < n; i++) expect((await call(sid, from + i, "echo")).status).toBe(200);
      Bun.gc(true);
      return process.memoryUsage().heapUsed;
    };
    const before = await round(500, 10);
    const after = await round(4000, 1000);
    // A leak of one closure per request (the bug this guards against) kept ~4.7 KB each.
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
  }, 60_000); // 4500 requests: seconds on a loaded 2-core machine
});

describe("2026-07-28 sessionless requests", () => {
  it("serves discover, list and call without a session", async () => {
    h = harness();
    const { client, transport } = await h.client(STATIC_TOKEN, "modern");
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    expect(transport.sessionId).toBeUndefined();
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["echo", "hold", "trace_meta"]);
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    expect(h.http.registry.size).toBe(0);
    await client.close();
  });

  it("counts in-flight requests per owner across both eras", async () => {
    // Owner budget = 1 per session x 2 sessions = 2.
    h = harness({ maxInFlightPerSession: 1, maxSessionsPerOwner: 2 });
    const modern = (await h.client(STATIC_TOKEN, "modern")).client;
    const legacy = (await h.client(STATIC_TOKEN)).client;
    const a = modern.callTool({ name: "hold", arguments: {} });
    const b = legacy.callTool({ name: "hold", arguments: {} });
    await until(() => h.holds.started === 2);
    expect(h.http.ledger.of("static")).toBe(2);
    await expect(modern.callTool({ name: "echo", arguments: {} })).rejects.toThrow(/busy/);
    const other = (await h.client(await h.token("other"), "modern")).client;
    expect(textOf(await other.callTool({ name: "echo", arguments: {} }))).toBe("ok");
    h.holds.releaseAll();
    await Promise.all([a, b]);
    expect(h.http.ledger.total).toBe(0);
  });
});

describe("upstream scope of a named token", () => {
  for (const era of ["legacy", "modern"] as const) {
    it(`builds ${era} servers from the core's forScope for a token limited with --upstreams`, async () => {
      h = harness({}, { scoped: true });
      const scoped = (await h.client(await h.token("gh", null, ["github", "jira"]), era)).client;
      expect((await scoped.listTools()).tools.map((t) => t.name)).toContain("scoped_github_jira");
      const open = (await h.client(await h.token("all"), era)).client;
      expect((await open.listTools()).tools.map((t) => t.name).sort()).toEqual(["echo", "hold", "trace_meta"]);
    });
  }
});
