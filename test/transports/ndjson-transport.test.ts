import { describe, expect, it } from "bun:test";
import { ndjsonHarness } from "./ndjson-harness.ts";

const harness = (maxFrameBytes = 64) => ndjsonHarness(maxFrameBytes);

const ping = (id: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "ping" });

describe("NdjsonTransport", () => {
  it("delivers one message per line when a line arrives in several chunks", async () => {
    const h = await harness();
    const line = `${ping(1)}\n`;
    h.input.write(line.slice(0, 5));
    h.input.write(line.slice(5, 20));
    h.input.write(`${line.slice(20)}${ping(2)}\r\n`);
    await h.tick();
    expect(h.received.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
  });

  it("answers -32700 and skips the frame when a line is longer than the cap", async () => {
    const h = await harness(64);
    h.input.write(`{"jsonrpc":"2.0","id":9,"method":"${"x".repeat(100)}`);
    h.input.write(`"}\n${ping(3)}\n`);
    await h.tick();
    expect(h.written).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: "frame exceeds 64 bytes (--max-frame-bytes)" } },
    ]);
    expect(h.received).toEqual([{ jsonrpc: "2.0", id: 3, method: "ping" }]);
  });

  it("answers -32700 when a line is not JSON", async () => {
    const h = await harness();
    h.input.write("{nope\n");
    await h.tick();
    expect(h.written).toMatchObject([{ id: null, error: { code: -32700 } }]);
  });

  it("answers -32600 with the id when JSON is not a JSON-RPC message", async () => {
    const h = await harness();
    h.input.write('{"id":4,"hello":1}\n');
    await h.tick();
    expect(h.written).toMatchObject([{ id: 4, error: { code: -32600 } }]);
  });

  it("ignores blank lines", async () => {
    const h = await harness();
    h.input.write("\n  \n");
    await h.tick();
    expect(h.written).toEqual([]);
    expect(h.received).toEqual([]);
  });

  it("closes once and reports it when the input ends", async () => {
    const h = await harness();
    let onclose = 0;
    h.t.onclose = () => onclose++;
    h.input.end();
    await h.tick();
    await h.tick();
    expect([onclose, h.closed()]).toEqual([1, 1]);
    await expect(h.t.send({ jsonrpc: "2.0", id: 1, result: {} })).rejects.toThrow("closed");
  });
});
