/**
 * Bounded uses of a zero-step `range` (spec §8.1, GAP-S45): Clojure's `(range 1 5 0)` is an
 * infinite run of 1s, which PTC-Lisp cannot build, but a consumer that reads a bounded prefix
 * can answer: `(take 3 (range 1 5 0))` is `[1 1 1]`, `(first ...)`, `(second ...)` and
 * `(nth ... i)` are the start. The compiler spots `(take n (range a b step))`, `(first (range ...))`,
 * `(second (range ...))` and `(nth (range ...) i)` (also after `->`/`->>` rewriting) and calls
 * {@link boundedRange}, which gives the builtin's own answer whenever the step is not zero.
 */

import { intArg } from "../builtins/support.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { run } from "../runtime.ts";
import { compareNumbers, isNumber, type Value, Vec } from "../values/index.ts";
import { builtinFn } from "./builtin-refs.ts";
import type { Ctx } from "./context.ts";

/** Consumer name → index of its collection argument. */
const CONSUMERS = new Map<string, number>([
  ["take", 1],
  ["first", 0],
  ["second", 0],
  ["nth", 0],
]);

/**
 * For `(consumer ... (range a b step) ...)` with a three-argument call of the `range` builtin as
 * the collection, the call's argument forms with the range call spliced in as `a b step`; else null.
 */
export function boundedRangeArgs(name: string, f: CollForm, ctx: Ctx): Form[] | null {
  const at = CONSUMERS.get(name);
  if (at === undefined) return null;
  const args = f.items.slice(1);
  const r = args[at];
  if (r?.t !== "list" || r.items.length !== 4) return null;
  const head = r.items[0];
  if (head?.t !== "sym" || head.name !== "range" || (head.ns !== null && head.ns !== "clojure.core")) return null;
  if (head.ns === null && (ctx.local("range") !== null || ctx.unit.defined.has("range"))) return null;
  return [...args.slice(0, at), ...r.items.slice(1), ...args.slice(at + 1)];
}

/** Runs `who` over `(range a b step)`; `xs` are the arguments as {@link boundedRangeArgs} orders them. */
export function boundedRange(who: string, xs: Value[]): Value {
  const at = CONSUMERS.get(who) as number;
  const [a, b, step] = xs.slice(at, at + 3) as [Value, Value, Value];
  const rest = [...xs.slice(0, at), ...xs.slice(at + 3)];
  const repeats = isNumber(a) && isNumber(b) && isNumber(step) && compareNumbers(step, 0) === 0;
  if (!repeats || compareNumbers(a, b) === 0) {
    const coll = builtinFn("range")(a, b, step);
    return builtinFn(who)(...rest.slice(0, at), coll, ...rest.slice(at));
  }
  switch (who) {
    case "take": {
      const n = Math.max(0, intArg(rest[0] as Value, "take"));
      run().tick(n);
      run().charge(n * 8);
      return Vec.of(new Array<Value>(n).fill(a));
    }
    case "nth": {
      const i = intArg(rest[0] as Value, "nth", "an integer index");
      return i >= 0 ? a : (rest[1] ?? null);
    }
    default:
      return a;
  }
}
