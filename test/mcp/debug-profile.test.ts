import { describe, expect, it } from "bun:test";
import { Validator } from "@cfworker/json-schema";
import { debugRenderer } from "../../src/mcp/profiles/debug.ts";
import { guardEnvelope } from "../../src/mcp/profiles/guard.ts";
import { OUTPUT_LIMITS } from "../../src/mcp/profiles/limits.ts";
import { FULL_OUTPUT_SCHEMA } from "../../src/mcp/profiles/output-schemas.ts";
import type { EvalSuccess } from "../../src/sandbox/executor.ts";

const success = (over: Partial<EvalSuccess> = {}): EvalSuccess => ({
  ok: true,
  text: "42",
  prints: [],
  returned: false,
  durationMs: 3.5,
  ...over,
});
const textOf = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;
const schema = new Validator(FULL_OUTPUT_SCHEMA as never, "2020-12");

describe("debug profile", () => {
  it("returns the full payload with timing and ptc_metrics, mirrored as JSON text", () => {
    const r = debugRenderer.success(success({ prints: ["hi"] }));
    const sc = r.structuredContent as Record<string, unknown>;
    expect(sc).toMatchObject({
      status: "ok",
      result: "42",
      prints: ["hi"],
      feedback: "",
      truncated: false,
      duration_ms: 3.5,
    });
    expect(sc.ptc_metrics).toMatchObject({
      schema_version: 1,
      final_result_bytes: 2,
      prints_bytes: 6,
      upstream_call_count: 0,
      upstream_result_bytes: 0,
      payload_reduction_ratio: null,
      token_estimate_method: "utf8_bytes_div_4",
      baseline: { optimistic: { available: false } },
    });
    expect(JSON.parse(textOf(r))).toEqual(sc);
    expect(schema.validate(sc).valid).toBe(true);
  });

  it("reports upstream calls and the payload reduction ratio when the program made some", () => {
    const upstreamCalls = [
      { server: "gh", tool: "search", status: "ok" as const, duration_ms: 12, result_bytes: 4000, oversize: false },
      { server: "gh", tool: "search", status: "error" as const, duration_ms: 5, reason: "timeout", result_bytes: null },
    ];
    const sc = debugRenderer.success(success({ text: '"done"' }), { upstreamCalls }).structuredContent as Record<
      string,
      unknown
    >;
    expect(sc.upstream_calls).toEqual(upstreamCalls);
    expect(sc.ptc_metrics).toMatchObject({
      upstream_call_count: 2,
      upstream_ok_count: 1,
      upstream_error_count: 1,
      upstream_result_bytes: 4000,
      payload_reduction_ratio: 666.67,
    });
    expect(schema.validate(sc).valid).toBe(true);
  });

  it("adds the exact error type and position to errors, with a null ratio", () => {
    const r = debugRenderer.failure({ code: "type_error", message: "+ expects numbers", line: 2, column: 5 }, [
      "before",
    ]);
    const sc = r.structuredContent as Record<string, unknown>;
    expect(r.isError).toBe(true);
    expect(sc).toMatchObject({
      status: "error",
      reason: "runtime_error",
      error_type: "type_error",
      line: 2,
      column: 5,
      prints: ["before"],
      truncated: false,
    });
    expect(sc.ptc_metrics).toMatchObject({ final_result_bytes: 0, payload_reduction_ratio: null });
    expect(schema.validate(sc).valid).toBe(true);
  });

  it("keeps exact validated values up to 128 KiB", () => {
    const json = Array.from({ length: 10_000 }, (_, i) => i);
    const sc = debugRenderer.success(
      success({ text: "[...]", json, jsonBytes: JSON.stringify(json).length, validated: true }),
    ).structuredContent as Record<string, unknown>;
    expect(sc.validated).toEqual(json);
  });

  it("drops heavy fields, then falls back to a minimal payload, to stay under the 512 KiB guard", () => {
    const prints = Array.from({ length: 200 }, () => "p".repeat(300));
    const r = debugRenderer.success(success({ text: "x".repeat(2_000_000), prints }));
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(OUTPUT_LIMITS.debug.maxEnvelopeBytes);
    expect(r.structuredContent).toMatchObject({ status: "ok", truncated: true, output_truncated: true });
    expect(schema.validate(r.structuredContent).valid).toBe(true);
  });
});

describe("envelope guard", () => {
  const big = {
    status: "error",
    reason: "runtime_error",
    message: "m".repeat(100_000),
    feedback: "f".repeat(100_000),
    prints: ["p".repeat(100_000)],
  };

  it("returns the envelope unchanged when it fits", () => {
    const env = { structuredContent: { status: "ok" }, content: [{ type: "text" as const, text: "ok" }] };
    expect(guardEnvelope(env, 1024, () => "")).toBe(env);
  });

  it("keeps status, a capped reason and message, and the truncation flags when nothing else fits", () => {
    const r = guardEnvelope(
      { isError: true, structuredContent: big, content: [{ type: "text", text: "t".repeat(300_000) }] },
      32 * 1024,
      (p) => `${p.reason}: ${p.message}`,
    );
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(32 * 1024);
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({
      status: "error",
      reason: "runtime_error",
      truncated: true,
      output_truncated: true,
    });
    expect(r.structuredContent).not.toHaveProperty("prints");
  });

  it("falls back to text only for slim envelopes", () => {
    const r = guardEnvelope({ content: [{ type: "text", text: "t".repeat(100_000) }] }, 32 * 1024, () => "");
    expect(r.structuredContent).toBeUndefined();
    expect(textOf(r)).toEndWith("[truncated]");
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(32 * 1024);
  });
});
