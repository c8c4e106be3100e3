/**
 * Several compiled `ptc-mcp start --http` replicas on one state store, the SDK clients (2025-11-25
 * and 2026-07-28) moving between them as a load balancer without affinity would move them:
 * named tokens and revocations, a 2025 protocol session initialized on one replica and continued
 * (and deleted) on another, and a stateful `lisp_session_*` session that outlives the replica
 * that started it (SIGKILL); and the same through examples/nginx-replicas.conf under a real nginx.
 * Requires `npm run build` first (`npm test` does it) and nginx (`.ci/run` unpacks Debian's).
 */

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { startNginx } from "../fixtures/nginx.ts";
import {
  dataDir,
  freePort,
  INITIALIZE,
  mcpHeaders,
  type RunningServer,
  rawRequest,
  startServer,
  tokenCli,
} from "./http-server.ts";

// Three binaries boot per file and one is killed and restarted: wide margins for a loaded machine.
setDefaultTimeout(60_000);

const FLAGS = ["--sessions", "--response-profile", "structured"];
const dir = dataDir();
let token = "";
const replicas: RunningServer[] = [];

beforeAll(async () => {
  token = tokenCli(["create", "alice"], dir);
  for (let i = 0; i < 2; i++) replicas.push(await startServer(dir, [...FLAGS, "--http-instance-label", `r${i}`]));
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop("SIGTERM")));
}, 60_000);

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };

/**
 * An SDK client whose every HTTP exchange goes to `replicas[target.index]`, so a test moves it
 * between replicas like a round-robin balancer would.
 */
async function mover(bearer: string, options: object = {}) {
  const target = { index: 0 };
  const base = new URL(replicas[0]?.url as string);
  const transport = new StreamableHTTPClientTransport(base, {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    fetch: (url, init) => {
      const u = new URL(url instanceof Request ? url.url : String(url));
      u.port = String(replicas[target.index]?.port);
      return fetch(u, init);
    },
  });
  const client = new Client({ name: "e2e-replicas", version: "1" }, options);
  await client.connect(transport);
  return { client, transport, target };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

function textOf(r: Result): string {
  return ((r.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("\n");
}

describe("replicas on one store", () => {
  it("continues a 2025-11-25 protocol session on another replica, and ends it everywhere on DELETE", async () => {
    const { client, transport, target } = await mover(token);
    expect(client.getProtocolEra()).toBe("legacy");
    const sid = transport.sessionId as string;
    for (const index of [0, 1, 0, 1]) {
      target.index = index;
      expect(textOf(await call(client, "lisp_eval", { program: "(+ 40 2)" }))).toBe("42");
    }
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain("lisp_session_start");
    await transport.terminateSession();
    for (const r of replicas) {
      const reuse = await rawRequest(
        r.port,
        "POST",
        mcpHeaders(token, { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" }),
        JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list", params: {} }),
      );
      expect(reuse.status).toBe(404);
    }
    await client.close();
  });

  it("serves a 2026-07-28 client from either replica", async () => {
    const { client, target } = await mover(token, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    expect(client.getProtocolEra()).toBe("modern");
    for (const index of [1, 0, 1]) {
      target.index = index;
      expect(textOf(await call(client, "lisp_eval", { program: "(count [1 2 3])" }))).toBe("3");
    }
    await client.close();
  });

  it("accepts a token created by the CLI on every replica and refuses it on every replica once revoked", async () => {
    const fresh = tokenCli(["create", "short-lived"], dir);
    for (const r of replicas) {
      const ok = await rawRequest(r.port, "POST", mcpHeaders(fresh), INITIALIZE);
      expect(ok.status).toBe(200);
    }
    tokenCli(["revoke", "short-lived"], dir);
    for (const r of replicas) {
      const refused = await rawRequest(r.port, "POST", mcpHeaders(fresh), INITIALIZE);
      expect(refused.status).toBe(401);
    }
  });

  it("serves a 2025-11-25 client through the example nginx config, round robin, without affinity", async () => {
    const nginx = await startNginx(await freePort(), [replicas[0]?.port as number, replicas[1]?.port as number]);
    try {
      const restoredBefore = replicas.map((r) => r.stderr().split("http_session_restored").length);
      const client = new Client({ name: "e2e-nginx", version: "1" });
      const transport = new StreamableHTTPClientTransport(new URL(nginx.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      await client.connect(transport);
      for (let i = 0; i < 4; i++)
        expect(textOf(await call(client, "lisp_eval", { program: `(* ${i} 2)` }))).toBe(String(i * 2));
      // Every other request (the first: notifications/initialized) landed on the replica that did
      // not open the session: it rebuilt the session once and then held it.
      const restored = replicas.map(
        (r, i) => r.stderr().split("http_session_restored").length - (restoredBefore[i] ?? 0),
      );
      expect(restored.reduce((a, b) => a + b, 0)).toBe(1);
      await client.close();
    } finally {
      await nginx.stop();
    }
  });

  it("continues a lisp_session_* session on another replica after the first is killed with SIGKILL", async () => {
    const { client, target } = await mover(token);
    const started = await call(client, "lisp_session_start");
    const id = started.structuredContent?.session_id as string;
    expect(id).toStartWith("ptcs_");
    await call(client, "lisp_session_eval", { session_id: id, program: "(def n 20) (defn f [x] (+ n x))" });
    const killed = replicas[0] as RunningServer;
    expect(await killed.stop("SIGKILL")).toBeNull();
    target.index = 1;
    expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "(f 22)" }))).toBe("42");
    expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "(inc *1)" }))).toBe("43");
    replicas[0] = await startServer(dir, [...FLAGS, "--http-instance-label", "r0-again"]);
    target.index = 0;
    expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "*2" }))).toBe("42");
    await client.close();
  });
});
