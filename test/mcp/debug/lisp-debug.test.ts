import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { silentLogger } from "../../../src/config/logger.ts";
import type { CallHost } from "../../../src/mcp/lisp-eval.ts";
import { createFileTracer } from "../../../src/mcp/trace.ts";
import type { Executor } from "../../../src/sandbox/executor.ts";
import { createInProcessExecutor } from "../../../src/sandbox/in-process.ts";
import { connect, core, DEBUG, debugCall, evalCall, recentRecords } from "./harness.ts";

type Json = Record<string, unknown>;

describe("lisp_debug tool", () => {
  it("is listed only when --debug-tool is on, read-only", async () => {
    const on = await connect(core());
    const { tools } = await on.listTools();
    const tool = tools.find((t) => t.name === "lisp_debug");
    expect(tool?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(Object.keys(tool?.inputSchema.properties ?? {})).toEqual([
      "op",
      "limit",
      "errors_only",
      "since_seconds",
      "request_id",
    ]);
    const off = await connect(core({ debug: undefined }));
    expect((await off.listTools()).tools.map((t) => t.name)).toEqual(["lisp_eval"]);
  });

  it("stats counts ok, failed, args_error calls per tool with a reason histogram, not its own calls", async () => {
    const client = await connect(core());
    await evalCall(client, "(+ 1 2)");
    await evalCall(client, "(+ 1 2)");
    await evalCall(client, '(+ 1 "a")');
    await client.callTool({ name: "lisp_eval", arguments: { program: 7 } });
    await evalCall(client, "x".repeat(5000));
    await debugCall(client, { op: "recent" });
    const s = await debugCall(client, { op: "stats" });
    expect(s).toMatchObject({
      op: "stats",
      payload_policy: "summary",
      redaction_applied: true,
      debug_source: "ring_buffer",
      ring_size: 500,
      ring_count: 5,
      trace_dir_enabled: false,
      window: { calls: 5 },
      by_tool: { lisp_eval: { calls: 5, ok: 2, error: 3, error_rate: 0.6 } },
      errors: { total: 3, by_reason: { args_error: 2 } },
    });
    const byReason = (s.errors as Json).by_reason as Record<string, number>;
    expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(3);
    const lat = ((s.by_tool as Json).lisp_eval as Json).duration_ms as Json;
    expect(lat.p50 as number).toBeLessThanOrEqual(lat.p95 as number);
    expect(lat.p95 as number).toBeLessThanOrEqual(lat.max as number);
    expect(Object.keys(s.by_tool as Json)).toEqual(["lisp_eval"]);
  });

  it("records busy refusals", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const inner = createInProcessExecutor();
    const slow: Executor = {
      async run(r) {
        await gate;
        return inner.run(r);
      },
      async close() {},
    };
    const client = await connect(core({ executor: slow, maxConcurrentCalls: 1 }));
    const first = evalCall(client, "1");
    const second = await evalCall(client, "2");
    expect(second.isError).toBe(true);
    release();
    await first;
    const records = await recentRecords(client);
    expect(records.map((r) => [r.status, r.reason ?? null])).toEqual([
      ["ok", null],
      ["error", "busy"],
    ]);
  });

  it("records every tool registered on the server, through the one wrapper", async () => {
    const client = await connect(core(), undefined, (server) => {
      server.registerTool("lisp_session_probe", { inputSchema: undefined }, () => ({
        content: [{ type: "text", text: "session_busy: another eval is running" }],
        isError: true,
      }));
    });
    await client.callTool({ name: "lisp_session_probe", arguments: {} });
    await client.callTool({ name: "no_such_tool", arguments: {} }).catch(() => null);
    const [r] = await recentRecords(client);
    expect(r).toMatchObject({ tool: "lisp_session_probe", status: "error", reason: "session_busy" });
    expect(r?.message).toBe("another eval is running");
    expect(await recentRecords(client)).toHaveLength(1);
  });

  it("rolls lisp_task planner blocks up into stats as agentic_planner", async () => {
    let n = 0;
    const client = await connect(core(), undefined, (server) => {
      server.registerTool("lisp_task", { inputSchema: undefined }, () => {
        n++;
        const planner =
          n === 1
            ? { model: "openai:m1", turns: 1, duration_ms: 40, prompt_tokens: 100, completion_tokens: 20 }
            : { model: "anthropic:m2", turns: 3, duration_ms: 90 };
        return {
          content: [{ type: "text", text: "done" }],
          structuredContent: { status: "ok", answer: "done", planner },
        };
      });
    });
    await client.callTool({ name: "lisp_task", arguments: {} });
    await client.callTool({ name: "lisp_task", arguments: {} });
    await evalCall(client, "(+ 1 2)");
    const s = await debugCall(client, { op: "stats" });
    expect(s.agentic_planner).toEqual({
      tasks: 2,
      turns: 4,
      turns_per_task: 2,
      duration_ms: { p50: 40, p95: 90, max: 90 },
      tasks_with_token_counts: 1,
      prompt_tokens: 100,
      completion_tokens: 20,
      by_model: { "openai:m1": 1, "anthropic:m2": 1 },
    });
    const plain = await connect(core());
    await evalCall(plain, "(+ 1 2)");
    expect((await debugCall(plain, { op: "stats" })).agentic_planner).toBeUndefined();
  });

  it("keeps the exact error type under the slim profile", async () => {
    const client = await connect(core({ profile: "slim" }));
    await evalCall(client, "(");
    const [r] = await recentRecords(client);
    expect(r).toMatchObject({ tool: "lisp_eval", status: "error", reason: "parse_error" });
    expect(typeof r?.message).toBe("string");
  });

  it("recent returns newest first, honours limit (max 200), errors_only and since_seconds", async () => {
    const client = await connect(core());
    for (let i = 0; i < 5; i++) await evalCall(client, i % 2 === 0 ? `(+ ${i} 1)` : "(/ 1 0)");
    const all = await debugCall(client, { op: "recent", limit: 3 });
    expect(all).toMatchObject({ op: "recent", limit: 3, count: 3 });
    const sizes = (all.records as Json[]).map((r) => (r.program as Json).preview);
    expect(sizes).toEqual(["(+ 4 1)", "(/ 1 0)", "(+ 2 1)"]);
    expect(await debugCall(client, { op: "recent", limit: 1000 })).toMatchObject({ limit: 200, count: 5 });
    const errors = await recentRecords(client, { errors_only: true });
    expect(errors.map((r) => r.status)).toEqual(["error", "error"]);
    expect(await recentRecords(client, { since_seconds: 3600 })).toHaveLength(5);
    const bad = await client.callTool({ name: "lisp_debug", arguments: { op: "recent", limit: 0 } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({ reason: "args_error", payload_policy: "summary" });
  });

  it("get returns one record by request_id, and not_found for an unknown one", async () => {
    const client = await connect(core());
    await evalCall(client, "(+ 1 2)", { context: { a: [1, 2] } });
    const [listed] = await recentRecords(client);
    const got = await debugCall(client, { op: "get", request_id: listed?.request_id });
    expect(got).toMatchObject({ op: "get", source: "ring_buffer", redaction_applied: true });
    expect(got.record).toMatchObject({
      tool: "lisp_eval",
      status: "ok",
      program: { bytes: 7 },
      context: { bytes: 11 },
      result: { bytes: 1 },
      ptc_metrics: { final_result_bytes: 1, upstream_call_count: 0, payload_reduction_ratio: null },
    });
    const missing = await client.callTool({ name: "lisp_debug", arguments: { op: "get", request_id: "req_999" } });
    expect(missing.isError).toBe(true);
    expect(missing.structuredContent).toMatchObject({ reason: "not_found", redaction_applied: true });
    const noId = await client.callTool({ name: "lisp_debug", arguments: { op: "get" } });
    expect(noId.structuredContent).toMatchObject({ reason: "args_error" });
  });

  it("get reads the trace file when --trace-dir is set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-debug-trace-"));
    const tracer = createFileTracer({ dir, payloads: "summary", maxFiles: 10 }, silentLogger);
    const client = await connect(core({ tracer, debug: { ...DEBUG, traceDir: dir } }));
    await evalCall(client, "(+ 1 2)");
    const [listed] = await recentRecords(client);
    let got: Json = {};
    // The trace file appears before its last line is written: poll (bounded) until both events are in.
    const complete = () => got.source === "trace_file" && ((got.events as Json[] | undefined)?.length ?? 0) >= 2;
    for (let i = 0; i < 1000 && !complete(); i++) {
      got = await debugCall(client, { op: "get", request_id: listed?.request_id });
      if (!complete()) await Bun.sleep(20);
    }
    expect(got).toMatchObject({ source: "trace_file", trace_file: `${listed?.trace_id}-lisp_eval.jsonl` });
    expect((got.events as Json[]).map((e) => e.event)).toEqual(["lisp.execute.start", "lisp.execute.success"]);
    expect(await debugCall(client, { op: "stats" })).toMatchObject({ trace_dir_enabled: true });
  });

  it("counts upstream outcomes and rolls payload reduction up", async () => {
    const calls = [
      [{ server: "fs", tool: "read", status: "ok", duration_ms: 3, result_bytes: 5000 }],
      [
        { server: "fs", tool: "read", status: "ok", duration_ms: 3, result_bytes: 1000 },
        { server: "gh", tool: "issues", status: "error", duration_ms: 9, reason: "timeout", error: "slow" },
      ],
    ] as const;
    let n = 0;
    const hostFor = (): CallHost => {
      const mine = calls[n++ % calls.length];
      return { handler: async () => null, finish: () => ({ upstreamCalls: mine }) };
    };
    const client = await connect(core({ hostFor }));
    await evalCall(client, '"abcdefghij"'); // 12-byte answer: ratio 5000 / 12
    await evalCall(client, '"ab"'); // 4-byte answer: ratio 1000 / 4
    const s = await debugCall(client, { op: "stats" });
    expect(s.upstream_calls).toEqual({
      total: 3,
      ok: 2,
      error: 1,
      by_reason: { timeout: 1 },
      by_server: {
        fs: { total: 2, ok: 2, error: 0, by_reason: {} },
        gh: { total: 1, ok: 0, error: 1, by_reason: { timeout: 1 } },
      },
    });
    const pr = s.payload_reduction as Json;
    expect(pr).toMatchObject({
      calls: 2,
      calls_with_ratio: 2,
      final_result_bytes: 16,
      upstream_result_bytes: 6000,
      ratio: { p50: 250, p95: 416.67, max: 416.67, weighted: 375 },
    });
    expect((pr.top_reducers as Json[]).map((t) => t.payload_reduction_ratio)).toEqual([416.67, 250]);
  });

  it("shows each owner only its own records", async () => {
    const factory = core();
    const alice = await connect(factory, "pat:alice");
    const bob = await connect(factory, "pat:bob");
    await evalCall(alice, "(+ 1 1)");
    await evalCall(alice, "(+ 2 2)");
    await evalCall(bob, "(/ 1 0)");
    expect(await debugCall(alice, { op: "stats" })).toMatchObject({ ring_count: 2, visibility: "owner" });
    const bobs = await recentRecords(bob);
    expect(bobs).toHaveLength(1);
    expect(bobs[0]?.caller).toEqual({ owner_hash: "h-pat:bob" });
    const [alices] = await recentRecords(alice);
    const probe = await alice.callTool({
      name: "lisp_debug",
      arguments: { op: "get", request_id: bobs[0]?.request_id },
    });
    const unknown = await alice.callTool({ name: "lisp_debug", arguments: { op: "get", request_id: "req_424242" } });
    expect(probe.isError).toBe(true);
    expect((probe.structuredContent as Json).reason).toBe((unknown.structuredContent as Json).reason);
    expect(await debugCall(alice, { op: "get", request_id: alices?.request_id })).toMatchObject({
      source: "ring_buffer",
    });
  });

  it("keeps responses under --max-debug-response-bytes and flags the cut", async () => {
    const client = await connect(core({ debug: { ...DEBUG, maxResponseBytes: 4096 } }));
    for (let i = 0; i < 40; i++) await evalCall(client, `(str "${"y".repeat(200)}" ${i})`);
    const r = await client.callTool({ name: "lisp_debug", arguments: { op: "recent", limit: 40 } });
    const text = (r.content as Array<{ text: string }>)[0]?.text ?? "";
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    const sc = r.structuredContent as Json;
    expect(sc).toMatchObject({ truncated: true, max_response_bytes: 4096, payload_policy: "summary" });
    expect((sc.records as Json[]).length + (sc.records_omitted as number)).toBe(40);
  });

  it("answers args_error for an unknown op or argument", async () => {
    const client = await connect(core());
    for (const args of [{ op: "dump" }, { op: "stats", verbose: true }, {}]) {
      const r = await client.callTool({ name: "lisp_debug", arguments: args });
      expect(r.isError).toBe(true);
      expect(v.is(v.object({ reason: v.literal("args_error"), message: v.string() }), r.structuredContent)).toBe(true);
    }
  });
});
