/**
 * Builds the three timed variants of a program — PTC-Lisp via `evaluate()`, native JS in Bun, and
 * JS inside QuickJS — and checks they agree before anything is timed.
 */

import { evaluate, fromJson, toJson, type Value } from "../src/lisp/index.ts";
import { PMap } from "../src/lisp/pmap.ts";
import type { Timed } from "./harness.ts";
import type { Program } from "./programs.ts";
import type { QuickJsSandbox, QuickJsTask } from "./quickjs.ts";
import { firstDifference } from "./verify.ts";

/** Limits generous enough that no benchmark trips them. */
export const BENCH_LIMITS = { timeoutMs: 0, memoryLimitBytes: 0, loopLimit: 1e9 };

/** The prepared variants of one program plus what preparing them cost. */
export interface Prepared {
  variants: Timed[];
  /** Median ms to convert the JSON input into PTC-Lisp values (not part of the timed PTC run). */
  contextMs: number;
  /** Frees the QuickJS side. */
  dispose(): void;
}

/** Thrown when a variant fails or the variants disagree; the message says which and where. */
export class VariantMismatch extends Error {
  override name = "VariantMismatch";
}

/**
 * Prepares `p`: converts its input for each engine (untimed), runs each variant once and compares
 * results. Throws {@link VariantMismatch} on any error or disagreement.
 */
export function prepare(p: Program, sandbox: QuickJsSandbox): Prepared {
  const input = p.input?.() ?? {};
  // Native JS gets its input the way a code-mode server would: decoded from JSON.
  const nativeData: unknown = JSON.parse(JSON.stringify(input));
  // The native variant is the benchmark's own JS source, compiled the way a code-mode peer would.
  const nativeFn = new Function(`return (${p.js});`)() as (data: unknown) => unknown;

  // Conversion is timed separately (median of 3) because a real call pays it once per input.
  const convTimes: number[] = [];
  let context = PMap.empty();
  for (let i = 0; i < 3; i++) {
    const c0 = performance.now();
    context = toContext(input);
    convTimes.push(performance.now() - c0);
  }
  const contextMs = convTimes.sort((a, b) => a - b)[1] ?? Number.NaN;

  let task: QuickJsTask | null = null;
  try {
    task = sandbox.load(p.js, input);
    const qjs = task;
    const runPtc = (): Value => {
      const r = evaluate(p.lisp, { context, limits: BENCH_LIMITS });
      if (!r.ok) throw new VariantMismatch(`${p.name}: PTC-Lisp failed: ${r.error.describe()}`);
      return r.value;
    };
    const variants: Timed[] = [
      { name: "ptc", run: runPtc },
      { name: "native", run: () => nativeFn(nativeData) },
      { name: "quickjs", run: () => qjs.run() },
    ];
    check(p.name, toJson(runPtc()), nativeFn(nativeData), qjs.run());
    return { variants, contextMs, dispose: () => qjs.dispose() };
  } catch (e) {
    task?.dispose();
    throw e instanceof VariantMismatch ? e : new VariantMismatch(`${p.name}: ${(e as Error).message}`);
  }
}

function check(name: string, ptc: unknown, native: unknown, qjs: unknown): void {
  const nat = JSON.parse(JSON.stringify(native)) as unknown;
  const dq = firstDifference(nat, qjs);
  if (dq) throw new VariantMismatch(`${name}: native JS and QuickJS disagree at ${dq}`);
  const dp = firstDifference(ptc, nat);
  if (dp) throw new VariantMismatch(`${name}: PTC-Lisp and JS disagree at ${dp} (PTC first)`);
}

/** Converts a JSON input object into the `data/` map `evaluate` accepts without re-converting. */
export function toContext(input: Record<string, unknown>): PMap {
  const v = fromJson(input);
  if (!(v instanceof PMap)) throw new Error("benchmark input must be a JSON object");
  return v;
}
