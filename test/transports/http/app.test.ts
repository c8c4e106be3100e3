import { afterEach, describe, expect, it } from "bun:test";
import { shortHash } from "../../../src/auth/token-format.ts";
import { type Harness, harness, INITIALIZE, mcpHeaders, STATIC_TOKEN, textOf, until } from "./helpers.ts";

let h: Harness;
afterEach(() => h.close());

const init = (headers: Record<string, string> = {}, body: string = JSON.stringify(INITIALIZE)) =>
  h.fetch("/mcp", { method: "POST", headers: mcpHeaders(STATIC_TOKEN, headers), body });

describe("health and readiness", () => {
  it("answers /health and /ready without auth", async () => {
    h = harness();
    expect(await (await h.fetch("/health")).json()).toEqual({ status: "ok" });
    expect(await (await h.fetch("/ready")).json()).toEqual({ status: "ready" });
  });

  it("turns /ready 503 and refuses new MCP requests with server draining, while a running call finishes", async () => {
    h = harness();
    const { client } = await h.client(STATIC_TOKEN);
    const held = client.callTool({ name: "hold", arguments: {} });
    await until(() => h.holds.started === 1);
    h.http.startDrain();
    expect((await h.fetch("/ready")).status).toBe(503);
    const refused = await init();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: -32000, message: "server draining" } });
    expect(await h.http.ledger.waitIdle(20)).toBe(false);
    h.holds.releaseAll();
    expect(textOf(await held)).toBe("released");
    expect(await h.http.ledger.waitIdle(1000)).toBe(true);
  });

  it("cancels calls still running when the app is closed", async () => {
    h = harness();
    const { client } = await h.client(STATIC_TOKEN);
    void client.callTool({ name: "hold", arguments: {} }, { timeout: 2000 }).catch(() => {});
    await until(() => h.holds.started === 1);
    await h.http.close();
    await until(() => h.holds.aborted === 1 && h.http.ledger.total === 0);
    expect(h.http.registry.size).toBe(0);
  });
});

describe("request rules", () => {
  it("refuses a non-JSON Content-Type with 415 and accepts a +json type", async () => {
    h = harness();
    expect((await init({ "content-type": "text/plain" })).status).toBe(415);
    expect((await init({ "content-type": "application/vnd.mcp+json; charset=utf-8" })).status).toBe(200);
  });

  it("refuses a body over --http-max-body-bytes with 413 and bad JSON with a parse error", async () => {
    h = harness({ maxBodyBytes: 512 });
    const big = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, pad: "x".repeat(600) } });
    expect((await init({}, big)).status).toBe(413);
    const bad = await init({}, "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
  });

  it("answers 405 for other methods and 400 for a GET without a session", async () => {
    h = harness();
    expect((await h.fetch("/mcp", { method: "PUT", headers: mcpHeaders(STATIC_TOKEN) })).status).toBe(405);
    expect((await h.fetch("/mcp", { method: "GET", headers: mcpHeaders(STATIC_TOKEN) })).status).toBe(400);
    expect((await h.fetch("/admin/prelude-store/snapshot")).status).toBe(404);
  });
});

describe("observability", () => {
  it("writes one JSON line per request with hashed owner and session, never the raw secrets", async () => {
    h = harness();
    const named = await h.token("ci");
    const { client, transport } = await h.client(named);
    await client.callTool({ name: "echo", arguments: {} });
    const sid = transport.sessionId as string;
    await client.close();
    await h.fetch("/health", { headers: { "x-request-id": "req-123" } });
    const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === "http_request");
    const call = lines.find((l) => l.rpc_method === "tools/call");
    expect(call).toMatchObject({
      instance: "test-instance",
      method: "POST",
      path: "/mcp",
      status: 200,
      era: "legacy",
      tool: "echo",
    });
    expect(call?.owner_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(call?.session_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof call?.duration_ms).toBe("number");
    expect(lines.find((l) => l.path === "/health")?.request_id).toBe("req-123");
    const all = h.logs.join("");
    for (const secret of [named, sid, STATIC_TOKEN]) expect(all).not.toContain(secret);
  });

  it("hands tool calls hashed owner and session ids and the request id for traces, never the raw values", async () => {
    h = harness();
    const { client, transport } = await h.client(STATIC_TOKEN);
    const meta = JSON.parse(textOf(await client.callTool({ name: "trace_meta", arguments: {} })));
    expect(meta.owner_hash).toBe(shortHash("static"));
    expect(meta.mcp_session_hash).toBe(shortHash(transport.sessionId as string));
    expect(typeof meta.transport_request_id).toBe("string");
    expect(JSON.stringify(meta)).not.toContain(transport.sessionId as string);
    expect(JSON.stringify(meta)).not.toContain(STATIC_TOKEN);
    await client.close();
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    h = harness();
    expect((await h.fetch("/health", { headers: { "x-request-id": "abc-1" } })).headers.get("x-request-id")).toBe(
      "abc-1",
    );
    expect((await h.fetch("/health", { headers: { "x-request-id": "bad id\n" } })).headers.get("x-request-id")).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it("writes an audit row per MCP request with the owner, never a token", async () => {
    h = harness();
    const { client } = await h.client(STATIC_TOKEN, "modern");
    await client.callTool({ name: "echo", arguments: {} });
    await until(async () => (await h.store.audit.recent(10)).some((r) => r.tool === "echo"));
    const row = (await h.store.audit.recent(10)).find((r) => r.tool === "echo");
    expect(row).toMatchObject({
      owner: "static",
      era: "modern",
      rpcMethod: "tools/call",
      status: 200,
      sessionHash: null,
    });
  });

  it("serves Prometheus metrics only when enabled", async () => {
    h = harness();
    expect((await h.fetch("/metrics")).status).toBe(404);
    await h.close();
    h = harness({ metricsPath: "/metrics" });
    await init();
    await h.fetch("/mcp", { method: "POST", headers: mcpHeaders(null), body: "{}" });
    const text = await (await h.fetch("/metrics")).text();
    expect(text).toContain('ptc_http_requests_total{route="mcp",method="POST",status="401"} 1');
    expect(text).toContain('ptc_http_auth_failures_total{reason="missing"} 1');
    expect(text).toContain("ptc_http_sessions 1");
    expect(text).toContain("ptc_mcp_in_flight 0");
    expect(text).toContain("process_resident_memory_bytes");
  });
});
