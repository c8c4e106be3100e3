/**
 * Higher-order sequence functions (spec §7, §8.1 Filtering/Transforming/Aggregation): `map`,
 * `filter`, `reduce`, `some`, `group-by`, `frequencies`, `apply`... Everything is eager and
 * returns vectors. Maps are walked as `[k v]` entries sorted by key (DIV-38), strings as
 * graphemes, nil as empty. Predicates may be functions, keywords (field truthiness), maps or sets.
 */

import { isSeqable, toFn, typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { hashKey, PMap, truthy, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, callable, items, keyFn, vecOf } from "./support.ts";
import { joinFolded } from "./text-build.ts";

function mapN(who: string, f: Value, colls: Value[]): Value[] {
  const fn = callable(f, who);
  if (colls.length === 1) {
    const a = items(colls[0] as Value, who);
    const n = a.length;
    budget(n);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = fn(a[i] as Value);
    return out;
  }
  const arrays = colls.map((c) => items(c, who));
  let n = Number.POSITIVE_INFINITY;
  for (const a of arrays) n = Math.min(n, a.length);
  budget(n);
  const out = new Array<Value>(n);
  const args = new Array<Value>(arrays.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < arrays.length; j++) args[j] = (arrays[j] as readonly Value[])[i] as Value;
    out[i] = fn(...args);
  }
  return out;
}

/** `(keep f coll)`: one pass, charged as the mapped vector it used to build first (so limits answer as before). */
function keep(f: Value, coll: Value): Vec {
  const fn = callable(f, "keep");
  const a = items(coll, "keep");
  const n = a.length;
  budget(n);
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    const r = fn(a[i] as Value);
    if (r !== null) out.push(r);
  }
  return vecOf(out);
}

function filterBy(who: string, pred: Value, coll: Value, keep: boolean): Vec {
  const fn = callable(pred, who);
  const a = items(coll, who);
  const n = a.length;
  run().tick(n);
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i] as Value;
    const r = fn(x);
    if ((r !== null && r !== false) === keep) out.push(x);
  }
  return vecOf(out);
}

function reduce(...args: Value[]): Value {
  const fn = toFn(args[0] as Value, "reduce");
  if (args.length === 2) {
    const a = items(args[1] as Value, "reduce");
    // Clojure: an empty collection calls (f) with no arguments; one element is returned as is.
    if (a.length === 0) return fn();
    run().tick(a.length);
    let acc = a[0] as Value;
    for (let i = 1; i < a.length; i++) acc = fn(acc, a[i] as Value);
    return acc;
  }
  const a = items(args[2] as Value, "reduce");
  run().tick(a.length);
  let acc = args[1] as Value;
  for (let i = 0; i < a.length; i++) acc = fn(acc, a[i] as Value);
  return acc;
}

/** Walks `coll` and returns the first index whose predicate result satisfies `stop`, or -1. */
function scan(
  who: string,
  pred: Value,
  coll: Value,
  stop: boolean,
): { index: number; value: Value; a: readonly Value[] } {
  const fn = callable(pred, who);
  const a = items(coll, who);
  run().tick(a.length);
  for (let i = 0; i < a.length; i++) {
    const r = fn(a[i] as Value);
    if (truthy(r) === stop) return { index: i, value: r, a };
  }
  return { index: -1, value: null, a };
}

function groupBy(k: Value, coll: Value): PMap {
  const f = keyFn(k, "group-by");
  const a = items(coll, "group-by");
  budget(a.length);
  const groups = new Map<unknown, [Value, Value[]]>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const key = f(x);
    const hk = hashKey(key);
    const g = groups.get(hk);
    if (g === undefined) groups.set(hk, [key, [x]]);
    else g[1].push(x);
  }
  const pairs: [Value, Value][] = [];
  for (const [key, xs] of groups.values()) pairs.push([key, Vec.of(xs)]);
  return PMap.fromPairs(pairs);
}

function frequencies(coll: Value): PMap {
  const a = items(coll, "frequencies");
  budget(a.length);
  const counts = new Map<unknown, [Value, number]>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const hk = hashKey(x);
    const c = counts.get(hk);
    if (c === undefined) counts.set(hk, [x, 1]);
    else c[1]++;
  }
  return PMap.fromPairs(counts.values());
}

