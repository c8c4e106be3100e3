import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createLispEvalHandler, type LispEvalDeps } from "../../src/mcp/lisp-eval.ts";
import { slimRenderer } from "../../src/mcp/profiles/slim.ts";
import type { EvalOutcome, EvalRequest, Executor } from "../../src/sandbox/executor.ts";
import { createInProcessExecutor } from "../../src/sandbox/in-process.ts";

/** An executor that records requests and answers with `reply`. */
function fakeExecutor(
  reply: (r: EvalRequest) => EvalOutcome | Promise<EvalOutcome>,
): Executor & { seen: EvalRequest[] } {
  const seen: EvalRequest[] = [];
  return {
    seen,
    async run(r) {
      seen.push(r);
      return reply(r);
    },
    async close() {},
  };
}

const ok = (text: string, prints: string[] = []): EvalOutcome => ({
  ok: true,
  text,
  prints,
  returned: false,
  durationMs: 1,
});

function handlerWith(executor: Executor, overrides: Partial<LispEvalDeps> = {}) {
  return createLispEvalHandler({
    executor,
    limits: { timeoutMs: 1000, memoryLimitBytes: 1 << 20, loopLimit: 1000 },
    caps: { maxProgramBytes: 100, maxContextBytes: 200 },
    gate: createCallGate(2),
    renderer: slimRenderer,
    logger: silentLogger,
    ...overrides,
  });
}

const texts = (r: { content: unknown[] }) => r.content.map((b) => (b as { text: string }).text);

