/**
 * The in-process run (decision 0028): its watchdog thread ends a process whose main thread never
 * yields, with the report it was given; a run that returns in time owns its outcome; and the
 * executor's memory budget is the pool's, however much the command's own heap holds.
 * Behaviour only: no assertion depends on how fast anything runs.
 */

import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { createWatchedExecutor, type EvalRequest, type Watchdog } from "../../src/sandbox/index.ts";
import { type Ran, runToEnd } from "../support/spawned.ts";

const SCRIPT = join(import.meta.dir, "..", "fixtures", "watchdog-script.ts");

function runScript(mode: string): Promise<Ran> {
  return runToEnd([process.execPath, SCRIPT, mode]);
}

describe("the watchdog of an in-process run", () => {
  it("ends a process busy in a loop that never yields, with the hard stop's report and status", async () => {
    const r = await runScript("spin");
    expect(r).toEqual({
      code: 3,
      out: "stdout timeout\n",
      err: "stderr program exceeded its time limit of 50 ms and was stopped\n",
    });
  }, 30_000);

  it("ends a process whose memory grows past the RSS cap, with the RSS figure filled in", async () => {
    const r = await runScript("allocate");
    expect(r.code).toBe(3);
    expect(r.out).toBe("stdout memory_exceeded\n");
    expect(r.err).toMatch(
      /^stderr the server stopped this program: its memory grew past the sandbox cap \(process at \d+ MiB, cap \d+ MiB\)\n$/,
    );
  }, 30_000);

  it("stands down once the run has returned: no report, the main thread's own exit", async () => {
    expect(await runScript("finish")).toEqual({ code: 0, out: "finished\n", err: "" });
  }, 30_000);
});

/** A watchdog that never fires, for the executor's own logic. */
const idle: Watchdog = { watch: () => () => true, close() {} };

function request(program: string, memoryLimitBytes: number): EvalRequest {
  return { program, limits: { timeoutMs: 10_000, memoryLimitBytes, loopLimit: 1_000_000 } };
}

describe("the in-process executor", () => {
  const executor = createWatchedExecutor(idle, () => ({ stdout: "", stderr: "", exitCode: 1 }));

  it("answers as the interpreter does", async () => {
    const outcome = await executor.run(request("(reduce + (map inc [1 2 3]))", 10 * 1024 * 1024));
    expect(outcome.ok && outcome.text).toBe("9");
  });

  it("does not charge the program with the heap the process already holds", async () => {
    // This test process holds far more than 1 MiB, and the loop runs long enough for a heap check:
    // a check that counted the process's heap (the executor's first, optimistic base) fails it.
    const program = "(loop [i 0 acc 0] (if (< i 300000) (recur (inc i) (+ acc i)) acc))";
    Bun.gc(true); // so the heap reading is up to date with what the process holds
    const outcome = await executor.run(request(program, 1024 * 1024));
    expect(outcome.ok && outcome.text).toBe("44999850000");
  });

  it("still stops a program that is over its budget", async () => {
    const outcome = await executor.run(request("(count (vec (range 1000000)))", 1024 * 1024));
    expect(!outcome.ok && outcome.error.code).toBe("memory_exceeded");
  });

  it("refuses a request with host calls, which only the pool serves", async () => {
    const host = async () => null;
    await expect(executor.run({ ...request("(+ 1 2)", 1024 * 1024), host })).rejects.toThrow("host calls");
  });
});
