/**
 * Fuzzer for the reader and the evaluator (issue #10): random text, random forms over the real
 * builtins, and mutations of ordinary and hostile programs. Every input must end in a value or a
 * typed LispError — never an exception escaping `evaluate`, a host message (`x is not a
 * function`), or a run that keeps going long past its time limit.
 *
 * CI runs 10,000 inputs with a fixed seed. `PTC_FUZZ_RUNS=1000000 bun test test/lisp/fuzz.test.ts`
 * is the long mode (`PTC_FUZZ_SEED` picks another seed); it prints a summary line.
 */

import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { evaluate, LispError, printValue } from "../../src/lisp/index.ts";
import { program } from "./fuzz-programs.ts";

const RUNS = Number(process.env.PTC_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.PTC_FUZZ_SEED ?? 20261201);
const LIMITS = { timeoutMs: 50, memoryLimitBytes: 4 * 1024 * 1024, loopLimit: 200 };
/**
 * How far past its limit a run may end before it counts as a hang: the server's hard stop is the
 * limit plus 500 ms; this adds a wide margin for a loaded machine.
 */
const HANG_MS = LIMITS.timeoutMs + 5_000;

const CODES = new Set([
  "parse_error",
  "invalid_form",
  "invalid_arity",
  "type_error",
  "arithmetic_error",
  "arity_error",
  "unbound_var",
  "not_callable",
  "runtime_error",
  "loop_limit_exceeded",
  "unknown_tool",
  "tool_error",
  "destructure_error",
  "invalid_placeholder",
  "unsupported_pattern",
  "unsupported_method",
  "timeout",
  "memory_exceeded",
  "stack_overflow",
  "fail",
]);

/** Phrases only a host (JavaScriptCore) error message contains. */
const HOST_MESSAGE =
  /is not a function\.|is not an object|is not a constructor|Cannot read|Maximum call stack|\(In '|undefined is not|null is not|Invalid (array|string) length|Out of memory|RangeError|TypeError/;

interface Tally {
  ok: number;
  codes: Map<string, number>;
  slowest: { ms: number; program: string };
}

/** Runs one input through the reader, evaluator and result printer; returns a problem or null. */
function check(text: string, tally: Tally): string | null {
  const started = performance.now();
  let r: ReturnType<typeof evaluate>;
  try {
    r = evaluate(text, { context: { xs: [1, 2, 3], m: { a: 1 } }, limits: LIMITS });
  } catch (e) {
    return `uncaught from evaluate: ${String(e)}`;
  }
  if (r.ok) {
    try {
      r.within(() => printValue(r.value));
    } catch (e) {
      if (!(e instanceof LispError) || !["timeout", "memory_exceeded"].includes(e.code))
        return `uncaught while printing: ${String(e)}`;
    }
  }
  const ms = performance.now() - started;
  if (ms > tally.slowest.ms) tally.slowest = { ms, program: text };
  if (ms > HANG_MS) return `ran ${Math.round(ms)} ms, past its ${LIMITS.timeoutMs} ms limit`;
  if (r.ok) {
    tally.ok++;
    return null;
  }
  const { code, message } = r.error;
  tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
  if (!CODES.has(code)) return `untyped error ${code}: ${message}`;
  if (code !== "fail" && HOST_MESSAGE.test(message)) return `host message leaked: ${code}: ${message}`;
  return null;
}

describe("fuzzing the reader and evaluator", () => {
  it(
    `ends ${RUNS} random and mutated programs in a value or a typed error`,
    () => {
      const tally: Tally = { ok: 0, codes: new Map(), slowest: { ms: 0, program: "" } };
      const problems: string[] = [];
      let failures = 0;
      try {
        fc.assert(
          fc.property(program, (text) => {
            const problem = check(text, tally);
            if (problem !== null && problems.length < 50) problems.push(`${problem}\n  program: ${text}`);
            if (problem !== null) failures++;
            // The long mode keeps going to count every failure; CI stops at the first.
            return problem === null || RUNS > 10_000;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } finally {
        report();
        expect(problems).toEqual([]);
      }
      function report(): void {
        if (RUNS <= 10_000) return;
        const codes = [...tally.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`);
        console.log(
          `fuzz: ${RUNS} inputs, seed ${SEED}, ${failures} failures: ok=${tally.ok} ${codes.join(" ")}; slowest ${Math.round(tally.slowest.ms)} ms: ${tally.slowest.program.slice(0, 120)}`,
        );
      }
    },
    Math.max(120_000, RUNS * 20),
  );
});