function partitionBy(f: Value, coll: Value): Vec {
  const fn = keyFn(f, "partition-by");
  const a = items(coll, "partition-by");
  budget(a.length);
  const out: Value[] = [];
  let cur: Value[] = [];
  let last: Value = null;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const k = fn(x);
    if (i > 0 && hashKey(k) !== hashKey(last)) {
      out.push(Vec.of(cur));
      cur = [];
    }
    cur.push(x);
    last = k;
  }
  if (cur.length > 0) out.push(Vec.of(cur));
  return Vec.of(out);
}

/** Builtins for which `(f a b c d)` equals `(f (f a b) c d)`, so a long spread can go in chunks. */
const FOLDABLE = new Set(["+", "-", "*", "/", "str", "max", "min", "concat", "merge", "conj", "union"]);
/** Spreads longer than this are chunked (foldable builtins) or refused: JS engines cap call arguments. */
const MAX_SPREAD = 50_000;

/**
 * `(apply f x ... coll)`. A builtin with an array form (`str`, registry.ts `fnArray`) gets each
 * call's arguments as one array, the spread collection itself when nothing precedes it; any other
 * function gets them spread. Past {@link MAX_SPREAD} arguments a foldable builtin is called on
 * chunks folded through the accumulator (the same calls either way, so the same answers and memory
 * charges); anything else is refused.
 */
function apply(...args: Value[]): Value {
  const fn = toFn(args[0] as Value, "apply");
  const last = args[args.length - 1] as Value;
  if (!isSeqable(last)) throw typeError("apply", "a collection as its last argument", last);
  const spread = items(last, "apply");
  const callArgs = args.slice(1, -1);
  const call = fn.lispArray ?? ((xs: readonly Value[]) => fn(...xs));
  if (spread.length <= MAX_SPREAD) {
    if (callArgs.length === 0) return call(spread);
    for (let i = 0; i < spread.length; i++) callArgs.push(spread[i] as Value);
    return call(callArgs);
  }
  // `str`'s own array form (a closure named `str` has none): the fold's text and charges, one join.
  if (fn.lispName === "str" && fn.lispArray !== undefined) return joinFolded(callArgs, spread, MAX_SPREAD);
  if (fn.lispName === undefined || !FOLDABLE.has(fn.lispName)) {
    throw new LispError(
      "runtime_error",
      `apply: ${spread.length} arguments are too many to spread`,
      null,
      "use (reduce f coll) instead of (apply f coll) for long collections",
    );
  }
  for (let i = 0; i < MAX_SPREAD; i++) callArgs.push(spread[i] as Value);
  let acc = call(callArgs);
  for (let i = MAX_SPREAD; i < spread.length; i += MAX_SPREAD) {
    const end = Math.min(spread.length, i + MAX_SPREAD);
    const chunk = new Array<Value>(end - i + 1);
    chunk[0] = acc;
    for (let j = i; j < end; j++) chunk[j - i + 1] = spread[j] as Value;
    acc = call(chunk);
  }
  return acc;
}

