/**
 * Positional and slicing functions (spec §8.1 Subsetting/Ordering): `first`, `rest`, `nth`,
 * `take`, `drop`, `partition`, `sort`, `reverse`, `distinct`, `flatten`... Out-of-range indexes
 * give signal values (nil, empty, clamped slices — DIV-26). Direct positional use of maps and
 * sets is a `type_error` with a hint (DIV-29, spec §3.9); slicing functions accept them.
 */

import { typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { compareValues, hashKey, Keyword, PMap, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, comparatorFn, intArg, items, keyFn, positional, vecOf } from "./support.ts";

function first(c: Value): Value {
  if (c instanceof Vec) return c.count > 0 ? (c.at(0) as Value) : null;
  if (c === null) return null;
  const a = positional(c, "first");
  return a.length > 0 ? (a[0] as Value) : null;
}

/** `(rest c)` as an array view; `nextOf` is the same but nil when empty. */
function restOf(c: Value, who: string): Vec {
  if (c instanceof Vec) return c.slice(1);
  if (c === null) return Vec.EMPTY;
  return Vec.of(positional(c, who).slice(1));
}

function nextOf(c: Value, who = "next"): Value {
  const r = restOf(c, who);
  return r.count === 0 ? null : r;
}

function nth(c: Value, i: Value, notFound: Value = null): Value {
  const idx = intArg(i, "nth", "an integer index");
  if (c === null) return notFound;
  if (c instanceof Vec) return c.at(idx) ?? notFound;
  const a = positional(c, "nth");
  return idx >= 0 && idx < a.length ? (a[idx] as Value) : notFound;
}

function asVec(c: Value, who: string): Vec {
  return c instanceof Vec ? c : Vec.of(items(c, who).slice());
}

function take(n: Value, c: Value): Vec {
  const k = intArg(n, "take");
  return k <= 0 ? Vec.EMPTY : asVec(c, "take").slice(0, k);
}

function drop(n: Value, c: Value, who = "drop"): Vec {
  const k = intArg(n, who);
  const v = asVec(c, who);
  return k <= 0 ? v : v.slice(k);
}

function partition(who: string, all: boolean, args: Value[]): Vec {
  const n = intArg(args[0] as Value, who, "a size");
  const coll = args[args.length - 1] as Value;
  const step = args.length >= 3 ? intArg(args[1] as Value, who, "a step") : n;
  const pad = args.length === 4 ? items(args[2] as Value, who) : null;
  const a = items(coll, who);
  if (n <= 0) return Vec.EMPTY;
  if (step <= 0) {
    throw new LispError(
      "runtime_error",
      `${who}: step must be positive, got ${step}`,
      null,
      "an infinite sequence of windows is not supported",
    );
  }
  budget(Math.ceil(a.length / step) * n);
  const out: Value[] = [];
  for (let i = 0; i < a.length; i += step) {
    const chunk = a.slice(i, i + n);
    if (chunk.length < n) {
      if (all) out.push(Vec.of(chunk));
      else if (pad !== null) {
        for (let j = 0; j < pad.length && chunk.length < n; j++) chunk.push(pad[j] as Value);
        out.push(Vec.of(chunk));
      }
      break;
    }
    out.push(Vec.of(chunk));
  }
  return Vec.of(out);
}

function sortWith(who: string, cmp: Value, a: Value[]): Value[] {
  if (cmp === null || cmp === Keyword.of("asc")) return a.sort(compareValues);
  if (cmp === Keyword.of("desc")) return a.sort((x, y) => compareValues(y, x));
  return a.sort(comparatorFn(cmp, who));
}

function sort(...args: Value[]): Vec {
  const coll = args[args.length - 1] as Value;
  const a = items(coll, "sort").slice();
  run().tick(a.length * 4);
  return vecOf(sortWith("sort", args.length === 2 ? (args[0] as Value) : null, a));
}

function sortBy(...args: Value[]): Vec {
  const f = keyFn(args[0] as Value, "sort-by");
  const coll = args[args.length - 1] as Value;
  const a = items(coll, "sort-by");
  const n = a.length;
  budget(n * 4);
  const keys = new Array<Value>(n);
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = f(a[i] as Value);
    idx[i] = i;
  }
  const cmpArg = args.length === 3 ? (args[1] as Value) : null;
  let cmp: (x: Value, y: Value) => number;
  if (cmpArg === null || cmpArg === Keyword.of("asc")) cmp = compareValues;
  else if (cmpArg === Keyword.of("desc")) cmp = (x, y) => compareValues(y, x);
  else cmp = comparatorFn(cmpArg, "sort-by");
  idx.sort((i, j) => cmp(keys[i] as Value, keys[j] as Value));
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = a[idx[i] as number] as Value;
  return Vec.of(out);
}

