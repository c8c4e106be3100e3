/**
 * Stateful sessions in the compiled binary over Streamable HTTP, as 2025-11-25 and 2026-07-28 SDK
 * clients: the life cycle in both eras (the handle is a tool argument, so a session started in one
 * era continues in the other), cross-owner isolation between two named tokens (another owner's
 * session_id is answered exactly like an unknown one), a restart of the server mid-session, and
 * `token revoke` making that owner's sessions unreachable and closing them.
 * Requires `npm run build` first (`npm test` does it).
 */

import { Database } from "bun:sqlite";
import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { mcpHeaders, rawRequest, startServer, tokenCli, twoTokenServer, until } from "./http-server.ts";

// Every test boots the binary (some twice); a loaded 2-core machine needs wide margins.
setDefaultTimeout(60_000);

const ERAS = [
  { name: "2025-11-25", options: {}, era: "legacy" },
  { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } }, era: "modern" },
] as const;

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };

async function connect(url: string, bearer: string, options: object = {}) {
  const client = new Client({ name: "e2e-sessions", version: "1" }, options);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    }),
  );
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

function textOf(r: Result): string {
  return ((r.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("\n");
}

async function start(client: Client): Promise<string> {
  const r = await call(client, "lisp_session_start");
  return r.structuredContent?.session_id as string;
}

const FLAGS = ["--sessions", "--response-profile", "structured", "--session-idle-timeout-ms", "20000"];

describe("sessions over HTTP", () => {
  const ctx = twoTokenServer(FLAGS);

  for (const era of ERAS) {
    it(`runs the life cycle as a ${era.name} client`, async () => {
      const client = await connect(ctx.server.url, ctx.alice, era.options);
      expect(client.getProtocolEra()).toBe(era.era);
      const id = await start(client);
      expect(id).toStartWith("ptcs_");
      const r = await call(client, "lisp_session_eval", { session_id: id, program: "(def n 20) (defn f [x] (+ n x))" });
      expect(r.structuredContent).toMatchObject({ memory: { changed_keys: ["n", "f"] } });
      expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "(f 22)" }))).toBe("42");
      expect(textOf(await call(client, "lisp_session_eval", { session_id: id, program: "(inc *1)" }))).toBe("43");
      const listed = (await call(client, "lisp_session_list")).structuredContent as {
        sessions: { session_id: string }[];
      };
      expect(listed.sessions.map((s) => s.session_id)).toContain(id);
      expect((await call(client, "lisp_session_close", { session_id: id })).structuredContent).toMatchObject({
        closed: true,
      });
      await client.close();
    });
  }

  it("continues a session started in one era from the other", async () => {
    const legacy = await connect(ctx.server.url, ctx.alice);
    const id = await start(legacy);
    await call(legacy, "lisp_session_eval", { session_id: id, program: "(def shared :yes)" });
    await legacy.close();
    const modern = await connect(ctx.server.url, ctx.alice, ERAS[1].options);
    expect(textOf(await call(modern, "lisp_session_eval", { session_id: id, program: "shared" }))).toBe(":yes");
    await modern.close();
  });

  it("answers another owner's session_id exactly like an unknown one", async () => {
    const a = await connect(ctx.server.url, ctx.alice);
    const b = await connect(ctx.server.url, ctx.bob, ERAS[1].options);
    const id = await start(a);
    await call(a, "lisp_session_eval", { session_id: id, program: "(def secret 7)" });
    const unknown = "ptcs_AAAAAAAAAAAAAAAAAAAAAAAA";
    for (const [tool, extra] of [
      ["lisp_session_eval", { program: "secret" }],
      ["lisp_session_inspect", {}],
      ["lisp_session_forget", {}],
      ["lisp_session_close", {}],
    ] as const) {
      const theirs = await call(b, tool, { session_id: id, ...extra });
      const none = await call(b, tool, { session_id: unknown, ...extra });
      expect(theirs).toEqual(none);
      expect(theirs.structuredContent).toMatchObject({ reason: "session_not_found" });
    }
    const listed = (await call(b, "lisp_session_list")).structuredContent as { sessions: { session_id: string }[] };
    expect(listed.sessions.map((s) => s.session_id)).not.toContain(id);
    // Untouched by bob's attempts.
    expect(textOf(await call(a, "lisp_session_eval", { session_id: id, program: "secret" }))).toBe("7");
    await a.close();
    await b.close();
  });
});

describe("sessions over HTTP across a restart and a revocation", () => {
  const ctx = twoTokenServer(FLAGS);

  it("keeps bindings, *1 and histories when the server restarts mid-session", async () => {
    const before = await connect(ctx.server.url, ctx.alice);
    const id = await start(before);
    await call(before, "lisp_session_eval", {
      session_id: id,
      program: '(def totals {:eu 1250 :us 980.5}) (println "saved") (reduce + (vals totals))',
    });
    await before.close();
    expect(await ctx.server.stop()).toBe(0);
    ctx.server = await startServer(ctx.dir, FLAGS);
    const after = await connect(ctx.server.url, ctx.alice, ERAS[1].options);
    expect(textOf(await call(after, "lisp_session_eval", { session_id: id, program: "[*1 (:eu totals)]" }))).toBe(
      "[2230.5 1250]",
    );
    const inspected = (await call(after, "lisp_session_inspect", { session_id: id })).structuredContent as {
      history: { prints: { line: string }[] };
    };
    expect(inspected.history.prints.map((p) => p.line)).toEqual(["saved"]);
    await after.close();
  }, 30_000);

  it("makes a revoked token's sessions unreachable and closes them", async () => {
    const a = await connect(ctx.server.url, ctx.alice);
    const b = await connect(ctx.server.url, ctx.bob);
    const mine = await start(a);
    const theirs = await start(b);
    await a.close();
    tokenCli(["revoke", "alice"], ctx.dir);
    const refused = await rawRequest(
      ctx.server.port,
      "POST",
      mcpHeaders(ctx.alice, { "mcp-protocol-version": "2026-07-28" }),
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "lisp_session_eval", arguments: { session_id: mine, program: "1" } },
      }),
    );
    expect(refused.status).toBe(401);
    // The reaper closes the revoked owner's sessions; bob's stays open.
    const db = new Database(join(ctx.dir, "ptc-mcp.sqlite"), { readonly: true });
    const reason = (id: string) =>
      (db.query("SELECT close_reason FROM lisp_sessions WHERE id = ?").get(id) as { close_reason: string | null })
        .close_reason;
    await until(() => reason(mine) === "revoked", 20_000);
    expect(reason(theirs)).toBeNull();
    db.close();
    expect(textOf(await call(b, "lisp_session_eval", { session_id: theirs, program: "(+ 1 1)" }))).toBe("2");
    await b.close();
  }, 40_000);
});
