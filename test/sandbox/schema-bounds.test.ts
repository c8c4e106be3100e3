/**
 * Issue #10, items 1 and 5: a user's `output_schema` is compiled and checked where the program
 * runs, within a step allowance and the program's deadline, and its patterns run on the
 * linear-time engine. Before the fix the fan-out schema below blocked the main thread for
 * seconds, and the backtracking pattern never finished.
 */

import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createLispEvalHandler } from "../../src/mcp/lisp-eval.ts";
import { slimRenderer } from "../../src/mcp/profiles/slim.ts";
import type { EvalOutcome, EvalRequest, Executor } from "../../src/sandbox/executor.ts";
import { runNow } from "../../src/sandbox/in-process.ts";

const limits = { timeoutMs: 60_000, memoryLimitBytes: 64 * 1024 * 1024, loopLimit: 1000 };

/** Six `$defs` levels, each an `allOf` of 16 `$ref`s to the next: 16^6 visits for one value. */
function fanOutSchema(levels = 6, width = 16): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) {
    const next = i + 1 < levels ? { $ref: `#/$defs/l${i + 1}` } : { type: "integer" };
    defs[`l${i}`] = { allOf: Array.from({ length: width }, () => next) };
  }
  return { $defs: defs, $ref: "#/$defs/l0" };
}

function outcome(program: string, outputSchema: Record<string, unknown>): EvalOutcome {
  return runNow({ program, limits, outputSchema });
}

function code(o: EvalOutcome): string {
  return o.ok ? "ok" : o.error.code;
}

describe("output_schema bounds", () => {
  it("refuses a $ref fan-out schema with an args_error that says why", () => {
    const o = outcome("1", fanOutSchema());
    expect(o.ok).toBe(false);
    if (!o.ok) {
      expect(o.error.code).toBe("args_error");
      expect(o.error.message).toContain("output_schema: not a usable JSON Schema: checking a value");
      expect(o.error.message).toContain("too many subschemas");
    }
  });

  it("does not compile the schema on the calling (main) thread of the handler", async () => {
    const seen: EvalRequest[] = [];
    const executor: Executor = {
      async run(r) {
        seen.push(r);
        return { ok: true, text: "1", prints: [], returned: false, durationMs: 0 };
      },
      async close() {},
    };
    const handler = createLispEvalHandler({
      executor,
      limits,
      caps: { maxProgramBytes: 1000, maxContextBytes: 1000 },
      gate: createCallGate(1),
      renderer: slimRenderer,
      logger: silentLogger,
    });
    // Eight levels would take minutes to expand: the handler must pass it on untouched.
    const r = await handler({ program: "1", output_schema: fanOutSchema(8) });
    expect(r.isError).toBeFalsy();
    expect(seen).toHaveLength(1);
  });

  it("checks a backtracking pattern in linear time", () => {
    const o = outcome('(apply str (concat (repeat 5000 "a") ["!"]))', { type: "string", pattern: "^(a+)+$" });
    expect(code(o)).toBe("validation_error");
  });

  it("checks backtracking patternProperties keys in linear time", () => {
    const key = `${"a".repeat(5000)}!`;
    const schema = { type: "object", patternProperties: { "^(a+)+$": { type: "string" } } };
    expect(code(outcome(`{"${key}" 1}`, schema))).toBe("ok");
  });

  it("applies patterns with their usual meaning", () => {
    const schema = { type: "array", items: { type: "string", pattern: "^[a-z]+\\d{2}$" } };
    expect(code(outcome('["ab12" "xyz99"]', schema))).toBe("ok");
    const o = outcome('["ab12" "ab1"]', schema);
    expect(o.ok ? [] : o.error.issues).toEqual([
      { path: "$[1]", expected: "a string matching /^[a-z]+\\d{2}$/", got: 'string "ab1"' },
    ]);
  });

  it("refuses a pattern the linear engine cannot run, before the program runs", () => {
    const o = outcome('(println "ran") "abc"', { type: "string", pattern: "^(?=a)abc$" });
    expect(code(o)).toBe("args_error");
    if (!o.ok) {
      expect(o.error.message).toContain("only patterns a linear-time engine runs are accepted");
      expect(o.prints).toEqual([]);
    }
  });

  it("answers a $ref cycle that never moves into the value with a typed error", () => {
    const o = outcome("1", { $ref: "#" });
    expect(code(o)).toBe("args_error");
    if (!o.ok) expect(o.error.message).not.toContain("Maximum call stack");
  });

  it("refuses a schema nested deeper than the cap", () => {
    let schema: Record<string, unknown> = { type: "integer" };
    for (let i = 0; i < 100; i++) schema = { items: schema };
    const o = outcome("1", schema);
    expect(o.ok ? "" : o.error.message).toBe(
      "output_schema: not a usable JSON Schema: the schema is nested more than 64 levels deep",
    );
  });

  it("still validates a large result against an ordinary schema", () => {
    const o = outcome("(vec (range 100000))", { type: "array", items: { type: "integer", minimum: 0 } });
    expect(o).toMatchObject({ ok: true, validated: true });
  });
});