function distinct(c: Value): Vec {
  if (c instanceof PMap) throw typeError("distinct", "a sequential collection", c);
  const a = items(c, "distinct");
  budget(a.length);
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const k = hashKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return Vec.of(out);
}

function dedupe(c: Value): Vec {
  const a = items(c, "dedupe");
  budget(a.length);
  const out: Value[] = [];
  let prev: unknown;
  for (let i = 0; i < a.length; i++) {
    const k = hashKey(a[i] as Value);
    if (i === 0 || k !== prev) out.push(a[i] as Value);
    prev = k;
  }
  return Vec.of(out);
}

function flattenInto(x: Value, out: Value[]): void {
  if (x instanceof Vec) {
    const a = x.toArray();
    for (let i = 0; i < a.length; i++) flattenInto(a[i] as Value, out);
  } else out.push(x);
}

function interleave(...cs: Value[]): Vec {
  const arrays = cs.map((c) => positional(c, "interleave"));
  let n = Number.POSITIVE_INFINITY;
  for (const a of arrays) n = Math.min(n, a.length);
  if (arrays.length === 0) return Vec.EMPTY;
  budget(n * arrays.length);
  const out: Value[] = [];
  for (let i = 0; i < n; i++) for (const a of arrays) out.push(a[i] as Value);
  return Vec.of(out);
}

function subvec(v: Value, start: Value, end?: Value): Vec {
  if (!(v instanceof Vec)) throw typeError("subvec", "a vector", v);
  const s = Math.max(0, intArg(start, "subvec"));
  const e = end === undefined ? v.count : Math.min(v.count, intArg(end, "subvec"));
  return s >= e ? Vec.EMPTY : v.slice(s, e);
}

function stackEnd(c: Value, who: string): Vec | null {
  if (c === null) return null;
  if (c instanceof Vec) return c;
  throw typeError(who, "a vector", c);
}

function second(c: Value): Value {
  if (c instanceof Vec) return c.at(1) ?? null;
  const a = positional(c, "second");
  return a.length > 1 ? (a[1] as Value) : null;
}

function last(c: Value): Value {
  if (c instanceof Vec) return c.at(c.count - 1) ?? null;
  const a = positional(c, "last");
  return a.length > 0 ? (a[a.length - 1] as Value) : null;
}

function butlast(c: Value): Value {
  if (c instanceof Vec) return c.count <= 1 ? null : c.slice(0, c.count - 1);
  const a = positional(c, "butlast");
  return a.length <= 1 ? null : Vec.of(a.slice(0, -1));
}

function nthnext(c: Value, n: Value): Value {
  const r = drop(n, c, "nthnext");
  return r.count === 0 ? null : r;
}

function takeLast(n: Value, c: Value): Value {
  const k = intArg(n, "take-last");
  const v = asVec(c, "take-last");
  return k <= 0 || v.count === 0 ? null : v.slice(v.count - k);
}

function dropLast(a: Value, b?: Value): Vec {
  const k = b === undefined ? 1 : intArg(a, "drop-last");
  const v = asVec(b === undefined ? a : b, "drop-last");
  return k <= 0 ? v : v.slice(0, v.count - k);
}

function peek(c: Value): Value {
  const v = stackEnd(c, "peek");
  return v === null || v.count === 0 ? null : (v.at(v.count - 1) as Value);
}

function pop(c: Value): Value {
  const v = stackEnd(c, "pop");
  return v === null || v.count === 0 ? null : v.slice(0, v.count - 1);
}

function reverse(c: Value): Vec {
  const a = positional(c, "reverse").slice();
  budget(a.length);
  return Vec.of(a.reverse());
}

function interpose(sep: Value, c: Value): Vec {
  const a = positional(c, "interpose");
  budget(a.length * 2);
  const out: Value[] = [];
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out.push(sep);
    out.push(a[i] as Value);
  }
  return Vec.of(out);
}

function flatten(c: Value): Vec {
  const out: Value[] = [];
  if (c instanceof Vec) flattenInto(c, out);
  run().tick(out.length);
  return vecOf(out);
}

