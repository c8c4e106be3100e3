/**
 * The stdio transport's side of decision 0025: a large `lisp_eval` frame reaches the SDK with a
 * placeholder as its context and the context's bytes beside it, whatever the chunking; any
 * frame the scan does not vouch for is handled whole, with the answers of before.
 */

import { describe, expect, it } from "bun:test";
import type { PassThrough } from "node:stream";
import { CONTEXT_PLACEHOLDER, isContextPlaceholder, takeFrameText } from "../../src/mcp/frame-text.ts";
import { ndjsonHarness } from "./ndjson-harness.ts";

const harness = (maxFrameBytes = 8 << 20) => ndjsonHarness(maxFrameBytes);

/** A context of about `n` bytes with multi-byte characters, escapes and braces inside strings. */
function bigContext(n: number): Record<string, unknown> {
  const rows: unknown[] = [];
  for (let i = 0; rows.length * 60 < n; i++) rows.push({ i, s: `caf\u00e9 {"x":[${i}]} \\ \u{1F600}\n`, context: {} });
  return { rows };
}

const call = (id: number, args: Record<string, unknown>, name = "lisp_eval") =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

/** Writes `text` in chunks of uneven sizes (cutting through characters, escapes and the newline). */
function writeChunked(input: PassThrough, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = [1, 7, 65_536, 3, 100_003][k % 5] as number;
    input.write(bytes.subarray(at, at + size));
    at += size;
  }
}

type CallMessage = { id: number; params: { arguments: { context?: object } } };

describe("NdjsonTransport cutting out a large lisp_eval context", () => {
  it("delivers a placeholder and the context's own bytes, however the frame is chunked", async () => {
    const h = await harness();
    const context = bigContext(400_000);
    const line = call(1, { program: "(count data/rows)", context });
    writeChunked(h.input, `${line}\r\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" })}\n`);
    await h.settle();
    expect(h.received.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
    const placeholder = (h.received[0] as unknown as CallMessage).params.arguments.context as object;
    expect(isContextPlaceholder(placeholder)).toBe(true);
    expect(JSON.stringify(placeholder)).toBe(CONTEXT_PLACEHOLDER);
    const kept = takeFrameText(placeholder);
    expect(kept?.bytes).toBe(Buffer.byteLength(line) + 1); // the \r belongs to the frame
    const bytes = kept?.context?.bytes as Uint8Array;
    expect(kept?.context?.ascii).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(context);
  });

  it("hands other large frames over whole, with their text", async () => {
    const h = await harness();
    const context = bigContext(300_000);
    const other = call(1, { program: "(count data/rows)", context }, "lisp_session_eval");
    const extra = call(2, { program: "1", context, extra: true });
    writeChunked(h.input, `${other}\n${extra}\n`);
    await h.settle();
    expect(h.received).toHaveLength(2);
    for (const [k, m] of h.received.entries()) {
      const real = (m as unknown as CallMessage).params.arguments.context as object;
      expect(real).toEqual(context);
      expect(takeFrameText(real)?.text).toBe(k === 0 ? other : extra);
    }
  });

  it("answers -32700 for invalid JSON inside a large context, and goes on", async () => {
    const h = await harness();
    const line = call(1, { program: "1", context: bigContext(300_000) }).replace('"i":7,', '"i":07,');
    writeChunked(h.input, `${line}\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" })}\n`);
    await h.settle();
    expect(h.written[0]).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "Parse error: frame is not valid JSON" },
    });
    expect(h.received.map((m) => (m as { id: number }).id)).toEqual([2]);
  });

  it("keeps --max-frame-bytes exact for large lines", async () => {
    const line = call(1, { program: "1", context: bigContext(300_000) });
    const bytes = Buffer.byteLength(line);
    const at = await harness(bytes);
    writeChunked(at.input, `${line}\n`);
    const over = await harness(bytes - 1);
    writeChunked(over.input, `${line}\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" })}\n`);
    await at.settle();
    await over.settle();
    expect(at.received).toHaveLength(1);
    expect(over.written[0]?.error).toEqual({
      code: -32700,
      message: `frame exceeds ${bytes - 1} bytes (--max-frame-bytes)`,
    });
    expect(over.received.map((m) => (m as { id: number }).id)).toEqual([2]);
  });
});
