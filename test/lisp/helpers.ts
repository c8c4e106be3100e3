/**
 * Test helpers for language cases: run a program and compare its readable rendering, or its
 * error code, with the expectation. Cases are data: `[program, expected]` pairs.
 */
import { expect, test } from "bun:test";
import { type EvalOptions, evaluate, printValue } from "../../src/lisp/index.ts";

/** Evaluates `program` and returns the printed value, or throws with the error description. */
export function run(program: string, opts: EvalOptions = {}): string {
  const r = evaluate(program, opts);
  if (!r.ok) throw new Error(`${program}\n  => ${r.error.describe()}`);
  return printValue(r.value);
}

/** Runs `program` and returns its printed value (or the error description) together with its prints. */
export function runWithPrints(program: string): { out: string; prints: string[] } {
  const r = evaluate(program);
  return { out: r.ok ? printValue(r.value) : r.error.describe(), prints: r.prints };
}

/** Evaluates `program` and returns its error (code, message, line, column); fails if it succeeds. */
export function runError(program: string, opts: EvalOptions = {}) {
  const r = evaluate(program, opts);
  if (r.ok) throw new Error(`${program}\n  expected an error, got ${printValue(r.value)}`);
  return r.error;
}

/**
 * Registers one test per case. A case is `[program, printedResult]`, or
 * `[program, { error: code }]` for a program that must fail with that error code.
 */
export function cases(
  title: string,
  list: ReadonlyArray<readonly [string, string | { error: string }]>,
  opts: EvalOptions = {},
): void {
  for (const [program, expected] of list) {
    test(`${title}: ${program.replace(/\s+/g, " ").slice(0, 90)}`, () => {
      if (typeof expected === "string") expect(run(program, opts)).toBe(expected);
      else expect(String(runError(program, opts).code)).toBe(expected.error);
    });
  }
}