const DEFS: BuiltinDef[] = [
  { name: "first", arity: [1, 1], doc: "(first coll) — first item or nil", fn: first },
  { name: "second", arity: [1, 1], doc: "(second coll) — second item or nil", fn: second },
  { name: "last", arity: [1, 1], doc: "(last coll) — last item or nil", fn: last },
  { name: "rest", arity: [1, 1], doc: "(rest coll) — all but the first, [] when none", fn: (c) => restOf(c, "rest") },
  { name: "next", arity: [1, 1], doc: "(next coll) — all but the first, nil when none", fn: (c) => nextOf(c) },
  { name: "butlast", arity: [1, 1], doc: "(butlast coll) — all but the last, nil when none", fn: butlast },
  { name: "ffirst", arity: [1, 1], doc: "(ffirst coll) — (first (first coll))", fn: (c) => first(first(c)) },
  { name: "fnext", arity: [1, 1], doc: "(fnext coll) — (first (next coll))", fn: (c) => first(nextOf(c, "fnext")) },
  { name: "nfirst", arity: [1, 1], doc: "(nfirst coll) — (next (first coll))", fn: (c) => nextOf(first(c), "nfirst") },
  {
    name: "nnext",
    arity: [1, 1],
    doc: "(nnext coll) — (next (next coll))",
    fn: (c) => nextOf(nextOf(c, "nnext"), "nnext"),
  },
  {
    name: "nth",
    arity: [2, 3],
    doc: "(nth coll i) (nth coll i default) — item at index i; nil (or default) when out of range",
    fn: (c, i, d) => nth(c, i, d === undefined ? null : d),
  },
  { name: "take", arity: [2, 2], doc: "(take n coll) — first n items", fn: take },
  { name: "drop", arity: [2, 2], doc: "(drop n coll) — all but the first n items", fn: (n, c) => drop(n, c) },
  { name: "nthrest", arity: [2, 2], doc: "(nthrest coll n) — (drop n coll)", fn: (c, n) => drop(n, c, "nthrest") },
  { name: "nthnext", arity: [2, 2], doc: "(nthnext coll n) — (drop n coll), nil when empty", fn: nthnext },
  { name: "take-last", arity: [2, 2], doc: "(take-last n coll) — last n items, nil when none", fn: takeLast },
  {
    name: "drop-last",
    arity: [1, 2],
    doc: "(drop-last coll) (drop-last n coll) — all but the last n (default 1)",
    fn: (a, b) => dropLast(a, b),
  },
  {
    name: "split-at",
    arity: [2, 2],
    doc: "(split-at n coll) — [(take n coll) (drop n coll)]",
    fn: (n, c) => Vec.of([take(n, c), drop(n, c, "split-at")]),
  },
  {
    name: "partition",
    arity: [2, 4],
    doc: "(partition n coll) (partition n step coll) (partition n step pad coll) — groups of n; short tail dropped unless padded",
    fn: (...xs) => partition("partition", false, xs),
  },
  {
    name: "partition-all",
    arity: [2, 3],
    doc: "(partition-all n coll) (partition-all n step coll) — groups of n, short tail kept",
    fn: (...xs) => partition("partition-all", true, xs),
  },
  { name: "peek", arity: [1, 1], doc: "(peek v) — last item of a vector, nil when empty", fn: peek },
  { name: "pop", arity: [1, 1], doc: "(pop v) — vector without its last item; nil when empty", fn: pop },
  {
    name: "subvec",
    arity: [2, 3],
    doc: "(subvec v start) (subvec v start end) — slice, clamped to the vector",
    fn: (v, s, e) => subvec(v, s, e),
  },
  { name: "reverse", arity: [1, 1], doc: "(reverse coll) — items in reverse order", fn: reverse },
  {
    name: "sort",
    arity: [1, 2],
    doc: "(sort coll) (sort comp coll) — stable sort; comp may be :asc, :desc, a comparator or a predicate like >",
    fn: sort,
  },
  {
    name: "sort-by",
    arity: [2, 3],
    doc: "(sort-by key coll) (sort-by key comp coll) — stable sort by (key x); key may be a keyword, string or fn",
    fn: sortBy,
  },
  {
    name: "distinct",
    arity: [1, 1],
    doc: "(distinct coll) — items without duplicates, first occurrence kept",
    fn: distinct,
  },
  { name: "dedupe", arity: [1, 1], doc: "(dedupe coll) — drops consecutive duplicates", fn: dedupe },
  { name: "interpose", arity: [2, 2], doc: "(interpose sep coll) — items separated by sep", fn: interpose },
  {
    name: "interleave",
    arity: [0, Infinity],
    doc: "(interleave c1 c2 ...) — first items of each, then second items..., to the shortest",
    fn: interleave,
  },
  {
    name: "flatten",
    arity: [1, 1],
    doc: "(flatten coll) — nested vectors flattened; maps, sets and strings stay whole",
    fn: flatten,
  },
];

/** The positional / slicing family. */
export const SUBSEQS = family("subseqs", DEFS);
