/**
 * `ptc-mcp eval` runs its program on the main thread under a watchdog thread (decision 0028), and
 * answers exactly as it does when the program runs in the pool's worker, which it still does
 * when an upstreams file is configured (here one that lists none). Compared through the compiled
 * binary: stdout, stderr and exit status, for answers, errors, the two hard stops and `-o json`.
 * Behaviour only: the long-running programs take seconds, past every limit set here.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Ran, runToEnd } from "../support/spawned.ts";
import { BINARY, requireBinary } from "./helpers.ts";

let dir = "";
/** Flags that send the program to a pool worker: an upstreams file with no upstream in it. */
let workerPath: string[] = [];
let contextFile = "";

beforeAll(() => {
  requireBinary();
  dir = mkdtempSync(join(tmpdir(), "ptc-eval-in-process-"));
  writeFileSync(join(dir, "upstreams.json"), '{"upstreams":{}}');
  workerPath = ["--upstreams-config", join(dir, "upstreams.json")];
  contextFile = join(dir, "context.json");
  writeFileSync(contextFile, '{"xs":[10,20,30],"user":{"name":"ada"}}');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalCli(args: string[]): Promise<Ran> {
  return runToEnd([BINARY, "eval", ...args]);
}

/** The same command on this thread and in a pool worker. */
async function bothPaths(args: string[]): Promise<[Ran, Ran]> {
  return Promise.all([evalCli(args), evalCli([...args, ...workerPath])]);
}

describe("ptc-mcp eval on the main thread", () => {
  it("stops a loop that never ends at its time limit, and exits 1", async () => {
    const r = await evalCli(["(loop [] (recur))", "--program-timeout-ms", "100", "--loop-limit", "1000000000"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toStartWith("timeout: program exceeded its time limit of 100 ms");
  }, 60_000);

  it("stops a builtin that never yields with the worker's hard-stop answer, as text and as JSON", async () => {
    // One builtin call building a 3-million-element set: no budget check inside it. On a machine
    // so loaded that the 100 ms pass before the builtin starts, the interpreter's own check stops
    // the program first (with a position): either way the answer is a timeout and exit 1.
    const flags = ["--program-timeout-ms", "100", "--program-memory-limit-bytes", "500000000"];
    const program = "(count (set (range 3000000)))";
    const hardStop = "program exceeded its time limit of 100 ms and was stopped";
    const hint = "Hint: one operation ran too long to be interrupted; give it a smaller input";
    const cooperative = /^timeout: program exceeded its time limit of 100 ms \(line 1, column \d+\)\n$/;
    const [text, json] = await Promise.all([evalCli([program, ...flags]), evalCli([program, ...flags, "-o", "json"])]);
    expect(text.code).toBe(1);
    expect(text.out).toBe("");
    if (text.err.includes("was stopped")) expect(text.err).toBe(`timeout: ${hardStop}\n${hint}\n`);
    else expect(text.err).toMatch(cooperative);
    expect(json.code).toBe(1);
    expect(json.err).toBe("");
    const envelope = JSON.parse(json.out);
    if (envelope.message === hardStop)
      expect(envelope).toEqual({
        status: "error",
        reason: "timeout",
        message: hardStop,
        feedback: `timeout: ${hardStop}\n${hint}`,
      });
    else expect(envelope).toMatchObject({ status: "error", reason: "timeout" });
  }, 60_000);

  it("gives the memory errors the worker gives", async () => {
    const roomy = ["--program-timeout-ms", "30000"];
    const growingProgram = '(count (reduce (fn [acc i] (conj acc (str "item-" i))) [] (range 400000)))';
    const [[single, singleInWorker], [growing, growingInWorker]] = await Promise.all([
      bothPaths(['(count (format "%0999999999d" 1))', ...roomy]),
      bothPaths([growingProgram, "--program-memory-limit-bytes", "4000000", ...roomy]),
    ]);
    expect(single).toEqual(singleInWorker);
    expect(single.err).toStartWith("memory_exceeded: one value of about");
    // Where the growing program is when a heap check catches it may differ from run to run.
    for (const r of [growing, growingInWorker]) {
      expect(r.code).toBe(1);
      expect(r.err).toStartWith("memory_exceeded: program exceeded its memory limit of 4000000 bytes");
    }
  }, 60_000);

  it("prints what the worker path prints, answers and errors alike, as text and as JSON", async () => {
    // A limit no program here comes near, so a loaded machine cannot turn one into a timeout.
    const roomy = ["--program-timeout-ms", "30000"];
    const cases: string[][] = [
      ["(+ 1 2)"],
      ['(do (println "one") (println "two") [1 2.5 {:k "v"} nil])'],
      ["(/ 1 0)"],
      ["(undefined-function 1)"],
      ["(+ 1"],
      ["[(reduce + data/xs) (:name data/user)]", "--context", contextFile],
      ['(str "x" 1)', "--response-profile", "structured"],
    ];
    for (const args of cases) {
      for (const output of [[], ["-o", "json"]]) {
        const [inProcess, inWorker] = await bothPaths([...args, ...roomy, ...output]);
        expect(inProcess).toEqual(inWorker);
      }
    }
    const [plain, json] = await Promise.all([evalCli(["(+ 1 2)"]), evalCli(["(+ 1 2)", "-o", "json"])]);
    expect(plain).toEqual({ code: 0, out: "3\n", err: "" });
    expect(JSON.parse(json.out)).toMatchObject({ status: "ok", result: "3" });
  }, 60_000);
});
