import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { EvalOutcome, HostCallContext } from "../../src/sandbox/executor.ts";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 1000, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 };
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

function expectError(outcome: EvalOutcome, code: string): void {
  expect(outcome.ok ? `ok: ${outcome.text}` : outcome.error.code).toBe(code);
}

describe("worker pool running real programs", () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = createWorkerPool({ size: 1, hardStopGraceMs: 300 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it("answers a program with its printed value and prints", async () => {
    const o = await pool.run({
      program: '(println "hi") (->> data/xs (map inc) (reduce +))',
      context: { xs: [1, 2, 3] },
      limits,
    });
    expect(o).toMatchObject({ ok: true, text: "9", prints: ["hi"] });
  });

  it("gives each call a fresh namespace when both calls run on the same worker", async () => {
    const a = await pool.run({ program: "(def x 41) (defn f [] x) (f)", limits });
    const b = await pool.run({ program: "x", limits });
    const c = await pool.run({ program: "(f)", limits });
    expect(a).toMatchObject({ ok: true, text: "41" });
    expectError(b, "unbound_var");
    expectError(c, "unbound_var");
    expect(pool.stats().spawned).toBe(1);
  });

  it("stops an endless loop with a clean timeout and keeps the worker", async () => {
    const spawned = pool.stats().spawned;
    const o = await pool.run({
      program: "(loop [i 0] (recur (inc i)))",
      limits: { ...limits, timeoutMs: 150, loopLimit: 1e12 },
    });
    expectError(o, "timeout");
    expect(pool.stats().spawned).toBe(spawned);
  });

  it("ends with memory_exceeded and a fresh worker when a program holds more than its budget", async () => {
    const spawned = pool.stats().spawned;
    const o = await pool.run({
      program: "(loop [m {} i 0] (if (< i 3000000) (recur (assoc m i i) (inc i)) (count m)))",
      limits: { ...limits, timeoutMs: 50_000, loopLimit: 1e12 },
    });
    expectError(o, "memory_exceeded");
    await pool.ready();
    expect(pool.stats().spawned).toBe(spawned + 1);
  });

  it("does not count short-lived garbage against the budget when a long program allocates a lot", async () => {
    const o = await pool.run({
      program: "(reduce + (map (fn [i] (count (vec (range 2000)))) (range 20000)))",
      limits: { ...limits, timeoutMs: 5000 },
    });
    expect(o).toMatchObject({ ok: true, text: "40000000" });
  });

  it("answers cancelled and replaces the worker when the caller aborts mid-run", async () => {
    const spawned = pool.stats().spawned;
    const abort = new AbortController();
    const run = pool.run({
      program: "(loop [i 0] (recur (inc i)))",
      limits: { ...limits, timeoutMs: 50_000, loopLimit: 1e12 },
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 50);
    // Only the abort can end this run well before its 50 s deadline.
    expectError(await run, "cancelled");
    const next = await pool.run({ program: "(+ 1 2)", limits });
    expect(next).toMatchObject({ ok: true, text: "3" });
    expect(pool.stats()).toMatchObject({ spawned: spawned + 1, stopped: { cancelled: 1 } });
  });

  it("checks the result against output_schema and lists each mismatch", async () => {
    const schema = {
      type: "object",
      required: ["n", "tags"],
      properties: { n: { type: "integer" }, tags: { type: "array", items: { type: "string" } } },
    };
    const good = await pool.run({ program: '{:n 3 :tags ["a"]}', limits, outputSchema: schema });
    expect(good).toMatchObject({ ok: true, validated: true, json: { n: 3, tags: ["a"] }, jsonBytes: 20 });
    const bad = await pool.run({ program: '{:n "3" :tags ["a" 2]}', limits, outputSchema: schema });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe("validation_error");
      expect(bad.error.issues).toEqual([
        { path: "$.n", expected: "integer", got: 'string "3"' },
        { path: "$.tags[1]", expected: "string", got: "integer 2" },
      ]);
      expect(bad.text).toBe('{:n "3" :tags ["a" 2]}');
    }
  });
});

describe("worker pool hard stops", () => {
  it("terminates and replaces a worker that does not answer by deadline + grace", async () => {
    const pool = createWorkerPool({ size: 1, hardStopGraceMs: 100, workerUrl: fixture("stuck-worker.ts") });
    await pool.ready();
    const started = performance.now();
    const o = await pool.run({ program: "stuck", limits: { ...limits, timeoutMs: 100 } });
    const took = performance.now() - started;
    expectError(o, "timeout");
    // Deadline 100 ms + grace 100 ms; the stuck worker never answers, so only the hard stop ends it.
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(20_000);
    // The replacement starts in the background: wait for it (a bounded poll, not a fixed sleep).
    for (let i = 0; i < 2000 && pool.stats().idle !== 1; i++) await Bun.sleep(10);
    expect(pool.stats()).toMatchObject({ spawned: 2, stopped: { timeout: 1 }, idle: 1 });
    await pool.close();
  });

  it("serves other calls while one worker is stuck", async () => {
    const stuck = createWorkerPool({ size: 1, hardStopGraceMs: 100, workerUrl: fixture("stuck-worker.ts") });
    const real = createWorkerPool({ size: 1 });
    await Promise.all([stuck.ready(), real.ready()]);
    const blocked = stuck.run({ program: "stuck", limits: { ...limits, timeoutMs: 3000 } });
    const order: string[] = [];
    const real3 = real.run({ program: "(+ 1 2)", limits }).then((o) => {
      order.push("real");
      return o;
    });
    const stuckOutcome = blocked.then((o) => {
      order.push("stuck");
      return o;
    });
    expect(await real3).toMatchObject({ ok: true, text: "3" });
    expectError(await stuckOutcome, "timeout");
    expect(order).toEqual(["real", "stuck"]);
    await Promise.all([stuck.close(), real.close()]);
  });

  it("stops the busy worker with memory_exceeded when process RSS passes the cap", async () => {
    const pool = createWorkerPool({ size: 1, rssCapBytes: process.memoryUsage.rss() + 150 * 2 ** 20, rssSampleMs: 20 });
    await pool.ready();
    // With no budget, `into` doubling allocates inside one builtin per step, out of reach of the
    // evaluator's own checks; it reaches the cap after ~2^24 elements, which takes seconds when loaded.
    const program = "(loop [x [1] i 0] (if (< i 40) (recur (into x x) (inc i)) (count x)))";
    const o = await pool.run({ program, limits: { ...limits, timeoutMs: 50_000, memoryLimitBytes: 0 } });
    expectError(o, "memory_exceeded");
    expect(pool.stats().stopped.memory).toBe(1);
    await pool.close();
  }, 60_000);

  it("answers cancelled for runs still going when the pool closes", async () => {
    const pool = createWorkerPool({ size: 1 });
    await pool.ready();
    const run = pool.run({
      program: "(loop [i 0] (recur (inc i)))",
      limits: { ...limits, timeoutMs: 5000, loopLimit: 1e12 },
    });
    await Bun.sleep(30);
    await pool.close();
    expectError(await run, "cancelled");
    expectError(await pool.run({ program: "1", limits }), "cancelled");
  });

  it("reports internal_error instead of hanging when the worker script cannot start", async () => {
    const pool = createWorkerPool({ size: 1, workerUrl: fixture("no-such-worker.ts") });
    const o = await pool.run({ program: "1", limits });
    expectError(o, "internal_error");
    await pool.close();
  });
});

describe("worker pool host calls", () => {
  it("routes a run's host calls to the request's handler and aborts its signal when the run ends", async () => {
    const pool = createWorkerPool({ size: 1, workerUrl: fixture("host-worker.ts"), host: async () => "pool-wide" });
    await pool.ready();
    const seen: HostCallContext[] = [];
    const o = await pool.run({
      program: "hello",
      limits,
      host: async (op, payload, ctx) => {
        seen.push(ctx);
        return { op, payload };
      },
    });
    expect(o).toMatchObject({ ok: true, text: '{"op":"echo","payload":"hello"}' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.signal.aborted).toBe(true);
    const fallback = await pool.run({ program: "x", limits });
    expect(fallback).toMatchObject({ ok: true, text: '"pool-wide"' });
    await pool.close();
  });
});
