/**
 * Runs a program both ways for the group-fusion tests: compiled with the one-pass group
 * aggregates (compiler/group-fusion.ts) and without, each in a fresh run whose meters are
 * observed, so a test can assert that everything a user or a limit can see is the same.
 */
import { compileProgram } from "../../src/lisp/compiler/index.ts";
import { asLispError, printValue } from "../../src/lisp/index.ts";
import { type MeterSnapshot, RunState, withRun } from "../../src/lisp/runtime.ts";
import { PMap } from "../../src/lisp/values/index.ts";

/** What one run showed: the printed value or the error (code, message, line, column), prints and meters. */
export interface Outcome {
  result: string;
  prints: string[];
  /** Fuel units spent, counted on every decrement of `fuel` (inline and through `tick`). */
  ticks: number;
  /** Bytes charged (no probe, so this is the running total). */
  charged: number;
}

/**
 * Runs `src` compiled with `fuse` on or off. `memoryLimitBytes` 0 means unlimited. Returns the
 * outcome and whether the compiled code calls the fused runner.
 */
export function runOnce(
  src: string,
  fuse: boolean,
  memoryLimitBytes = 1 << 30,
  late = false,
): Outcome & { fused: boolean } {
  const compiled = compileProgram(src, null, { fuse });
  const state = new RunState({ timeoutMs: late ? 1 : 0, loopLimit: 1_000_000, memoryLimitBytes });
  // `late`: the deadline has passed before the run starts, so the first clock check (after 4096
  // fuel units, the same point of the program on both paths) stops it with a timeout.
  if (late) for (const end = performance.now() + 3; performance.now() < end; );
  let fuel = state.fuel;
  let ticks = 0;
  Object.defineProperty(state, "fuel", {
    get: () => fuel,
    set: (v: number) => {
      if (v < fuel) ticks += fuel - v;
      fuel = v;
    },
  });
  // A speculative walk that gives up restores the meters; the spent count goes back with them.
  const snapshot = state.snapshot.bind(state);
  const restore = state.restore.bind(state);
  state.snapshot = () => ({ ...snapshot(), ticks }) as MeterSnapshot;
  state.restore = (s: MeterSnapshot) => {
    restore(s);
    ticks = (s as MeterSnapshot & { ticks: number }).ticks;
  };
  let result: string;
  try {
    result = printValue(withRun(state, () => compiled.run(PMap.empty()).value));
  } catch (e) {
    const err = asLispError(e);
    result = `error ${err.code} ${err.message} @${err.line}:${err.column}`;
  }
  return {
    result,
    prints: [...state.prints],
    ticks,
    charged: state.allocated,
    fused: compiled.source.includes("rt.groupFused("),
  };
}

/** Both runs of `src`; `fused` says whether the fusing compilation used the fused runner. */
export function runBoth(
  src: string,
  memoryLimitBytes?: number,
  late = false,
): { on: Outcome; off: Outcome; fused: boolean } {
  const { fused, ...on } = runOnce(src, true, memoryLimitBytes, late);
  const { fused: _, ...off } = runOnce(src, false, memoryLimitBytes, late);
  return { on, off, fused };
}
