/**
 * Shared pieces of the model-based collection tests (collections-model-*.test.ts): how many
 * steps to run, the builtins by name, and running a Lisp program over live values.
 *
 * Steps: `PTC_MODEL_STEPS` (default 10000 per collection, a few seconds in CI); set it to 1000000
 * for the long mode. A step is one command applied to the live values, after which every live
 * value is checked against its model.
 */

import fc from "fast-check";
import { BUILTIN_FAMILIES } from "../../src/lisp/builtins/index.ts";
import { evaluate } from "../../src/lisp/index.ts";
import { PMap, type Value } from "../../src/lisp/values/index.ts";

/** Steps each collection's model test runs in total (see the module comment). */
export const STEPS = Number(process.env.PTC_MODEL_STEPS ?? 10000);
/** Longest command sequence of one run; live values share structure within a run. */
export const MAX_COMMANDS = 60;
/** Per-test timeout: generous, and scaled for the long mode. */
export const TIMEOUT_MS = Math.max(60_000, STEPS * 2);
/** How many live values a run keeps (older ones are dropped, the first one is kept). */
export const LIVE_CAP = 14;

/** A builtin's implementation by its language name (`conj`, `into`, `subvec`...). */
export function builtin(name: string): (...args: Value[]) => Value {
  for (const fam of BUILTIN_FAMILIES) for (const d of fam.defs) if (d.name === name) return d.fn;
  throw new Error(`no builtin ${name}`);
}

/** Runs a program with `data/x` bound to `x` (and `data/y` to `y`); throws on a program error. */
export function runWith(program: string, x: Value, y: Value = null): Value {
  const ctx = PMap.fromPairs([
    ["x", x],
    ["y", y],
  ]);
  const r = evaluate(program, { context: ctx, limits: { timeoutMs: 10_000, loopLimit: 1e9 } });
  if (!r.ok) throw new Error(`${program}: ${r.error.describe()}`);
  return r.value;
}

/** Counts steps actually run so the long mode can report them. */
export class StepCounter {
  n = 0;
}

/** Index of a live value chosen by a generated number. */
export function pick<T>(live: readonly T[], i: number): T {
  return live[i % live.length] as T;
}

/** Adds a value, dropping the oldest (but never the first) when over {@link LIVE_CAP}. */
export function keep<T>(live: T[], x: T): void {
  live.push(x);
  if (live.length > LIVE_CAP) live.splice(1, 1);
}

/**
 * Runs a model property in batches of fast-check runs (each with its own seed, printed on a
 * failure) until `counter` has seen at least {@link STEPS} steps; returns the steps run.
 */
export function runSteps<C>(
  cmds: fc.Arbitrary<C>[],
  counter: StepCounter,
  runOne: (cmds: Iterable<C>) => void,
): number {
  counter.n = 0;
  const arb = fc.commands(cmds as fc.Arbitrary<fc.Command<object, unknown>>[], {
    maxCommands: MAX_COMMANDS,
    size: "max",
  }) as unknown as fc.Arbitrary<Iterable<C>>;
  while (counter.n < STEPS) fc.assert(fc.property(arb, runOne), { numRuns: 50 });
  return counter.n;
}

/** Small element values: integers, a few repeated so equal members collide. */
export const element: fc.Arbitrary<number> = fc.integer({ min: -3, max: 40 });
