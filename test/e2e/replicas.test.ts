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
import { type PostgresServer, startPostgres } from "../support/postgres.ts";
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

// Two binaries boot per file, one is killed and restarted, the database stops and starts: wide
// margins for a loaded machine.
setDefaultTimeout(60_000);

// A spinning program runs until its 4 s budget (the loop limit is out of its way).
const FLAGS = [
  "--sessions",
  "--response-profile",
  "structured",
  "--program-timeout-ms",
  "4000",
  "--loop-limit",
  "1000000000000",
];
const dir = dataDir();
let pg: PostgresServer;
/** `--store-url <database of this file>`, for the CLI and every replica. */
let store: string[] = [];
let token = "";
const replicas: RunningServer[] = [];

const cli = (args: string[]) => tokenCli([...args, ...store], dir);
const replica = (label: string) => startServer(dir, [...FLAGS, ...store, "--http-instance-label", label]);

beforeAll(async () => {
  pg = await startPostgres();
  store = ["--store-url", await pg.createDatabase()];
  token = cli(["create", "alice"]);
  for (let i = 0; i < 2; i++) replicas.push(await replica(`r${i}`));
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop("SIGTERM")));
  await pg?.close();
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

/** POSTs `initialize` with `bearer` until the answer is `status` (or `ms` pass); the last status. */
async function statusWithin(port: number, bearer: string, status: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await rawRequest(port, "POST", mcpHeaders(bearer), INITIALIZE);
    if (r.status === status || Date.now() > end) return r.status;
    await Bun.sleep(50);
  }
}

/** A `tools/call` of `lisp_eval` on 2025 session `sid`, raw: status and body text. */
async function sessionEval(port: number, sid: string, program: string) {
  const r = await rawRequest(
    port,
    "POST",
    mcpHeaders(token, { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" }),
    JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "lisp_eval", arguments: { program } },
    }),
  );
  return { status: r.status, body: r.body };
}

describe("replicas on one PostgreSQL", () => {
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
    const fresh = cli(["create", "short-lived"]);
    for (const r of replicas) {
      const ok = await rawRequest(r.port, "POST", mcpHeaders(fresh), INITIALIZE);
      expect(ok.status).toBe(200);
    }
    cli(["revoke", "short-lived"]);
    // Refused within a second by design; polled for 10 s so a loaded machine cannot fail it.
    for (const r of replicas) expect(await statusWithin(r.port, fresh, 401, 10_000)).toBe(401);
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
    replicas[0] = await replica("r0-again");
    target.index = 0;
    expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "*2" }))).toBe("42");
    await client.close();
  });
  it("answers exactly one of two concurrent evals of one session, from two replicas, with session_busy", async () => {
    const a = await mover(token);
    const b = await mover(token);
    b.target.index = 1;
    const id = (await call(a.client, "lisp_session_start")).structuredContent?.session_id as string;
    // Runs until the 4 s program budget: the other eval arrives well inside it.
    const spin = "(loop [i 0] (recur (inc i)))";
    const both = await Promise.all([
      call(a.client, "lisp_session_eval", { session_id: id, program: spin }),
      call(b.client, "lisp_session_eval", { session_id: id, program: spin }),
    ]);
    const texts = both.map(textOf);
    expect(texts.filter((t) => t.startsWith("session_busy")).length).toBe(1);
    expect(texts.filter((t) => t.startsWith("timeout")).length).toBe(1);
    expect(textOf(await call(b.client, "lisp_session_eval", { session_id: id, program: "(+ 1 1)" }))).toBe("2");
    await a.client.close();
    await b.client.close();
  });

  it("fails calls with store_unavailable and /ready 503 while the database is down, then recovers", async () => {
    const { client, transport } = await mover(token);
    const sid = transport.sessionId as string;
    await pg.stop();
    try {
      for (const r of replicas) {
        // A new client (auth reads the token row) and a call on a known session (its row is re-read).
        const fresh = await rawRequest(r.port, "POST", mcpHeaders(token), INITIALIZE);
        expect(fresh.status).toBe(503);
        expect(fresh.body).toContain("store_unavailable");
        const onSession = await sessionEval(r.port, sid, "(+ 1 2)");
        expect(onSession.status).toBe(503);
        expect(onSession.body).toContain("store_unavailable");
        expect((await rawRequest(r.port, "GET", {}, undefined, "/ready")).status).toBe(503);
      }
    } finally {
      await pg.start();
    }
    for (const r of replicas) {
      // Bounded: the pools reconnect on their own; 30 s is a hang guard, not an expectation.
      const end = Date.now() + 30_000;
      let up = await sessionEval(r.port, sid, "(+ 1 2)");
      while (up.status !== 200 && Date.now() < end) {
        await Bun.sleep(100);
        up = await sessionEval(r.port, sid, "(+ 1 2)");
      }
      expect(up.status).toBe(200);
      expect(up.body).toContain('"text":"3"');
      expect((await rawRequest(r.port, "GET", {}, undefined, "/ready")).status).toBe(200);
    }
    await client.close();
  });

  // Last: the block holds this test's peer address (127.0.0.1) for the rest of the minute.
  it("shares a failed-auth block: earned on one replica, enforced by the other", async () => {
    const bad = "ptc_pat_not-a-real-token-000000000000000000";
    const first = replicas[0] as RunningServer;
    let status = 0;
    for (let i = 0; i < 6; i++) status = (await rawRequest(first.port, "POST", mcpHeaders(bad), INITIALIZE)).status;
    expect(status).toBe(429);
    const other = await rawRequest((replicas[1] as RunningServer).port, "POST", mcpHeaders(token), INITIALIZE);
    expect(other.status).toBe(429);
    expect(other.headers["retry-after"]).toBeDefined();
  });
});