describe("lisp_eval handler", () => {
  it("returns the value as text when the program succeeds", async () => {
    const exec = fakeExecutor(() => ok("3"));
    const r = await handlerWith(exec)({ program: "(+ 1 2)" });
    expect(r).toEqual({ content: [{ type: "text", text: "3" }] });
    expect(exec.seen[0]).toMatchObject({ program: "(+ 1 2)", limits: { loopLimit: 1000 } });
  });

  it("adds a prints block when the program printed", async () => {
    const r = await handlerWith(fakeExecutor(() => ok("nil", ["a", "b"])))({ program: "(println 1)" });
    expect(texts(r)).toEqual(["nil", "prints:\na\nb"]);
  });

  it("passes the context object through when one is given", async () => {
    const exec = fakeExecutor(() => ok("1"));
    await handlerWith(exec)({ program: "x", context: { a: [1] } });
    expect(exec.seen[0]?.context).toEqual({ a: [1] });
  });

  it("treats a null context as absent", async () => {
    const exec = fakeExecutor(() => ok("1"));
    await handlerWith(exec)({ program: "x", context: null });
    expect(exec.seen[0]?.context).toBeUndefined();
  });

  it("renders type, message, position and hint when the program fails", async () => {
    const exec = fakeExecutor(() => ({
      ok: false,
      error: {
        code: "unbound_var",
        message: "unknown symbol fliter",
        line: 2,
        column: 4,
        hint: "did you mean filter?",
      },
      prints: [],
      durationMs: 1,
    }));
    const r = await handlerWith(exec)({ program: "(fliter odd? xs)" });
    expect(r.isError).toBe(true);
    expect(texts(r)).toEqual(["unbound_var: unknown symbol fliter (line 2, column 4)\nHint: did you mean filter?"]);
  });

  it.each([
    [undefined, "program"],
    [{}, "program"],
    [{ program: 42 }, "program: expected a string"],
    [{ program: "1", context: [1, 2] }, "context: expected a JSON object"],
    [{ program: "1", contxt: {} }, "contxt"],
  ])("returns args_error without running when the arguments are %j", async (args, fragment) => {
    const exec = fakeExecutor(() => ok("never"));
    const r = await handlerWith(exec)(args);
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toStartWith("args_error: ");
    expect(texts(r)[0]).toContain(fragment);
    expect(exec.seen).toHaveLength(0);
  });

  it("returns args_error naming the flag when the program is over --max-program-bytes", async () => {
    const r = await handlerWith(fakeExecutor(() => ok("x")))({ program: "é".repeat(51) });
    expect(texts(r)[0]).toBe("args_error: program is 102 bytes, over the 100-byte limit (--max-program-bytes)");
  });

  it("returns args_error naming the flag when the context is over --max-context-bytes", async () => {
    const r = await handlerWith(fakeExecutor(() => ok("x")))({ program: "1", context: { s: "x".repeat(300) } });
    expect(texts(r)[0]).toMatch(
      /^args_error: context is \d+ bytes as JSON, over the 200-byte limit \(--max-context-bytes\)$/,
    );
  });

  it("answers busy when every slot of the gate is taken", async () => {
    let release = () => {};
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    const exec = fakeExecutor(async () => {
      await blocked;
      return ok("done");
    });
    const handler = handlerWith(exec, { gate: createCallGate(1) });
    const first = handler({ program: "slow" });
    const second = await handler({ program: "fast" });
    expect(second.isError).toBe(true);
    expect(texts(second)[0]).toStartWith("busy: ");
    release();
    expect(texts(await first)).toEqual(["done"]);
    expect(texts(await handler({ program: "again" }))).toEqual(["done"]);
  });

  it("reports internal_error instead of throwing when the executor breaks", async () => {
    const exec = fakeExecutor(() => {
      throw new Error("worker died");
    });
    const r = await handlerWith(exec)({ program: "1" });
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toBe("internal_error: the sandbox failed: worker died");
  });

  it("sends output_schema and the already-serialised context to the executor", async () => {
    const exec = fakeExecutor(() => ok("1"));
    const schema = { type: "integer" };
    await handlerWith(exec)({ program: "1", context: { a: 1 }, output_schema: schema });
    expect(exec.seen[0]).toMatchObject({ outputSchema: schema, contextJson: '{"a":1}' });
  });

  it("returns args_error without running the program when output_schema cannot be used", async () => {
    // The schema is compiled where the program runs (never on the main thread), before the program.
    const exec = createInProcessExecutor();
    const r = await handlerWith(exec)({
      program: '(println "ran") 1',
      output_schema: { $ref: "https://example.com/s.json" },
    });
    expect(texts(r)).toEqual([
      expect.stringMatching(/^args_error: output_schema: not a usable JSON Schema: Unresolved \$ref/),
    ]);
  });

  it("refuses an oversized output_schema before it reaches the executor", async () => {
    const exec = fakeExecutor(() => ok("1"));
    const wide = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`p${i}`, { type: "integer" }]));
    const r = await handlerWith(exec)({ program: "1", output_schema: { type: "object", properties: wide } });
    expect(texts(r)[0]).toBe(
      "args_error: output_schema: not a usable JSON Schema: the schema has more than 10000 nodes",
    );
    expect(exec.seen).toHaveLength(0);
  });

  it("lists each output_schema mismatch when the result has the wrong shape", async () => {
    const exec = fakeExecutor(() => ({
      ok: false,
      error: {
        code: "validation_error",
        message: "the result does not match output_schema (1 mismatch)",
        issues: [{ path: "$.n", expected: "integer", got: "null" }],
      },
      text: "{:n nil}",
      prints: [],
      durationMs: 1,
    }));
    const r = await handlerWith(exec)({ program: "{:n nil}", output_schema: { type: "object" } });
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toBe(
      "validation_error: the result does not match output_schema (1 mismatch)\n- $.n: expected integer, got null",
    );
  });

  it("hands the call's host handler to the executor and reports what it recorded", async () => {
    const exec = fakeExecutor(() => ok("1"));
    const handler = async () => null;
    const calls = [{ server: "s", tool: "t", status: "ok" as const, duration_ms: 1 }];
    const r = await handlerWith(exec, { hostFor: () => ({ handler, finish: () => ({ upstreamCalls: calls }) }) })({
      program: "1",
    });
    expect(exec.seen[0]?.host).toBe(handler);
    expect(texts(r)).toEqual(["1"]);
  });
});
