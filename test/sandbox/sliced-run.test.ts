/**
 * The in-process run's first slice (decision 0041): a run that ends within it is never armed, so a
 * short `eval` starts no watchdog thread; a run it cuts short is run again from the start with the
 * watchdog armed, and answers as one run; one cut short while the interpreter was evaluating re2js
 * goes to the fallback executor, since that thread can no longer use it.
 * Behaviour only: the programs cut short here take far longer than their 1 ms slice.
 */

import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { fromJson, printValue } from "../../src/lisp/index.ts";
import { createWatchedExecutor, type EvalRequest, type Watchdog } from "../../src/sandbox/index.ts";
import { runToEnd } from "../support/spawned.ts";

const SCRIPT = join(import.meta.dir, "..", "fixtures", "sliced-run-script.ts");

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

describe("the first slice of an in-process run", () => {
  it("answers a run that ends within it without arming the watchdog", async () => {
    const watchdog = countingWatchdog();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSliceMs: 60_000 });
    const outcome = await executor.run(request('(do (println "hi") (+ 1 2))'));
    expect(outcome.ok && outcome.text).toBe("3");
    expect(outcome.prints).toEqual(["hi"]);
    expect(watchdog.armed).toBe(0);
  });

  it("runs a program it cut short again from the start, armed, and answers as one run", async () => {
    const watchdog = countingWatchdog();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSliceMs: 1 });
    const outcome = await executor.run(request('(do (println "once") (reduce + (range 3000000)))'));
    expect(outcome.ok && outcome.text).toBe("4499998500000");
    expect(outcome.prints).toEqual(["once"]);
    expect(watchdog.armed).toBe(1);
  });

  it("leaves the interpreter as it found it when it cuts a run short", async () => {
    // The engine ends the cut run past its `finally`s; its limits (a 1.5 s deadline here) must
    // not outlive it in what the interpreter does outside a run, which checks the clock as it goes.
    const started = performance.now();
    const executor = createWatchedExecutor(countingWatchdog(), noReport, { firstSliceMs: 1 });
    const cut = {
      ...request("(reduce + (range 200000))"),
      limits: { timeoutMs: 1500, memoryLimitBytes: 0, loopLimit: 1_000_000 },
    };
    const outcome = await executor.run(cut);
    expect(outcome.ok && outcome.text).toBe("19999900000");
    await Bun.sleep(Math.max(0, started + 1600 - performance.now()));
    expect(printValue(fromJson(Array.from({ length: 50_000 }, (_, i) => i))).length).toBe(288_891);
  });

  it("runs a program over its budget from an exact base, armed", async () => {
    const watchdog = countingWatchdog();
    const executor = createWatchedExecutor(watchdog, noReport, { firstSliceMs: 60_000 });
    const outcome = await executor.run(request("(count (vec (range 1000000)))", 1024 * 1024));
    expect(!outcome.ok && outcome.error.code).toBe("memory_exceeded");
    expect(watchdog.armed).toBe(1);
  });

  it("sends a run cut short while re2js was being evaluated to the fallback", async () => {
    // From source, Bun's `require` sometimes holds the engine's stop until re2js is whole (the
    // compiled binary's bundled re2js never does): a process where it did must answer itself.
    const seen: string[] = [];
    for (let tries = 0; tries < 8 && !seen.includes("from the fallback"); tries++) {
      const r = await runToEnd([process.execPath, SCRIPT]);
      expect(r.code).toBe(0);
      const { cut, intact, answer } = JSON.parse(r.out) as { cut: boolean; intact: boolean; answer: string };
      expect(cut).toBe(true);
      expect(answer).toBe(intact ? "4499998500000" : "from the fallback");
      seen.push(answer);
    }
    expect(seen).toContain("from the fallback");
  }, 60_000);
});
