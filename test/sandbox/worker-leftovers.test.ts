/**
 * A worker keeps the garbage of a large run for its next run to reuse the memory of (decision
 * 0038). What must still hold: the next program's memory budget is measured from the live heap,
 * not from the kept garbage, and the memory is given back when the worker stays idle, when
 * another worker starts a run, and when another worker is running one.
 */

import { afterEach, describe, expect, it } from "bun:test";
import type { ContextText } from "../../src/sandbox/executor.ts";
import { collectHeap, createHeapProbe } from "../../src/sandbox/memory-probe.ts";
import { createLeftovers } from "../../src/sandbox/worker-leftovers.ts";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 30_000, memoryLimitBytes: 8 * 1024 * 1024, loopLimit: 1e9 };

/** A context of `n` records as the stdio transport hands it over: its bytes, movable to the worker. */
function bigContext(n: number): ContextText {
  const records = Array.from({ length: n }, (_, i) => ({ id: `rec-${i}`, region: "north", amount: i / 4, n: i % 9 }));
  const bytes = new TextEncoder().encode(JSON.stringify({ records }));
  return { bytes, ascii: true, transferable: true };
}

const BIG_RUN = "(count (filter #(> (:amount %) 10) data/records))";

/** Polls the pool until `test` holds of its kept bytes (or a generous bound passes; the caller asserts). */
async function until(pool: WorkerPool, test: (kept: number) => boolean, boundMs = 4000): Promise<number> {
  const end = Date.now() + boundMs;
  let kept = pool.stats().keptBytes;
  while (!test(kept) && Date.now() < end) {
    await Bun.sleep(10);
    kept = pool.stats().keptBytes;
  }
  return kept;
}

/** About `mib` MiB of strings, for the caller to hold and then drop. */
function bulk(mib: number): string[] {
  return Array.from({ length: mib * 16 }, (_, i) => `${i}`.padEnd(65_536, "x"));
}

describe("the heap a run starts from", () => {
  it("is the live heap after the kept garbage is collected, not the heap with it", () => {
    const probe = createHeapProbe();
    const leftovers = createLeftovers(probe, undefined, 60_000);
    leftovers.boot();
    probe(false); // the run's own baseline reading, which takes the booted heap
    let rows: string[] | null = bulk(48);
    const withGarbage = collectHeap(); // measured while still held: exact
    expect(rows.length).toBe(48 * 16);
    rows = null; // garbage from here on, and nothing collects it before the next run starts
    leftovers.afterRun(100);
    leftovers.beforeRun();
    const base = probe(false);
    const live = collectHeap();
    expect(withGarbage - live).toBeGreaterThan(32 * 2 ** 20);
    expect(Math.abs(base - live)).toBeLessThan(2 ** 20);
    leftovers.release();
  });
});

describe("a worker's leftovers between runs", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("gives the garbage back once the worker has been idle for keepIdleMs", async () => {
    pool = createWorkerPool({ size: 1, keepIdleMs: 400 });
    await pool.ready();
    expect(await pool.run({ program: BIG_RUN, contextText: bigContext(80_000), limits })).toMatchObject({ ok: true });
    expect(await until(pool, (kept) => kept > 0)).toBeGreaterThan(0);
    expect(await until(pool, (kept) => kept === 0)).toBe(0);
  });

  it("gives an idle worker's garbage back when another worker starts a run", async () => {
    pool = createWorkerPool({ size: 2, keepIdleMs: 60_000 });
    await pool.ready();
    // The first worker takes the quick run, so the second takes the big one and, once alone, keeps its garbage.
    const quick = pool.run({ program: "(+ 1 2)", limits });
    const big = pool.run({ program: BIG_RUN, contextText: bigContext(80_000), limits });
    expect(await quick).toMatchObject({ ok: true });
    expect(await big).toMatchObject({ ok: true });
    expect(await until(pool, (kept) => kept > 0)).toBeGreaterThan(0);
    expect(await pool.run({ program: "(+ 1 2)", limits })).toMatchObject({ ok: true, text: "3" });
    expect(await until(pool, (kept) => kept === 0)).toBe(0);
  });

  it("does not keep a run's garbage while another worker is running a program", async () => {
    pool = createWorkerPool({ size: 2, keepIdleMs: 60_000 });
    await pool.ready();
    const context = bigContext(80_000);
    // Runs until its time limit stops it, well after the big run ends.
    const long = pool.run({
      program: "(loop [i 0] (recur (inc i)))",
      limits: { ...limits, timeoutMs: 2000, loopLimit: 1e12 },
    });
    expect(await pool.run({ program: BIG_RUN, contextText: context, limits })).toMatchObject({ ok: true });
    expect(pool.stats().busy).toBe(1);
    const stopped = await long;
    expect(stopped.ok ? "ok" : stopped.error.code).toBe("timeout");
    // Nothing ran since: only the give-back the big run's worker was told to do can have emptied it.
    expect(await until(pool, (kept) => kept === 0)).toBe(0);
  }, 30_000);
});
