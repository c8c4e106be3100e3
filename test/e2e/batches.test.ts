/**
 * JSON-RPC batches follow the protocol revision in use (issue #10, item 10). Revision 2025-03-26
 * requires servers to accept batches; 2025-06-18 removed them, and 2025-11-25 did not bring them
 * back. So: over HTTP a batch on a 2025-06-18 or 2025-11-25 session is refused with `400` and
 * `-32600`, while a 2025-03-26 session answers it with one array; over stdio the same rule holds
 * for the revision the `initialize` exchange negotiated.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawn } from "node:child_process";
import {
  BINARY,
  dataDir,
  mcpHeaders,
  type RunningServer,
  rawRequest,
  STATIC_TOKEN,
  startServer,
} from "./http-server.ts";

const BATCH = [
  { jsonrpc: "2.0", id: 2, method: "ping" },
  { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "lisp_eval", arguments: { program: "(+ 1 2)" } } },
  { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "x", progress: 1 } },
];

function initialize(version: string) {
  return {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "e2e-batch", version: "1" } },
  };
}

const INITIALIZED = { jsonrpc: "2.0", method: "notifications/initialized" };

type Reply = { id?: unknown; result?: { content?: Array<{ text?: string }> }; error?: { code: number } };

describe("batches over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dataDir(), ["--http-auth-token", STATIC_TOKEN]);
  });
  afterAll(async () => {
    await server.stop("SIGKILL");
  });

  async function session(version: string): Promise<Record<string, string>> {
    const opened = await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN), JSON.stringify(initialize(version)));
    expect(opened.status).toBe(200);
    const headers = mcpHeaders(STATIC_TOKEN, {
      "mcp-session-id": String(opened.headers["mcp-session-id"]),
      "mcp-protocol-version": version,
    });
    expect((await rawRequest(server.port, "POST", headers, JSON.stringify(INITIALIZED))).status).toBe(202);
    return headers;
  }

  for (const version of ["2025-06-18", "2025-11-25"]) {
    it(`refuses a batch with 400 and -32600 on a ${version} session`, async () => {
      const headers = await session(version);
      const reply = await rawRequest(server.port, "POST", headers, JSON.stringify(BATCH));
      expect(reply.status).toBe(400);
      const body = JSON.parse(reply.body) as Reply;
      expect(body.error?.code).toBe(-32600);
      expect(JSON.stringify(body)).toContain(version);
      // The session is still usable for single messages.
      const single = await rawRequest(server.port, "POST", headers, JSON.stringify(BATCH[0]));
      expect(single.status).toBe(200);
    });
  }

  it("answers a batch with one array on a 2025-03-26 session", async () => {
    const headers = await session("2025-03-26");
    const reply = await rawRequest(server.port, "POST", headers, JSON.stringify(BATCH));
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as Reply[];
    expect(body.map((r) => r.id).sort()).toEqual([2, 3]);
    expect(body.find((r) => r.id === 3)?.result?.content?.[0]?.text).toBe("3");
  });

  it("refuses an initialize inside a batch", async () => {
    const reply = await rawRequest(
      server.port,
      "POST",
      mcpHeaders(STATIC_TOKEN),
      JSON.stringify([initialize("2025-11-25")]),
    );
    expect(reply.status).toBe(400);
    expect((JSON.parse(reply.body) as Reply).error?.code).toBe(-32600);
  });
});

/** Speaks raw NDJSON to `ptc-mcp start`: sends lines, reads answer lines one by one. */
function stdioServer() {
  const child = spawn(BINARY, ["start"], { stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let buffered = "";
  let wake = () => {};
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
    wake();
  });
  return {
    send: (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`),
    async next(): Promise<unknown> {
      const end = Date.now() + 10_000;
      while (lines.length === 0) {
        if (Date.now() > end) throw new Error("no answer from the server");
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return JSON.parse(lines.shift() as string);
    },
    close: () => child.kill("SIGKILL"),
  };
}

describe("batches over stdio", () => {
  it("answers a batch with one array after negotiating 2025-03-26", async () => {
    const s = stdioServer();
    try {
      s.send(initialize("2025-03-26"));
      expect(await s.next()).toMatchObject({ id: 1, result: { protocolVersion: "2025-03-26" } });
      s.send(INITIALIZED);
      s.send(BATCH);
      const answer = (await s.next()) as Reply[];
      expect(Array.isArray(answer)).toBe(true);
      expect(answer.map((r) => r.id).sort()).toEqual([2, 3]);
      expect(answer.find((r) => r.id === 3)?.result?.content?.[0]?.text).toBe("3");
      // Single messages still get single answers.
      s.send(BATCH[0]);
      expect(await s.next()).toMatchObject({ id: 2, result: {} });
    } finally {
      s.close();
    }
  });

  it("refuses a batch with -32600 after negotiating 2025-11-25", async () => {
    const s = stdioServer();
    try {
      s.send(initialize("2025-11-25"));
      expect(await s.next()).toMatchObject({ id: 1, result: { protocolVersion: "2025-11-25" } });
      s.send(INITIALIZED);
      s.send(BATCH);
      expect(await s.next()).toMatchObject({ id: null, error: { code: -32600 } });
      s.send(BATCH[0]);
      expect(await s.next()).toMatchObject({ id: 2, result: {} });
    } finally {
      s.close();
    }
  });
});
