/**
 * The run of a fused `(map (fn [[k rows]] body) (group-by K coll))` (group-fusion.ts): one walk
 * over `coll` that keys each row and feeds it straight into the group's aggregates, instead of
 * building every group's rows and reading them back in group order (docs/decisions/0042).
 *
 * The walk is speculative. The compiler only fuses pure, deterministic forms, so computing them
 * in a different order gives the same values; but errors and limits could surface at a different
 * place. So if anything throws, the run's meters go back to where they were and the plain code
 * (`group-by`, then `map` of the original function) runs from the same key and collection: the
 * answer, the error and its position are then the plain path's by construction. On success the
 * walk spends the fuel and charges the memory the plain builtins would have (group-by's,
 * each inner `map`'s, `reduce`'s and `sum-by`'s), and leaves the current call-site index `P`
 * where the plain code would have left it after each aggregate.
 */

import { toFn } from "../access.ts";
import { Summer } from "../builtins/aggregate.ts";
import { budget, callable, items, keyFn } from "../builtins/support.ts";
import { run } from "../runtime.ts";
import { builtinFn } from "./builtin-refs.ts";
import { hashKey, keyOfSlot, type LFn, PMap, type Value, Vec } from "../values/index.ts";

/** Aggregate kinds as the compiler encodes them in the spec. */
export const COUNT = 0;
export const SUM_BY = 1;
export const REDUCE_MAP = 2;
export const REDUCE = 3;

/**
 * What the compiler tells the walk, as a flat number array: `[groupByPos, mapPos, mapv?, then per
 * aggregate: kind, init?, pos, tracked?]`. `pos` is the call-site index the aggregate's own call
 * records (count, sum-by, reduce); `tracked` says its function is compiled code that moves `P`.
 */
export type FusionSpec = readonly number[];

/** One aggregate of one group while the walk runs. */
interface Agg {
  kind: number;
  fn: LFn | ((x: Value) => Value);
  map: ((x: Value) => Value) | null;
  acc: Value;
  started: boolean;
  sum: Summer | null;
  /** `P` after this aggregate's last call so far (its call-site index before any). */
  p: number;
  tracked: boolean;
}

interface Group {
  key: Value;
  n: number;
  aggs: Agg[];
}

const groupBy = builtinFn("group-by");

/**
 * Runs the fused form. `setup(key)` evaluates the aggregates' argument forms for a new group
 * (flat, in spec order); `fused` is the body with each aggregate read from the group's result
 * vector (values, then `P` values); `plain` is the original function; `getP`/`setP` read and
 * write the program's `P`.
 */
export function groupFused(
  k: Value,
  coll: Value,
  spec: FusionSpec,
  setup: (key: Value) => Value[],
  fused: LFn,
  plain: LFn,
  getP: () => number,
  setP: (p: number) => void,
): Value {
  const state = run();
  const snap = state.snapshot();
  const mapFn = builtinFn(spec[2] === 1 ? "mapv" : "map");
  try {
    const groups = walk(k, coll, spec, setup, getP, setP);
    const pairs: [Value, Value][] = [];
    for (const g of groups) {
      const out: Value[] = [];
      for (const a of g.aggs) out.push(result(a, g.n));
      for (const a of g.aggs) out.push(a.p);
      pairs.push([g.key, Vec.of(out)]);
      charge(g);
    }
    setP(spec[1] as number);
    return mapFn(fused, PMap.fromPairs(pairs));
  } catch {
    state.restore(snap);
    setP(spec[0] as number);
    const g = groupBy(k, coll);
    setP(spec[1] as number);
    return mapFn(plain, g);
  }
}

function walk(
  k: Value,
  coll: Value,
  spec: FusionSpec,
  setup: (key: Value) => Value[],
  getP: () => number,
  setP: (p: number) => void,
): Group[] {
  const f = keyFn(k, "group-by");
  const a = items(coll, "group-by");
  budget(a.length);
  const groups = new Map<unknown, Group>();
  const order: Group[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const key = f(x);
    const hk = hashKey(key);
    let g = groups.get(hk);
    if (g === undefined) {
      // The body's `k` is the key the map holds for this slot (an interned copy for a collection
      // key), so the aggregates' functions see that same object, as in the plain path.
      g = { key, n: 0, aggs: start(spec, setup(keyOfSlot(hk))) };
      groups.set(hk, g);
      order.push(g);
    }
    g.n++;
    for (const agg of g.aggs) feed(agg, x, getP, setP);
  }
  return order;
}

/** The aggregates of a new group, from the values of their argument forms. */
function start(spec: FusionSpec, args: Value[]): Agg[] {
  const aggs: Agg[] = [];
  let j = 0;
  for (let i = 3; i < spec.length; i += 4) {
    const kind = spec[i] as number;
    const init = spec[i + 1] === 1;
    const agg: Agg = {
      kind,
      fn: identity,
      map: null,
      acc: null,
      started: false,
      sum: null,
      p: spec[i + 2] as number,
      tracked: spec[i + 3] === 1,
    };
    if (kind === SUM_BY) {
      agg.fn = keyFn(args[j++] as Value, "sum-by");
      agg.sum = new Summer("sum-by");
    } else if (kind === REDUCE_MAP || kind === REDUCE) {
      const r = args[j++] as Value;
      if (init) {
        agg.acc = args[j++] as Value;
        agg.started = true;
      }
      if (kind === REDUCE_MAP) agg.map = callable(args[j++] as Value, "map");
      agg.fn = toFn(r, "reduce");
    }
    aggs.push(agg);
  }
  return aggs;
}

function identity(x: Value): Value {
  return x;
}

/** Feeds one row into an aggregate, as the builtin's loop would take it. */
function feed(agg: Agg, x: Value, getP: () => number, setP: (p: number) => void): void {
  if (agg.kind === COUNT) return;
  if (agg.kind === SUM_BY) {
    if (agg.tracked) setP(agg.p);
    const v = agg.fn(x);
    if (agg.tracked) agg.p = getP();
    (agg.sum as Summer).feed(v);
    return;
  }
  const v = agg.map === null ? x : agg.map(x);
  if (!agg.started) {
    agg.acc = v;
    agg.started = true;
    return;
  }
  if (agg.tracked) setP(agg.p);
  agg.acc = (agg.fn as LFn)(agg.acc, v);
  if (agg.tracked) agg.p = getP();
}

function result(a: Agg, n: number): Value {
  if (a.kind === COUNT) return n;
  if (a.kind === SUM_BY) return (a.sum as Summer).sum;
  return a.acc;
}

/** The fuel and memory the plain builtins spend on one group of `g.n` rows (see the file doc). */
function charge(g: Group): void {
  const state = run();
  for (const a of g.aggs) {
    if (a.kind === COUNT) continue;
    // Every inner map builds its vector of g.n values first (budget: fuel and slots).
    if (a.kind === REDUCE_MAP) budget(g.n);
    state.tick(g.n);
  }
}
