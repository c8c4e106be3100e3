/**
 * Decision 0040: the worker that read a large line's context moves its buffer back, and the stdio
 * transport gathers its next large line in it. What must hold: the next line's context is exactly
 * its own (the older, longer line's bytes beyond it never show), and a buffer nobody gave back is
 * never written again, so a context still waiting for its worker keeps its bytes.
 */

import { describe, expect, it } from "bun:test";
import { takeFrameText } from "../../src/mcp/frame-text.ts";
import type { ContextText } from "../../src/sandbox/index.ts";
import { ndjsonHarness } from "./ndjson-harness.ts";

/** A `lisp_eval` frame whose context holds `n` rows tagged `tag`. */
function frame(id: number, tag: string, n: number): { line: string; context: unknown } {
  const context = { rows: Array.from({ length: n }, (_, i) => ({ i, tag: `${tag}-${i}` })) };
  const line = JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "lisp_eval", arguments: { program: "(count data/rows)", context } },
  });
  return { line, context };
}

/** The context bytes recorded for the `k`th message received. */
function contextOf(received: unknown[], k: number): ContextText {
  const message = received[k] as { params: { arguments: { context: object } } };
  const kept = takeFrameText(message.params.arguments.context)?.context;
  if (kept === undefined) throw new Error(`message ${k} has no cut context`);
  return kept;
}

const decoded = (context: ContextText) => JSON.parse(new TextDecoder().decode(context.bytes));

/** What a worker does with the buffer once it has read it: moves it (detaching it here) and posts it back. */
function moveBack(context: ContextText): ArrayBuffer {
  const buffer = context.bytes.buffer as ArrayBuffer;
  return structuredClone(buffer, { transfer: [buffer] });
}

describe("a large line's buffer handed back by its worker", () => {
  it("carries the next large line, whose context is exactly its own", async () => {
    const h = await ndjsonHarness(8 << 20);
    const first = frame(1, "first", 40_000);
    h.input.write(`${first.line}\n`);
    await h.settle();
    const one = contextOf(h.received, 0);
    expect(decoded(one)).toEqual(first.context);
    const moved = moveBack(one);
    one.giveBack?.(moved);
    // Shorter than the first: the first line's bytes are still in the buffer past its end.
    const second = frame(2, "second", 25_000);
    h.input.write(`${second.line}\n`);
    await h.settle();
    const two = contextOf(h.received, 1);
    expect(two.bytes.buffer).toBe(moved);
    expect(decoded(two)).toEqual(second.context);
  });

  it("is never taken unless given back: a context waiting for its worker keeps its bytes", async () => {
    const h = await ndjsonHarness(8 << 20);
    const first = frame(1, "first", 40_000);
    const second = frame(2, "second", 45_000);
    h.input.write(`${first.line}\n`);
    await h.settle();
    h.input.write(`${second.line}\n`);
    await h.settle();
    const one = contextOf(h.received, 0);
    const two = contextOf(h.received, 1);
    expect(two.bytes.buffer).not.toBe(one.bytes.buffer);
    expect(decoded(one)).toEqual(first.context);
    expect(decoded(two)).toEqual(second.context);
  });
});
