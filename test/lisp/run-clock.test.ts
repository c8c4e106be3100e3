/**
 * The clock check (runtime.ts `RunState.tick`) is skipped only when it could find nothing: no
 * deadline and no heap probe. A run without a time limit but with a probe and a memory budget
 * still samples the heap from its clock checks, and a time limit still stops a run.
 */

import { describe, expect, test } from "bun:test";
import { evaluate, type MemoryProbe } from "../../src/lisp/index.ts";

/** A loop long enough to spend its fuel several times over (4096 units a clock check). */
const LOOP = "(loop [i 0] (if (< i 50000) (recur (inc i)) i))";

describe("clock checks", () => {
  test("with no time limit, a probe and a budget, the heap is still sampled", () => {
    const reads: boolean[] = [];
    const probe: MemoryProbe = (exact) => {
      reads.push(exact);
      return 0;
    };
    const r = evaluate(LOOP, {
      limits: { timeoutMs: 0, loopLimit: 1e9, memoryLimitBytes: 1 << 30, memoryProbe: probe },
    });
    expect(r.ok && r.value).toBe(50_000);
    // One reading when the run starts, at least one more from the first clock check.
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  test("with no time limit and no probe the run answers as before", () => {
    const r = evaluate(LOOP, { limits: { timeoutMs: 0, loopLimit: 1e9, memoryLimitBytes: 0 } });
    expect(r.ok && r.value).toBe(50_000);
  });

  test("a time limit still stops a run from its clock checks", () => {
    // Bounded, so a missing check fails the test with a value instead of hanging it: 3e8 steps take
    // seconds, far past the 50 ms limit.
    const r = evaluate("(loop [i 0] (if (< i 300000000) (recur (inc i)) i))", {
      limits: { timeoutMs: 50, loopLimit: 1e15 },
    });
    expect(r.ok ? "ok" : r.error.code).toBe("timeout");
  });
});