const DEFS: BuiltinDef[] = [
  {
    name: "map",
    arity: [2, Infinity],
    doc: "(map f coll) (map f c1 c2 ...) — vector of (f x), zipping several colls to the shortest",
    fn: (f, ...cs) => Vec.of(mapN("map", f, cs)),
  },
  {
    name: "mapv",
    arity: [2, Infinity],
    doc: "(mapv f coll ...) — same as map",
    fn: (f, ...cs) => Vec.of(mapN("mapv", f, cs)),
  },
  {
    name: "filter",
    arity: [2, 2],
    doc: "(filter pred coll) — items where (pred x) is truthy; maps give [k v] entries",
    fn: (p, c) => filterBy("filter", p, c, true),
  },
  {
    name: "filterv",
    arity: [2, 2],
    doc: "(filterv pred coll) — same as filter",
    fn: (p, c) => filterBy("filterv", p, c, true),
  },
  {
    name: "remove",
    arity: [2, 2],
    doc: "(remove pred coll) — items where (pred x) is falsy",
    fn: (p, c) => filterBy("remove", p, c, false),
  },
  {
    name: "keep",
    arity: [2, 2],
    doc: "(keep f coll) — non-nil results of (f x); false is kept",
    fn: keep,
  },
  {
    name: "keep-indexed",
    arity: [2, 2],
    doc: "(keep-indexed f coll) — non-nil results of (f i x)",
    fn: (f, coll) => {
      const fn = toFn(f, "keep-indexed");
      const a = items(coll, "keep-indexed");
      run().tick(a.length);
      const out: Value[] = [];
      for (let i = 0; i < a.length; i++) {
        const r = fn(i, a[i] as Value);
        if (r !== null) out.push(r);
      }
      return vecOf(out);
    },
  },
  {
    name: "map-indexed",
    arity: [2, 2],
    doc: "(map-indexed f coll) — vector of (f i x)",
    fn: (f, coll) => {
      const fn = toFn(f, "map-indexed");
      const a = items(coll, "map-indexed");
      budget(a.length);
      const out = new Array<Value>(a.length);
      for (let i = 0; i < a.length; i++) out[i] = fn(i, a[i] as Value);
      return Vec.of(out);
    },
  },
  {
    name: "mapcat",
    arity: [2, Infinity],
    doc: "(mapcat f coll ...) — map then concatenate the resulting collections",
    fn: (f, ...cs) => {
      const parts = mapN("mapcat", f, cs);
      const out: Value[] = [];
      for (const p of parts) {
        const a = items(p, "mapcat");
        for (let i = 0; i < a.length; i++) out.push(a[i] as Value);
      }
      return vecOf(out);
    },
  },
  {
    name: "reduce",
    arity: [2, 3],
    doc: "(reduce f coll) (reduce f init coll) — fold left, f gets (acc x)",
    fn: reduce,
  },
  {
    name: "some",
    arity: [2, 2],
    doc: "(some pred coll) — first truthy (pred x), else nil",
    fn: (p, c) => scan("some", p, c, true).value,
  },
  {
    name: "every?",
    arity: [2, 2],
    doc: "(every? pred coll) — true when (pred x) is truthy for all",
    fn: (p, c) => scan("every?", p, c, false).index < 0,
  },
  {
    name: "not-any?",
    arity: [2, 2],
    doc: "(not-any? pred coll) — true when (pred x) is falsy for all",
    fn: (p, c) => scan("not-any?", p, c, true).index < 0,
  },
  {
    name: "not-every?",
    arity: [2, 2],
    doc: "(not-every? pred coll) — true when some (pred x) is falsy",
    fn: (p, c) => scan("not-every?", p, c, false).index >= 0,
  },
  {
    name: "take-while",
    arity: [2, 2],
    doc: "(take-while pred coll) — leading items while (pred x) is truthy",
    fn: (p, c) => {
      const s = scan("take-while", p, c, false);
      return s.index < 0 ? vecOf(s.a.slice()) : vecOf(s.a.slice(0, s.index));
    },
  },
  {
    name: "drop-while",
    arity: [2, 2],
    doc: "(drop-while pred coll) — items from the first one where (pred x) is falsy",
    fn: (p, c) => {
      const s = scan("drop-while", p, c, false);
      return s.index < 0 ? Vec.EMPTY : vecOf(s.a.slice(s.index));
    },
  },
  {
    name: "split-with",
    arity: [2, 2],
    doc: "(split-with pred coll) — [(take-while pred coll) (drop-while pred coll)]",
    fn: (p, c) => {
      const s = scan("split-with", p, c, false);
      const cut = s.index < 0 ? s.a.length : s.index;
      return Vec.of([vecOf(s.a.slice(0, cut)), vecOf(s.a.slice(cut))]);
    },
  },
  {
    name: "partition-by",
    arity: [2, 2],
    doc: "(partition-by f coll) — split into runs where (f x) stays the same",
    fn: partitionBy,
  },
  {
    name: "group-by",
    arity: [2, 2],
    doc: "(group-by key coll) — map of (key x) to the items with it, in first-seen order",
    fn: groupBy,
  },
  { name: "frequencies", arity: [1, 1], doc: "(frequencies coll) — map of item to occurrence count", fn: frequencies },
  {
    name: "apply",
    arity: [2, Infinity],
    doc: "(apply f args... coll) — call f with args followed by coll's items",
    fn: apply,
  },
  { name: "identity", arity: [1, 1], doc: "(identity x) — x", fn: (x) => x },
];

/** The higher-order sequence family. */
export const SEQS = family("seqs", DEFS);
