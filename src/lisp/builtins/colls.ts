/**
 * Building and converting collections (spec §8.1 Combining/Conversion/Sequence Generation):
 * `count`, `empty?`, `seq`, `vec`, `set`, `conj`, `cons`, `concat`, `into`, `range`, `repeat`...
 * There are no lists: `list` builds a vector and `conj` appends (DIV-25). Builders charge the
 * memory budget so a runaway `range` or `concat` hits the limit instead of the host heap.
 */

import { graphemes, typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { compareNumbers, PMap, PSet, type Value, Vec } from "../values/index.ts";
import { conjMap } from "./maps.ts";
import { add, num } from "./num.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, intArg, items, SLOT_BYTES, vecOf } from "./support.ts";

const ASCII = /^[\x00-\x7f]*$/;

function count(c: Value): number {
  if (c instanceof Vec) return c.count;
  if (c === null) return 0;
  if (typeof c === "string") return ASCII.test(c) ? c.length : graphemes(c).length;
  if (c instanceof PMap || c instanceof PSet) return c.count;
  throw typeError("count", "a collection or string", c);
}

function isEmpty(c: Value, who: string): boolean {
  if (c === null) return true;
  if (typeof c === "string") return c.length === 0;
  if (c instanceof Vec || c instanceof PMap || c instanceof PSet) return c.count === 0;
  throw typeError(who, "a collection or string", c);
}

function seq(c: Value): Value {
  if (c instanceof Vec) return c.count === 0 ? null : c;
  const a = items(c, "seq");
  return a.length === 0 ? null : Vec.of(a.slice());
}

function cons(x: Value, c: Value): Vec {
  const a = items(c, "cons");
  budget(a.length + 1);
  return Vec.of([x, ...a]);
}

/**
 * Adds `xs[start..]` to `coll` one at a time, as `conj` does: appended to a vector (nil counts as
 * an empty vector), added to a set, or merged into a map as `[k v]` entries or maps. Vec.conj
 * appends in place when it can, so conj in a reduce stays linear overall.
 */
function pour(coll: Value, xs: readonly Value[], start: number, who: string, expected: string): Value {
  if (coll === null || coll instanceof Vec) {
    let v = coll === null ? Vec.EMPTY : coll;
    // `xs` may be the very array `v` appends to in place (`(into x x)`): stop at its length now,
    // or the loop would chase its own appends forever.
    const end = xs.length;
    for (let i = start; i < end; i++) v = v.conj(xs[i] as Value);
    return v;
  }
  if (coll instanceof PSet) {
    let s = coll;
    for (let i = start; i < xs.length; i++) s = s.conj(xs[i] as Value);
    return s;
  }
  if (coll instanceof PMap) {
    let m = coll;
    for (let i = start; i < xs.length; i++) m = conjMap(m, xs[i] as Value, who);
    return m;
  }
  throw typeError(who, expected, coll);
}

function conj(...args: Value[]): Value {
  if (args.length === 0) return Vec.EMPTY;
  run().charge((args.length - 1) * SLOT_BYTES);
  return pour(args[0] as Value, args, 1, "conj", "a collection");
}

function into(...args: Value[]): Value {
  if (args.length === 0) return Vec.EMPTY;
  const to = args[0] as Value;
  if (args.length === 1) return to;
  const from = items(args[1] as Value, "into");
  budget(from.length);
  // Pouring into an empty vector or set builds it in one go.
  if (to === null || (to instanceof Vec && to.count === 0)) return Vec.of(from.slice());
  if (to instanceof PSet && to.count === 0) return PSet.from(from);
  return pour(to, from, 0, "into", "a collection to pour into");
}

function concat(...cs: Value[]): Vec {
  if (cs.length === 1 && cs[0] instanceof Vec) return cs[0];
  const out: Value[] = [];
  for (const c of cs) {
    const a = items(c, "concat");
    for (let i = 0; i < a.length; i++) out.push(a[i] as Value);
  }
  budget(out.length);
  return Vec.of(out);
}

const RANGE_HINT = "ranges must be finite: pass an end, e.g. (range 10) or (range 0 100 5)";

function range(...args: Value[]): Vec {
  if (args.length === 0)
    throw new LispError("runtime_error", "range needs an end: infinite (range) is not supported", null, RANGE_HINT);
  const start = args.length === 1 ? 0 : num(args[0] as Value, "range");
  const end = num(args[args.length === 1 ? 0 : 1] as Value, "range");
  const step = args.length === 3 ? num(args[2] as Value, "range") : 1;
  if (
    typeof start === "number" &&
    typeof end === "number" &&
    typeof step === "number" &&
    Number.isInteger(start) &&
    Number.isInteger(step)
  ) {
    if (step === 0) return zeroStep(start === end);
    // NaN bounds compare false with everything, so the range is empty (as in Clojure).
    if (Number.isNaN(end)) return Vec.EMPTY;
    const n = Math.max(0, Math.ceil((end - start) / step));
    budget(n);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = start + i * step;
    return Vec.of(out);
  }
  // Mixed, float or bigint bounds: repeated addition, as Clojure does, so floats accumulate alike.
  const dir = compareNumbers(step, 0);
  if (dir === 0) return zeroStep(compareNumbers(start, end) === 0);
  const out: Value[] = [];
  let x: Value = start;
  const r = run();
  while (compareNumbers(x as number, end) * dir < 0) {
    out.push(x);
    if ((out.length & 1023) === 0) {
      r.tick(1024);
      r.charge(1024 * SLOT_BYTES);
    }
    const next = add(x, step, "range");
    if (compareNumbers(next as number, x as number) === 0) return zeroStep(false);
    x = next;
  }
  return Vec.of(out);
}

function zeroStep(empty: boolean): Vec {
  if (empty) return Vec.EMPTY;
  throw new LispError("runtime_error", "range with step 0 never ends", null, RANGE_HINT);
}

function repeat(...args: Value[]): Vec {
  if (args.length === 1) {
    throw new LispError(
      "runtime_error",
      "repeat needs a count: infinite (repeat x) is not supported",
      null,
      "use (repeat n x)",
    );
  }
  const n = Math.max(0, intArg(args[0] as Value, "repeat"));
  budget(n);
  return Vec.of(new Array<Value>(n).fill(args[1] as Value));
}

function combinations(c: Value, k: Value): Vec {
  const a = items(c, "combinations");
  const n = intArg(k, "combinations");
  if (n < 0 || n > a.length) return Vec.EMPTY;
  const out: Value[] = [];
  const idx = Array.from({ length: n }, (_, i) => i);
  const r = run();
  for (;;) {
    out.push(Vec.of(idx.map((i) => a[i] as Value)));
    r.tick(n + 1);
    r.charge((n + 4) * SLOT_BYTES);
    let i = n - 1;
    while (i >= 0 && idx[i] === a.length - n + i) i--;
    if (i < 0) break;
    idx[i] = (idx[i] as number) + 1;
    for (let j = i + 1; j < n; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
  return Vec.of(out);
}

function empty(c: Value): Value {
  if (c instanceof Vec) return Vec.EMPTY;
  if (c instanceof PMap) return PMap.empty();
  if (c instanceof PSet) return PSet.empty();
  return null;
}

function disj(s: Value, ...xs: Value[]): Value {
  if (s === null) return null;
  if (!(s instanceof PSet)) throw typeError("disj", "a set", s);
  let out = s;
  for (const x of xs) out = out.disj(x);
  return out;
}

function zip(a: Value, b: Value): Vec {
  const xs = items(a, "zip");
  const ys = items(b, "zip");
  const n = Math.min(xs.length, ys.length);
  budget(n * 3);
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = Vec.of([xs[i] as Value, ys[i] as Value]);
  return Vec.of(out);
}

const DEFS: BuiltinDef[] = [
  { name: "count", arity: [1, 1], doc: "(count coll) — number of items; characters for strings; 0 for nil", fn: count },
  {
    name: "empty?",
    arity: [1, 1],
    doc: "(empty? coll) — true for nil or an empty collection/string",
    fn: (c) => isEmpty(c, "empty?"),
  },
  {
    name: "not-empty",
    arity: [1, 1],
    doc: "(not-empty coll) — coll, or nil when empty",
    fn: (c) => (isEmpty(c, "not-empty") ? null : c),
  },
  { name: "empty", arity: [1, 1], doc: "(empty coll) — empty collection of the same kind; nil otherwise", fn: empty },
  {
    name: "seq",
    arity: [1, 1],
    doc: "(seq coll) — items as a vector (map entries sorted by key, string characters), nil when empty",
    fn: seq,
  },
  {
    name: "vec",
    arity: [1, 1],
    doc: "(vec coll) — items as a vector",
    fn: (c) => (c instanceof Vec ? c : vecOf(items(c, "vec").slice())),
  },
  { name: "vector", arity: [0, Infinity], doc: "(vector x ...) — vector of the arguments", fn: (...xs) => Vec.of(xs) },
  {
    name: "list",
    arity: [0, Infinity],
    doc: "(list x ...) — vector of the arguments (there are no lists)",
    fn: (...xs) => Vec.of(xs),
  },
  {
    name: "set",
    arity: [1, 1],
    doc: "(set coll) — set of the items",
    fn: (c) => (c instanceof PSet ? c : PSet.from(items(c, "set"))),
  },
  {
    name: "hash-set",
    arity: [0, Infinity],
    doc: "(hash-set x ...) — set of the arguments",
    fn: (...xs) => PSet.from(xs),
  },
  { name: "disj", arity: [1, Infinity], doc: "(disj set x ...) — set without the xs", fn: disj },
  { name: "cons", arity: [2, 2], doc: "(cons x coll) — vector of x followed by coll's items", fn: cons },
  {
    name: "conj",
    arity: [0, Infinity],
    doc: "(conj coll x ...) — add to the end of a vector, to a set, or [k v] to a map; nil acts as []",
    fn: conj,
  },
  { name: "concat", arity: [0, Infinity], doc: "(concat c1 c2 ...) — one vector of all items", fn: concat },
  { name: "into", arity: [0, 2], doc: "(into to from) — conj every item of from onto to", fn: into },
  {
    name: "range",
    arity: [0, 3],
    doc: "(range end) (range start end) (range start end step) — finite numbers from start (0) below end",
    fn: range,
  },
  { name: "repeat", arity: [1, 2], doc: "(repeat n x) — vector of n copies of x", fn: repeat },
  { name: "zip", arity: [2, 2], doc: "(zip c1 c2) — vector of [a b] pairs, to the shorter", fn: zip },
  {
    name: "combinations",
    arity: [2, 2],
    doc: "(combinations coll n) — every n-item subset, in order",
    fn: combinations,
  },
];

/** The collection-building family. */
export const COLLS = family("colls", DEFS);
