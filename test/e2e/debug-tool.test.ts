/**
 * `lisp_debug` in the compiled binary, driven by the SDK client: over stdio (the implied debug
 * profile, the slim override, the trace file behind `get`) and over Streamable HTTP in both
 * protocol eras, where two named tokens each see only their own calls.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { type Served, serve } from "./helpers.ts";
import { STATIC_TOKEN, twoTokenServer } from "./http-server.ts";

type Json = Record<string, unknown>;

async function debug(client: Client, args: Json): Promise<Json> {
  const r = await client.callTool({ name: "lisp_debug", arguments: args });
  return r.structuredContent as Json;
}

describe("lisp_debug over stdio", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(["--debug-tool"]);
  });
  afterAll(async () => {
    await served.close();
  });

  it("is listed and switches lisp_eval to the debug profile", async () => {
    const { tools } = await served.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["lisp_debug", "lisp_eval"]);
    expect(tools.find((t) => t.name === "lisp_eval")?.outputSchema).toBeDefined();
    const r = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
    expect(r.structuredContent).toMatchObject({ status: "ok", ptc_metrics: { final_result_bytes: 1 } });
  });

  it("answers stats, recent and get about the calls made", async () => {
    const { client } = served;
    await client.callTool({ name: "lisp_eval", arguments: { program: "(/ 1 0)" } });
    await client.callTool({ name: "lisp_eval", arguments: { program: 42 } });
    const stats = await debug(client, { op: "stats" });
    expect(stats).toMatchObject({
      op: "stats",
      payload_policy: "summary",
      redaction_applied: true,
      ring_size: 500,
      ring_count: 3,
      visibility: "process",
      by_tool: { lisp_eval: { calls: 3, ok: 1, error: 2 } },
      errors: { total: 2, by_reason: { args_error: 1 } },
    });
    const recent = await debug(client, { op: "recent", errors_only: true });
    const records = recent.records as Json[];
    expect(records.map((r) => r.reason)).toEqual(["args_error", expect.any(String)]);
    const got = await debug(client, { op: "get", request_id: records[1]?.request_id });
    expect(got).toMatchObject({ source: "ring_buffer", record: { program: { preview: "(/ 1 0)" }, status: "error" } });
  });
});

describe("lisp_debug over stdio with --trace-dir and a slim profile", () => {
  it("keeps client answers slim, records full facts, and reads the trace file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-e2e-debug-"));
    const served = await serve([
      "--debug-tool",
      "--response-profile",
      "slim",
      "--trace-dir",
      dir,
      "--trace-payloads",
      "none",
    ]);
    try {
      const r = await served.client.callTool({ name: "lisp_eval", arguments: { program: '(+ 1 "a")' } });
      expect(r.structuredContent).toBeUndefined();
      const [record] = (await debug(served.client, { op: "recent" })).records as Json[];
      expect(record).toMatchObject({
        status: "error",
        reason: "runtime_error",
        error_type: "type_error",
        program: { bytes: 9 },
      });
      expect(record?.program).not.toHaveProperty("preview");
      let got: Json = {};
      for (let i = 0; i < 100 && got.source !== "trace_file"; i++) {
        got = await debug(served.client, { op: "get", request_id: record?.request_id });
        if (got.source !== "trace_file") await Bun.sleep(50);
      }
      expect(got).toMatchObject({ source: "trace_file", payload_policy: "none" });
      expect((got.events as Json[]).at(-1)).toMatchObject({ event: "lisp.execute.fail", error_type: "type_error" });
    } finally {
      await served.close();
    }
  });

  it("does not exist without --debug-tool", async () => {
    const served = await serve([]);
    try {
      expect((await served.client.listTools()).tools.map((t) => t.name)).toEqual(["lisp_eval"]);
    } finally {
      await served.close();
    }
  });
});

describe("lisp_debug over HTTP with two named tokens", () => {
  const ctx = twoTokenServer(["--http-auth-token", STATIC_TOKEN, "--debug-tool"], true);

  async function connect(bearer: string, modern: boolean): Promise<Client> {
    const client = new Client(
      { name: "e2e-debug", version: "1" },
      modern ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
    );
    const transport = new StreamableHTTPClientTransport(new URL(ctx.server.url), {
      requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    });
    await client.connect(transport);
    return client;
  }

  it("shows each owner only its own calls, in both protocol eras", async () => {
    const a = await connect(ctx.alice, false);
    const b = await connect(ctx.bob, true);
    const a2 = await connect(ctx.alice, true);
    try {
      await a.callTool({ name: "lisp_eval", arguments: { program: `(count "${STATIC_TOKEN}")` } });
      await a2.callTool({ name: "lisp_eval", arguments: { program: "(+ 2 2)" } });
      await b.callTool({ name: "lisp_eval", arguments: { program: "(/ 1 0)" } });

      const aliceStats = await debug(a, { op: "stats" });
      expect(aliceStats).toMatchObject({
        visibility: "owner",
        ring_count: 2,
        by_tool: { lisp_eval: { calls: 2, ok: 2, error: 0 } },
      });
      expect(await debug(a2, { op: "stats" })).toMatchObject({ ring_count: 2 });
      const aliceRecords = (await debug(a, { op: "recent" })).records as Json[];
      expect(aliceRecords[1]?.program).toMatchObject({ preview: '(count "[REDACTED]")' });
      expect(JSON.stringify(aliceRecords)).not.toContain(STATIC_TOKEN);
      const bobRecords = (await debug(b, { op: "recent" })).records as Json[];
      expect(bobRecords).toHaveLength(1);
      expect(bobRecords[0]).toMatchObject({ status: "error", program: { preview: "(/ 1 0)" } });

      const probe = await a.callTool({
        name: "lisp_debug",
        arguments: { op: "get", request_id: bobRecords[0]?.request_id },
      });
      expect(probe.isError).toBe(true);
      expect(probe.structuredContent).toMatchObject({ reason: "not_found" });
      expect(await debug(b, { op: "get", request_id: bobRecords[0]?.request_id })).toMatchObject({
        source: "ring_buffer",
        request_id: bobRecords[0]?.request_id,
      });
    } finally {
      await Promise.all([a.close(), b.close(), a2.close()]);
    }
  });
});
