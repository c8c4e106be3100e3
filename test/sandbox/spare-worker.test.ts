/** The pool's spare worker: a stopped worker's place is taken at once by a worker already booted. */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 1000, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 };
const endless = { program: "(loop [i 0] (recur (inc i)))", limits: { ...limits, timeoutMs: 50_000, loopLimit: 1e12 } };

/** Waits (bounded) until `f` holds. */
async function until(f: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !f(); ) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await Bun.sleep(10);
  }
}

describe("worker pool with a spare worker", () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = createWorkerPool({ size: 1, spareWorker: true });
    await pool.ready();
    await until(() => pool.stats().spare === 1);
  });
  afterAll(() => pool.close());

  it("puts the booted spare in a cancelled worker's place at once and boots the next spare", async () => {
    const abort = new AbortController();
    const run = pool.run({ ...endless, signal: abort.signal });
    await Bun.sleep(50);
    abort.abort();
    const outcome = await run;
    expect(outcome.ok ? "ok" : outcome.error.code).toBe("cancelled");
    // Synchronously after the stop: the pool already has an idle worker (the old spare) while the
    // new spare is still starting, so the next call never waits for a boot.
    expect(pool.stats()).toMatchObject({ size: 1, idle: 1, starting: 0, spare: 0, stopped: { cancelled: 1 } });
    expect(await pool.run({ program: "(+ 1 2)", limits })).toMatchObject({ ok: true, text: "3" });
    await until(() => pool.stats().spare === 1);
  });

  it("keeps doing so stop after stop", async () => {
    for (let i = 0; i < 3; i++) {
      await until(() => pool.stats().spare === 1);
      const abort = new AbortController();
      const run = pool.run({ ...endless, signal: abort.signal });
      await Bun.sleep(20);
      abort.abort();
      await run;
      expect(pool.stats().idle).toBe(1);
    }
    expect(await pool.run({ program: "(* 6 7)", limits })).toMatchObject({ ok: true, text: "42" });
  });

  it("has no spare unless asked", async () => {
    const plain = createWorkerPool({ size: 1 });
    await plain.ready();
    await Bun.sleep(100);
    expect(plain.stats()).toMatchObject({ spare: 0, spawned: 1 });
    await plain.close();
  });
});
