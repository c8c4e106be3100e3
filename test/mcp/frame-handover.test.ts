/**
 * The context handover of decision 0017: a context whose frame text the transport kept reaches the
 * executor as that text (never re-serialised), is decoded from it, and is still held to
 * `--max-context-bytes` exactly, measured as compact JSON, when the frame is near the cap.
 */

import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { CONTEXT_PLACEHOLDER, rememberContextText, rememberFrameText } from "../../src/mcp/frame-text.ts";
import { createLispEvalHandler } from "../../src/mcp/lisp-eval.ts";
import { slimRenderer } from "../../src/mcp/profiles/slim.ts";
import type { EvalRequest, Executor } from "../../src/sandbox/executor.ts";
import { createInProcessExecutor } from "../../src/sandbox/in-process.ts";

/** Parses `line` as the transport does and records its text; returns the decoded `arguments`. */
function received(line: string): { program: string; context?: Record<string, unknown> } {
  const message = JSON.parse(line);
  rememberFrameText(message, line, Buffer.byteLength(line));
  return message.params.arguments;
}

const frame = (args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "lisp_eval", arguments: args } });

function handler(maxContextBytes: number) {
  const seen: EvalRequest[] = [];
  const inner = createInProcessExecutor();
  const executor: Executor = {
    run(r) {
      seen.push(r);
      return inner.run(r);
    },
    close: () => inner.close(),
  };
  const call = createLispEvalHandler({
    executor,
    limits: { timeoutMs: 5000, memoryLimitBytes: 1 << 24, loopLimit: 1000 },
    caps: { maxProgramBytes: 10_000, maxContextBytes },
    gate: createCallGate(2),
    renderer: slimRenderer,
    logger: silentLogger,
  });
  return { call, seen };
}

const textOf = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

describe("context handover from the frame", () => {
  it("hands the executor the frame text instead of a serialised context, and decodes it there", async () => {
    const { call, seen } = handler(1 << 20);
    const line = frame({
      program: '[(count data/rows) (:b (first data/rows)) (get data/o "constructor")]',
      context: { rows: [{ b: -0 }, { b: 2 }], o: { constructor: 9 } },
    });
    const r = await call(received(line));
    expect(textOf(r)).toBe("[2 0 9]");
    expect(seen[0]?.contextFrame).toBe(line);
    expect(seen[0]?.contextJson).toBeUndefined();
  });

  it("measures a context whose frame is near the cap, so 1e21 written short cannot slip past it", async () => {
    // Written as a client may write it: `1e21`, which JSON.stringify spells `1e+21`.
    const context = { xs: Array.from({ length: 400 }, () => 1e21) };
    const line = frame({ program: "(count data/xs)", context: {} }).replace(
      '"context":{}',
      `"context":{"xs":[${context.xs.map(() => "1e21").join(",")}]}`,
    );
    const written = Buffer.byteLength(line);
    const json = JSON.stringify(context).length;
    // The whole frame is shorter than the context's JSON, so the frame alone would pass the cap.
    expect(json).toBeGreaterThan(written);
    // A cap between the frame's size and the context's JSON size: the context is over it.
    const { call, seen } = handler(json - 1);
    const r = await call(received(line));
    expect(textOf(r)).toBe(
      `args_error: context is ${json} bytes as JSON, over the ${json - 1}-byte limit (--max-context-bytes)`,
    );
    expect(seen).toHaveLength(0);
    // Well under the cap, the same frame runs without being measured.
    const roomy = handler(10 * written);
    expect(textOf(await roomy.call(received(line)))).toBe("400");
    expect(roomy.seen[0]?.contextJson).toBeUndefined();
  });

  it("runs a context cut out of its frame from its bytes, and measures it near the cap", async () => {
    const text = '{"xs":[1e21,2],"s":"caf\u00e9"}';
    const cut = () => {
      const message = JSON.parse(
        frame({ program: "[(count data/xs) data/s]", context: {} }).replace("{}", CONTEXT_PLACEHOLDER),
      );
      const bytes = new TextEncoder().encode(text);
      expect(rememberContextText(message, { bytes, ascii: false }, 100)).toBe(true);
      return message.params.arguments;
    };
    const { call, seen } = handler(1 << 20);
    expect(textOf(await call(cut()))).toBe('[2 "café"]');
    expect(seen[0]?.contextText?.bytes.byteLength).toBe(Buffer.byteLength(text));
    // A cap the written text is under but the compact JSON (1e+21, é) is over.
    const json = JSON.stringify(JSON.parse(text));
    const tight = handler(Buffer.byteLength(json) - 1);
    expect(textOf(await tight.call(cut()))).toContain(`context is ${Buffer.byteLength(json)} bytes as JSON`);
    expect(tight.seen).toHaveLength(0);
  });

  it("never runs on a placeholder whose bytes were lost", async () => {
    const { call, seen } = handler(1 << 20);
    const r = await call({ program: "data/xs", context: JSON.parse(CONTEXT_PLACEHOLDER) });
    expect(textOf(r)).toContain("internal_error");
    expect(seen).toHaveLength(0);
  });

  it("falls back to the object when no frame was kept for it", async () => {
    const { call, seen } = handler(1 << 20);
    const r = await call({ program: "(:a data/x)", context: { x: { a: 1 } } });
    expect(textOf(r)).toBe("1");
    expect(seen[0]?.contextFrame).toBeUndefined();
  });
});
