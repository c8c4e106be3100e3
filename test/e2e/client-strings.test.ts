/**
 * Client-chosen strings are capped wherever the server writes them (issue #10, item 7): a
 * 2 MiB JSON-RPC `method` or tool name must not reach a log line or an audit row whole, over
 * HTTP (request log, audit table) or stdio (operator log).
 */

import { describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { BINARY, dataDir, INITIALIZE, mcpHeaders, rawRequest, STATIC_TOKEN, startServer } from "./http-server.ts";

const HUGE = "m".repeat(2 * 1024 * 1024);
/** Generous: a few log lines and rows, far below one copy of the 2 MiB string. */
const BOUND = 64 * 1024;

describe("client-chosen strings in logs and audit rows", () => {
  it("caps a 2 MiB method and tool name in the request log and the audit table (HTTP)", async () => {
    const dir = dataDir();
    const server = await startServer(dir, ["--http-auth-token", STATIC_TOKEN, "--log-level", "debug"]);
    try {
      const opened = await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN), INITIALIZE);
      const headers = mcpHeaders(STATIC_TOKEN, {
        "mcp-session-id": String(opened.headers["mcp-session-id"]),
        "mcp-protocol-version": "2025-11-25",
      });
      const before = server.stderr().length;
      const method = await rawRequest(
        server.port,
        "POST",
        headers,
        JSON.stringify({ jsonrpc: "2.0", id: 2, method: HUGE }),
      );
      expect(method.status).toBe(200);
      const call = JSON.stringify({
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: HUGE, arguments: {} },
      });
      expect((await rawRequest(server.port, "POST", headers, call)).status).toBe(200);
      const modern = JSON.stringify({ jsonrpc: "2.0", id: 4, method: HUGE, params: {} });
      await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN, { "mcp-protocol-version": "2026-07-28" }), modern);
      await Bun.sleep(600); // audit rows are written in batches every 250 ms
      expect(server.stderr().length - before).toBeLessThan(BOUND);
      expect(server.stderr()).toContain('"rpc_method":"mmmm');
    } finally {
      await server.stop();
    }
    const db = new Database(join(dir, "ptc-mcp.sqlite"), { readonly: true });
    try {
      const row = db
        .query<{ n: number; method: number; tool: number }, []>(
          "SELECT count(*) AS n, max(length(rpc_method)) AS method, max(length(coalesce(tool, ''))) AS tool FROM audit",
        )
        .get();
      expect(row?.n).toBeGreaterThanOrEqual(3);
      expect(row?.method).toBeLessThanOrEqual(256);
      expect(row?.tool).toBeLessThanOrEqual(256);
    } finally {
      db.close();
    }
  }, 30_000);

  it("caps a 2 MiB method in the operator log (stdio)", async () => {
    const child = spawn(BINARY, ["start", "--log-level", "debug"], { stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    let out = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send(JSON.parse(INITIALIZE));
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: HUGE });
    send({ jsonrpc: "2.0", method: HUGE });
    send({ jsonrpc: "2.0", id: 3, method: "ping" });
    const end = Date.now() + 10_000;
    while (!out.includes('"id":3') && Date.now() < end) await Bun.sleep(20);
    child.kill("SIGKILL");
    expect(out).toContain('"id":3');
    expect(err.length).toBeLessThan(BOUND);
  }, 30_000);
});
