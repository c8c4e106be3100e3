import { describe, expect, it } from "bun:test";
import { buildEntry, DebugRing, MAX_RECORD_BYTES, MAX_RING_BYTES } from "../../../src/mcp/debug/index.ts";
import type { DebugEntry } from "../../../src/mcp/debug/types.ts";

/** A record of a successful `lisp_eval` whose program is `program`, kept verbatim (`full`). */
function entry(n: number, program = `(+ ${n} 1)`): DebugEntry {
  return buildEntry(
    {
      requestId: `req_${n}`,
      tool: "lisp_eval",
      owner: null,
      startedMs: 1_700_000_000_000 + n,
      durationMs: 1,
      args: { program },
      result: { content: [{ type: "text", text: "1" }] },
      facts: {},
    },
    { payloads: "full", scrub: (s) => s },
  );
}

const ids = (ring: DebugRing) => ring.newest(() => true).map((e) => e.requestId);

describe("debug ring", () => {
  it("keeps the newest `capacity` records, oldest evicted first", () => {
    const ring = new DebugRing(10);
    for (let i = 1; i <= 25; i++) ring.add(entry(i));
    expect(ring.size).toBe(10);
    expect(ring.evicted).toBe(15);
    expect(ids(ring)).toEqual(Array.from({ length: 10 }, (_, i) => `req_${25 - i}`));
    expect(ring.find("req_15")).toBeUndefined();
    expect(ring.find("req_16")?.requestId).toBe("req_16");
  });

  it("stays correct across many evictions (the reclaimed prefix)", () => {
    const ring = new DebugRing(10);
    for (let i = 1; i <= 5000; i++) ring.add(entry(i));
    expect(ids(ring)[0]).toBe("req_5000");
    expect(ids(ring).at(-1)).toBe("req_4991");
    expect(ring.bytes).toBe(ring.newest(() => true).reduce((n, e) => n + e.bytes, 0));
  });

  it("evicts the oldest records when the stored bytes pass the byte bound", () => {
    const one = entry(0, "x".repeat(1000)).bytes;
    const ring = new DebugRing(5000, one * 3 + 16);
    for (let i = 1; i <= 10; i++) ring.add(entry(i, "x".repeat(1000)));
    expect(ring.size).toBe(3);
    expect(ring.bytes).toBeLessThanOrEqual(one * 3 + 16);
    expect(ids(ring)).toEqual(["req_10", "req_9", "req_8"]);
  });

  it("holds at most 8 MiB of records of the largest size, and summarizes each above 256 KiB", () => {
    const huge = entry(1, "y".repeat(1024 * 1024));
    expect(huge.bytes).toBeLessThan(MAX_RECORD_BYTES);
    expect(JSON.parse(huge.json)).toMatchObject({ summarized: true, program: { bytes: 1024 * 1024 } });
    const big = "y".repeat(200 * 1024);
    const ring = new DebugRing(5000);
    for (let i = 1; i <= 60; i++) ring.add(entry(i, big));
    expect(ring.bytes).toBeLessThanOrEqual(MAX_RING_BYTES);
    expect(ring.size).toBeLessThan(60);
    expect(ring.size).toBeGreaterThan(30);
  });
});
