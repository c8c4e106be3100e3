/**
 * Decision 0040: a worker moves a context's buffer back to the caller once it has decoded the
 * bytes (`ContextText.giveBack`), so the stdio transport can gather its next line in it; a buffer
 * holding more than SPARE_MAX_BYTES is detached in the worker instead, as before. And a worker
 * that keeps a large decoded context for its next run keeps it even when its cheap heap reading
 * shows little garbage.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type ContextText, SPARE_MAX_BYTES } from "../../src/sandbox/executor.ts";
import { createHeapProbe } from "../../src/sandbox/memory-probe.ts";
import { createLeftovers } from "../../src/sandbox/worker-leftovers.ts";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 30_000, memoryLimitBytes: 64 * 1024 * 1024, loopLimit: 1e9 };
const json = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ n: i })) });

/** `json` at the start of a resizable buffer with `committed` bytes, as the stdio transport leaves a line. */
function lineContext(committed: number, giveBack: (buffer: ArrayBuffer) => void): ContextText {
  const buffer = new ArrayBuffer(committed, { maxByteLength: 2 * committed });
  const written = new TextEncoder().encodeInto(json, new Uint8Array(buffer)).written;
  return { bytes: new Uint8Array(buffer, 0, written), ascii: true, transferable: true, giveBack };
}

describe("a context's buffer after its worker decoded it", () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = createWorkerPool({ size: 1 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it("comes back to the caller, resizable and whole, and the run reads the context", async () => {
    const back: ArrayBuffer[] = [];
    const context = lineContext(1 << 20, (buffer) => back.push(buffer));
    const outcome = await pool.run({ program: "(sum-by :n data/rows)", contextText: context, limits });
    expect(outcome).toMatchObject({ ok: true, text: String((2000 * 1999) / 2) });
    expect(back).toHaveLength(1);
    const buffer = back[0] as ArrayBuffer;
    expect([buffer.resizable, buffer.byteLength, buffer.maxByteLength]).toEqual([true, 1 << 20, 2 << 20]);
    expect(new TextDecoder().decode(new Uint8Array(buffer, 0, json.length))).toBe(json);
  });

  it("stays in the worker (detached there) when it holds more than SPARE_MAX_BYTES", async () => {
    const back: ArrayBuffer[] = [];
    const context = lineContext(SPARE_MAX_BYTES + 4096, (buffer) => back.push(buffer));
    const outcome = await pool.run({ program: "(count data/rows)", contextText: context, limits });
    expect(outcome).toMatchObject({ ok: true, text: "2000" });
    expect(back).toHaveLength(0);
  });
});

describe("a worker keeping a large decoded context", () => {
  it("keeps it for the next run even when the heap reading shows no garbage", () => {
    const probe = createHeapProbe();
    const leftovers = createLeftovers(probe, undefined, 60_000);
    // Made before the live heap is measured, so the reading after the run shows it as live, not as garbage.
    const text = "x".repeat(12 * 2 ** 20).slice(1);
    leftovers.boot();
    leftovers.retain(text);
    expect(leftovers.afterRun(100)).toBe(true);
    leftovers.release();
  });
});
