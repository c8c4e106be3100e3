import { describe, expect, it } from "bun:test";
import { Validator } from "@cfworker/json-schema";
import { OUTPUT_LIMITS } from "../../src/mcp/profiles/limits.ts";
import { COMPACT_OUTPUT_SCHEMA } from "../../src/mcp/profiles/output-schemas.ts";
import { structuredRenderer } from "../../src/mcp/profiles/structured.ts";
import type { ToolFault } from "../../src/mcp/index.ts";
import type { EvalSuccess, FaultCode } from "../../src/sandbox/executor.ts";

const success = (over: Partial<EvalSuccess> = {}): EvalSuccess => ({
  ok: true,
  text: "[1 2]",
  prints: [],
  returned: false,
  durationMs: 1,
  ...over,
});
const textOf = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;
const schema = new Validator(COMPACT_OUTPUT_SCHEMA as never, "2020-12");

describe("structured profile", () => {
  it("returns concise text plus {status, result} when a program succeeds", () => {
    const r = structuredRenderer.success(success());
    expect(r.isError).toBeUndefined();
    expect(textOf(r)).toBe("[1 2]");
    expect(r.structuredContent).toEqual({ status: "ok", result: "[1 2]" });
    expect(schema.validate(r.structuredContent).valid).toBe(true);
  });

  it("keeps the exact validated value when its JSON fits 32 KiB", () => {
    const r = structuredRenderer.success(success({ text: "{:n 3}", json: { n: 3 }, jsonBytes: 7, validated: true }));
    expect(r.structuredContent).toEqual({ status: "ok", result: "{:n 3}", validated: { n: 3 } });
  });

  it("omits validated and reports preview, bytes and truncation when the value is larger than 32 KiB", () => {
    const json = Array.from({ length: 10_000 }, (_, i) => i);
    const text = `[${json.join(" ")}]`;
    const bytes = JSON.stringify(json).length;
    const r = structuredRenderer.success(success({ text, json, jsonBytes: bytes, validated: true }));
    const sc = r.structuredContent as Record<string, unknown>;
    expect(sc).not.toHaveProperty("validated");
    expect(sc).toMatchObject({
      status: "ok",
      validated_bytes: bytes,
      validated_preview_truncated: true,
      truncated: true,
      output_truncated: true,
    });
    expect(Array.from(sc.validated_preview as string)).toHaveLength(OUTPUT_LIMITS.structured.previewChars + 1);
    expect(schema.validate(sc).valid).toBe(true);
  });

  it("keeps up to 50 print lines and marks the rest as truncated", () => {
    const prints = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const sc = structuredRenderer.success(success({ prints })).structuredContent as Record<string, unknown>;
    expect(sc.prints).toHaveLength(50);
    expect(sc).toMatchObject({ prints_truncated: true, truncated: true, output_truncated: true });
  });

  it("answers errors with reason, message and feedback the model can act on", () => {
    const r = structuredRenderer.failure({
      code: "unbound_var",
      message: "unable to resolve symbol: fliter",
      line: 1,
      column: 2,
      hint: "did you mean filter?",
    });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toEqual({
      status: "error",
      reason: "runtime_error",
      message: "unable to resolve symbol: fliter",
      feedback: "unbound_var: unable to resolve symbol: fliter (line 1, column 2)\nHint: did you mean filter?",
    });
    expect(textOf(r)).toStartWith("unbound_var: unable to resolve symbol: fliter");
    expect(schema.validate(r.structuredContent).valid).toBe(true);
  });

  it("lists every output_schema mismatch in feedback and keeps the result", () => {
    const fault: ToolFault = {
      code: "validation_error",
      message: "the result does not match output_schema (1 mismatch)",
      issues: [{ path: "$.n", expected: "integer", got: 'string "3"' }],
    };
    const r = structuredRenderer.failure(fault, [], { resultText: '{:n "3"}' });
    expect(r.structuredContent).toMatchObject({ status: "error", reason: "validation_error", result: '{:n "3"}' });
    expect((r.structuredContent as { feedback: string }).feedback).toContain('- $.n: expected integer, got string "3"');
  });

  it("maps limit errors onto the documented reasons", () => {
    const reason = (code: FaultCode) =>
      (structuredRenderer.failure({ code, message: "x" }).structuredContent as { reason: string }).reason;
    expect([
      reason("timeout"),
      reason("memory_exceeded"),
      reason("stack_overflow"),
      reason("parse_error"),
      reason("busy"),
      reason("type_error"),
    ]).toEqual(["timeout", "memory_limit", "memory_limit", "parse_error", "busy", "runtime_error"]);
  });

  it("stays under the 96 KiB envelope guard with a minimal structuredContent when the result is huge", () => {
    const prints = Array.from({ length: 50 }, () => "p".repeat(300));
    const r = structuredRenderer.success(success({ text: "x".repeat(500_000), prints }));
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(OUTPUT_LIMITS.structured.maxEnvelopeBytes);
    expect(schema.validate(r.structuredContent).valid).toBe(true);
    expect(r.structuredContent).toMatchObject({ status: "ok", truncated: true, output_truncated: true });
  });
});
