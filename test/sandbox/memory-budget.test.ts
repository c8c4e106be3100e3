import { describe, expect, it } from "bun:test";
import { evaluate } from "../../src/lisp/index.ts";
import type { MemoryProbe } from "../../src/lisp/runtime.ts";
import { collectHeap, createHeapProbe } from "../../src/sandbox/memory-probe.ts";

const MB = 1024 * 1024;
/** Allocates and drops ~80 MB of vectors in 2,000-element steps, holding almost nothing. */
const CHURN = "(reduce + (map (fn [i] (count (vec (range 2000)))) (range 5000)))";

/** A probe whose readings follow `heap` (bytes), recording how it was called. */
function fakeProbe(heap: () => number): MemoryProbe & { calls: boolean[] } {
  const calls: boolean[] = [];
  const probe = (exact: boolean) => {
    calls.push(exact);
    return heap();
  };
  return Object.assign(probe, { calls });
}

const code = (r: ReturnType<typeof evaluate>) => (r.ok ? "ok" : r.error.code);

describe("memory budget with and without a heap probe", () => {
  it("fails on the running total of charges when no probe is given", () => {
    const r = evaluate(CHURN, { limits: { memoryLimitBytes: 4 * MB, timeoutMs: 50_000 } });
    expect(code(r)).toBe("memory_exceeded");
  });

  it("lets a long program that only makes garbage finish when the probe sees a flat heap", () => {
    const probe = fakeProbe(() => 50 * MB);
    const r = evaluate(CHURN, { limits: { memoryLimitBytes: 4 * MB, timeoutMs: 50_000, memoryProbe: probe } });
    expect(r.ok && r.value).toBe(10_000_000);
    expect(probe.calls.filter((exact) => exact)).toHaveLength(0);
  });

  it("fails once an exact reading confirms the program holds more than its budget", () => {
    let heap = 50 * MB;
    const probe = fakeProbe(() => (heap += MB));
    const r = evaluate(CHURN, { limits: { memoryLimitBytes: 4 * MB, timeoutMs: 50_000, memoryProbe: probe } });
    expect(code(r)).toBe("memory_exceeded");
    expect(probe.calls.at(-1)).toBe(true);
  });

  it("trusts an exact reading under the budget when the cheap one was high", () => {
    let exactCalls = 0;
    let reads = 0;
    const probe: MemoryProbe = (exact) => {
      if (exact) exactCalls++;
      return reads++ === 0 || exact ? 50 * MB : 80 * MB;
    };
    const r = evaluate(CHURN, { limits: { memoryLimitBytes: 4 * MB, timeoutMs: 50_000, memoryProbe: probe } });
    expect(r.ok).toBe(true);
    expect(exactCalls).toBeGreaterThan(0);
  });

  it("refuses one allocation over the budget before building it, whatever the probe says", () => {
    const probe = fakeProbe(() => 0);
    const r = evaluate("(count (vec (range 3000000)))", {
      limits: { memoryLimitBytes: 4 * MB, timeoutMs: 50_000, memoryProbe: probe },
    });
    expect(code(r)).toBe("memory_exceeded");
    if (!r.ok) expect(r.error.message).toContain("one value of about");
  });

  it("measures this thread's real heap with the bun:jsc probe", () => {
    const probe = createHeapProbe();
    const before = probe(true);
    const held = Array.from({ length: 1_000_000 }, (_, i) => ({ i }));
    const after = probe(true);
    expect(after - before).toBeGreaterThan(8 * MB);
    expect(held.length).toBe(1_000_000);
  });

  it("stops a program that keeps growing a map with the real probe", () => {
    // Primed with an exact reading, as the pool's worker primes it after each run: an unprimed
    // cheap reading here would include the previous test's million objects, not yet collected.
    const probe = createHeapProbe();
    probe.prime(collectHeap());
    const r = evaluate("(loop [m {} i 0] (if (< i 2000000) (recur (assoc m i i) (inc i)) (count m)))", {
      limits: { memoryLimitBytes: 8 * MB, timeoutMs: 50_000, loopLimit: 1e12, memoryProbe: probe },
    });
    expect(code(r)).toBe("memory_exceeded");
  });
});
