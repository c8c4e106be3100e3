/**
 * The in-process run's first slice (decision 0041): a run that ends within it is never armed, so a
 * short `eval` starts no watchdog thread; a run it cuts short is answered by the slice's fallback (a
 * fresh pool worker), never again on this thread, whose interpreter the cut may have left anywhere.
 * Behaviour only: the programs cut short here take far longer than their 1 ms slice.
 */

import { afterAll, describe, expect, it } from "bun:test";
import { fromJson, printValue } from "../../src/lisp/index.ts";
import {
  createWatchedExecutor,
  createWorkerPool,
  type EvalRequest,
  type Executor,
  type Watchdog,
} from "../../src/sandbox/index.ts";

/** A watchdog that never fires and counts how many runs were armed. */
function countingWatchdog(): Watchdog & { armed: number } {
  const dog = {
    armed: 0,
    watch: () => {
      dog.armed += 1;
      return () => true;
    },
    close() {},
  };
  return dog;
}

function request(program: string, memoryLimitBytes = 100 * 2 ** 20): EvalRequest {
  return { program, limits: { timeoutMs: 10_000, memoryLimitBytes, loopLimit: 1_000_000 } };
}

const noReport = () => ({ stdout: "", stderr: "", exitCode: 1 });

/** A fallback that answers a marker and counts the executors made and the runs it took. */
function markerFallback() {
  const made = { executors: 0, runs: 0 };
  const make = (): Executor => {
    made.executors += 1;
    return {
      run: async () => {
        made.runs += 1;
        return { ok: true, text: "from the fallback", prints: [], returned: false, durationMs: 0 };
      },
      close: async () => {},
    };
  };
  return { made, make };
}

const pools: Executor[] = [];
afterAll(async () => {
  for (const p of pools.splice(0)) await p.close();
});

describe("the first slice of an in-process run", () => {
  it("answers a run that ends within it without arming the watchdog or making the fallback", async () => {
    const watchdog = countingWatchdog();
    const { made, make } = markerFallback();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSlice: { ms: 60_000, fallback: make } });
    const outcome = await executor.run(request('(do (println "hi") (+ 1 2))'));
    expect(outcome.ok && outcome.text).toBe("3");
    expect(outcome.prints).toEqual(["hi"]);
    expect(watchdog.armed).toBe(0);
    expect(made.executors).toBe(0);
  });

  it("sends every run it cuts short to the fallback, made once, and never runs it again here", async () => {
    const watchdog = countingWatchdog();
    const { made, make } = markerFallback();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSlice: { ms: 1, fallback: make } });
    for (let i = 0; i < 2; i++) {
      const outcome = await executor.run(request('(do (println "once") (reduce + (range 3000000)))'));
      expect(outcome.ok && outcome.text).toBe("from the fallback");
    }
    expect(made).toEqual({ executors: 1, runs: 2 });
    expect(watchdog.armed).toBe(0);
  });

  it("answers a cut program from the start on a real one-worker pool, prints once", async () => {
    const executor = createWatchedExecutor(countingWatchdog(), noReport, {
      firstSlice: {
        ms: 1,
        fallback: () => {
          const pool = createWorkerPool({ size: 1, warmUp: false });
          pools.push(pool);
          return pool;
        },
      },
    });
    const outcome = await executor.run(request('(do (println "once") (reduce + (range 3000000)))'));
    expect(outcome.ok && outcome.text).toBe("4499998500000");
    expect(outcome.prints).toEqual(["once"]);
  }, 60_000);

  it("leaves the interpreter as it found it when it cuts a run short", async () => {
    // The engine ends the cut run past its `finally`s; its limits (a 1.5 s deadline here) must
    // not outlive it in what the interpreter does outside a run, which checks the clock as it goes.
    const started = performance.now();
    const executor = createWatchedExecutor(countingWatchdog(), noReport, {
      firstSlice: { ms: 1, fallback: markerFallback().make },
    });
    const cut = {
      ...request("(reduce + (range 200000))"),
      limits: { timeoutMs: 1500, memoryLimitBytes: 0, loopLimit: 1_000_000 },
    };
    const outcome = await executor.run(cut);
    expect(outcome.ok && outcome.text).toBe("from the fallback");
    await Bun.sleep(Math.max(0, started + 1600 - performance.now()));
    expect(printValue(fromJson(Array.from({ length: 50_000 }, (_, i) => i))).length).toBe(288_891);
  });

  it("runs a program over its budget again from an exact base, armed, on this thread", async () => {
    const watchdog = countingWatchdog();
    const { made, make } = markerFallback();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSlice: { ms: 60_000, fallback: make } });
    const outcome = await executor.run(request("(count (vec (range 1000000)))", 1024 * 1024));
    expect(!outcome.ok && outcome.error.code).toBe("memory_exceeded");
    expect(watchdog.armed).toBe(1);
    expect(made.executors).toBe(0);
  });
});
