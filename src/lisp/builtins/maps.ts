/**
 * Map operations (spec §8.2): lookup with flexible keyword/string keys (spec §7.5, DIV-47),
 * persistent updates on maps and vectors, merging, and key-sorted views (DIV-38). A nil map acts
 * as an empty one. Updates that read through a flexible match write back to the key actually
 * stored, so `(update json :count inc)` changes `"count"` instead of adding `:count`.
 */

import { get, lookup, mapLookup, toFn, typeError, typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { equals, Keyword, PMap, PSet, sortedEntries, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, getIn, items } from "./support.ts";

/** The key stored in `m` that `k` flexibly matches (exact first), or `undefined`. */
export function storedKey(m: PMap, k: Value): Value | undefined {
  const e = m.getEntry(k);
  if (e !== undefined) return e[0];
  let name: string;
  if (k instanceof Keyword) {
    name = k.name;
    if (m.has(name)) return name;
  } else if (typeof k === "string") {
    name = k;
    const kk = Keyword.find(k);
    if (kk !== undefined && m.has(kk)) return kk;
  } else return undefined;
  if (!name.includes("-")) return undefined;
  const norm = name.replaceAll("-", "_");
  if (m.has(norm)) return norm;
  const nk = Keyword.find(norm);
  return nk !== undefined && m.has(nk) ? nk : undefined;
}

/** Adds `x` to map `m` as `conj` does: a `[k v]` pair, a whole map, or nothing for nil. */
export function conjMap(m: PMap, x: Value, who: string): PMap {
  if (x instanceof Vec && x.count === 2) return m.assoc(x.at(0) as Value, x.at(1) as Value);
  if (x instanceof PMap) {
    let out = m;
    for (const [k, v] of x.entries()) out = out.assoc(k, v);
    return out;
  }
  if (x === null) return m;
  throw typeError(who, "a [key value] pair or map to add to a map", x);
}

function assoc1(coll: Value, k: Value, v: Value, who: string): Value {
  if (coll instanceof PMap) return coll.assoc(k, v);
  if (coll === null) return PMap.fromPairs([[k, v]]);
  if (coll instanceof Vec) {
    if (typeof k === "number" && Number.isInteger(k) && k >= 0 && k <= coll.count) return coll.assocN(k, v);
    throw new LispError(
      "runtime_error",
      `${who}: index ${typeof k === "number" ? k : typeName(k)} is out of bounds for a vector of ${coll.count}`,
    );
  }
  throw typeError(who, "a map, vector or nil", coll);
}

function assoc(coll: Value, ...kvs: Value[]): Value {
  if (kvs.length % 2 !== 0)
    throw new LispError("arity_error", "assoc expects key/value pairs after the map, got an odd number of arguments");
  let out = coll;
  for (let i = 0; i < kvs.length; i += 2) out = assoc1(out, kvs[i] as Value, kvs[i + 1] as Value, "assoc");
  return out;
}

/** The key under which a nested step is written back: the flexibly matched stored key if any. */
function writeKey(coll: Value, k: Value): Value {
  if (coll instanceof PMap) {
    const s = storedKey(coll, k);
    return s === undefined ? k : s;
  }
  return k;
}

function pathOf(p: Value, who: string): readonly Value[] {
  if (p === null) return [null];
  const a = items(p, who);
  return a.length === 0 ? [null] : a;
}

function assocIn(coll: Value, path: readonly Value[], i: number, v: Value): Value {
  const k = path[i] as Value;
  if (i === path.length - 1) return assoc1(coll, k, v, "assoc-in");
  if (coll !== null && !(coll instanceof PMap) && !(coll instanceof Vec))
    throw typeError("assoc-in", "nested maps or vectors along the path", coll);
  const inner = coll === null ? null : get(coll, k);
  return assoc1(coll, writeKey(coll, k), assocIn(inner, path, i + 1, v), "assoc-in");
}

function updateIn(coll: Value, path: readonly Value[], i: number, f: (old: Value) => Value): Value {
  const k = path[i] as Value;
  if (coll !== null && !(coll instanceof PMap) && !(coll instanceof Vec))
    throw typeError("update-in", "nested maps or vectors along the path", coll);
  const old = coll === null ? null : get(coll, k);
  const next = i === path.length - 1 ? f(old) : updateIn(old, path, i + 1, f);
  return assoc1(coll, writeKey(coll, k), next, "update-in");
}

function updater(f: Value, extra: Value[], who: string): (old: Value) => Value {
  const fn = toFn(f, who);
  return extra.length === 0 ? (old) => fn(old) : (old) => fn(old, ...extra);
}

function dissoc(m: Value, ...ks: Value[]): Value {
  if (m === null) return null;
  if (!(m instanceof PMap)) throw typeError("dissoc", "a map", m);
  let out = m;
  for (const k of ks) {
    const s = storedKey(out, k);
    if (s !== undefined) out = out.dissoc(s);
  }
  return out;
}

function merge(...ms: Value[]): Value {
  let acc: Value = null;
  let any = false;
  for (const m of ms) {
    if (m === null || m === false) continue;
    if (!any) {
      acc = m;
      any = true;
      continue;
    }
    if (acc instanceof PMap) acc = conjMap(acc, m, "merge");
    else if (acc instanceof Vec) acc = acc.conj(m);
    else throw typeError("merge", "maps", acc);
  }
  return acc;
}

function mergeWith(f: Value, ...ms: Value[]): Value {
  const fn = toFn(f, "merge-with");
  let acc: Value = null;
  for (const m of ms) {
    if (m === null) continue;
    // Like Clojure, a lone collection comes back as it is; only merging needs maps.
    if (acc === null) {
      acc = m;
      continue;
    }
    if (!(acc instanceof PMap)) throw typeError("merge-with", "maps", acc);
    if (!(m instanceof PMap)) throw typeError("merge-with", "maps", m);
    let out: PMap = acc;
    for (const [k, v] of m.entries()) {
      const e = out.getEntry(k);
      out = out.assoc(k, e === undefined ? v : fn(e[1], v));
    }
    acc = out;
  }
  return acc;
}

function selectKeys(m: Value, ks: Value): PMap {
  const keys = items(ks, "select-keys");
  const pairs: [Value, Value][] = [];
  for (const k of keys) {
    const v = m === null ? undefined : lookup(m, k);
    if (v !== undefined) pairs.push([k, v]);
  }
  return PMap.fromPairs(pairs);
}

function mapArg(m: Value, who: string): PMap | null {
  if (m === null || m instanceof PMap) return m;
  throw typeError(who, "a map", m);
}

function entriesOf(m: Value, who: string): [Value, Value][] {
  if (m instanceof Vec) return m.toArray().map((x, i) => [i, x] as [Value, Value]);
  const mm = mapArg(m, who);
  return mm === null ? [] : sortedEntries(mm);
}

function contains(c: Value, k: Value): boolean {
  if (c instanceof PMap) return mapLookup(c, k) !== undefined;
  if (c instanceof PSet) return c.has(k);
  if (c instanceof Vec) {
    const a = c.toArray();
    for (let i = 0; i < a.length; i++) if (equals(a[i] as Value, k)) return true;
    return false;
  }
  if (c === null) return false;
  if (typeof c === "string") return typeof k === "number" && Number.isInteger(k) && lookup(c, k) !== undefined;
  throw typeError("contains?", "a map, set, vector or string", c);
}

function find(c: Value, k: Value): Value {
  if (c === null) return null;
  if (c instanceof PMap || c instanceof Vec) {
    const v = lookup(c, k);
    return v === undefined ? null : Vec.of([k, v]);
  }
  throw typeError("find", "a map or vector (find is key lookup, not search: use (first (filter pred coll)))", c);
}

function pair(e: Value, who: string, i: 0 | 1): Value {
  if (e instanceof Vec && e.count === 2) return e.at(i) as Value;
  throw typeError(who, "a [key value] entry", e);
}

function hashMap(...kvs: Value[]): PMap {
  if (kvs.length % 2 !== 0)
    throw new LispError("arity_error", "hash-map expects key/value pairs, got an odd number of arguments");
  return PMap.fromFlat(kvs);
}

function zipmap(ks: Value, vs: Value): PMap {
  const a = items(ks, "zipmap");
  const b = items(vs, "zipmap");
  const n = Math.min(a.length, b.length);
  budget(n);
  const pairs: [Value, Value][] = [];
  for (let i = 0; i < n; i++) pairs.push([a[i] as Value, b[i] as Value]);
  return PMap.fromPairs(pairs);
}

function updateAll(m: Value, f: Value, who: string, onKeys: boolean): PMap {
  const fn = toFn(f, who);
  const es = entriesOf(m, who);
  budget(es.length);
  return PMap.fromPairs(es.map(([k, v]) => (onKeys ? [fn(k), v] : [k, fn(v)])));
}

const DEFS: BuiltinDef[] = [
  {
    name: "get",
    arity: [2, 3],
    doc: "(get m k) (get m k default) — value at k (keyword/string keys match either way); vectors and strings by index",
    fn: (m, k, d) => get(m, k, d === undefined ? null : d),
  },
  {
    name: "get-in",
    arity: [2, 3],
    doc: "(get-in m path) (get-in m path default) — nested lookup; default only when a step is missing",
    fn: (m, p, d) => {
      if (d === undefined) return p === null ? m : getIn(m, items(p, "get-in"));
      let cur: Value | undefined = m;
      for (const k of p === null ? [] : items(p, "get-in")) {
        cur = cur === null ? undefined : lookup(cur, k);
        if (cur === undefined) return d;
      }
      return cur;
    },
  },
  {
    name: "assoc",
    arity: [3, Infinity],
    doc: "(assoc m k v ...) — map with k set to v; on vectors k is an index <= count",
    fn: assoc,
  },
  {
    name: "assoc-in",
    arity: [3, 3],
    doc: "(assoc-in m path v) — nested assoc, creating maps as needed",
    fn: (m, p, v) => assocIn(m, pathOf(p, "assoc-in"), 0, v),
  },
  {
    name: "update",
    arity: [3, Infinity],
    doc: "(update m k f args...) — k set to (f old args...)",
    fn: (m, k, f, ...xs) => updateIn(m, [k], 0, updater(f, xs, "update")),
  },
  {
    name: "update-in",
    arity: [3, Infinity],
    doc: "(update-in m path f args...) — nested update",
    fn: (m, p, f, ...xs) => updateIn(m, pathOf(p, "update-in"), 0, updater(f, xs, "update-in")),
  },
  { name: "dissoc", arity: [1, Infinity], doc: "(dissoc m k ...) — map without the keys", fn: dissoc },
  { name: "merge", arity: [0, Infinity], doc: "(merge m1 m2 ...) — later maps win; nil args are skipped", fn: merge },
  {
    name: "merge-with",
    arity: [1, Infinity],
    doc: "(merge-with f m1 m2 ...) — merge, combining clashing values with (f old new)",
    fn: mergeWith,
  },
  {
    name: "select-keys",
    arity: [2, 2],
    doc: "(select-keys m ks) — map of only the keys in ks that are present",
    fn: selectKeys,
  },
  {
    name: "keys",
    arity: [1, 1],
    doc: "(keys m) — keys sorted; nil for nil",
    fn: (m) => (m === null ? null : Vec.of(sortedEntries(mapArg(m, "keys") as PMap).map((e) => e[0]))),
  },
  {
    name: "vals",
    arity: [1, 1],
    doc: "(vals m) — values in key order; nil for nil",
    fn: (m) => (m === null ? null : Vec.of(sortedEntries(mapArg(m, "vals") as PMap).map((e) => e[1]))),
  },
  {
    name: "entries",
    arity: [1, 1],
    doc: "(entries m) — [k v] pairs sorted by key",
    fn: (m) => Vec.of(entriesOf(mapArg(m, "entries"), "entries").map((e) => Vec.of(e))),
  },
  {
    name: "contains?",
    arity: [2, 2],
    doc: "(contains? coll k) — key in a map, member of a set or vector",
    fn: contains,
  },
  { name: "find", arity: [2, 2], doc: "(find m k) — [k v] entry or nil; [i x] for a vector index", fn: find },
  {
    name: "hash-map",
    aliases: ["array-map"],
    arity: [0, Infinity],
    doc: "(hash-map k v ...) — map of the pairs",
    fn: hashMap,
  },
  { name: "zipmap", arity: [2, 2], doc: "(zipmap ks vs) — map pairing keys with values, to the shorter", fn: zipmap },
  {
    name: "update-vals",
    arity: [2, 2],
    doc: "(update-vals m f) — map with (f v) for every value",
    fn: (m, f) => updateAll(m, f, "update-vals", false),
  },
  {
    name: "update-keys",
    arity: [2, 2],
    doc: "(update-keys m f) — map with (f k) for every key",
    fn: (m, f) => updateAll(m, f, "update-keys", true),
  },
  {
    name: "reduce-kv",
    arity: [3, 3],
    doc: "(reduce-kv f init m) — fold over entries in key order with (f acc k v)",
    fn: (f, init, m) => {
      const fn = toFn(f, "reduce-kv");
      const es = entriesOf(m, "reduce-kv");
      run().tick(es.length);
      let acc = init;
      for (const [k, v] of es) acc = fn(acc, k, v);
      return acc;
    },
  },
  { name: "key", arity: [1, 1], doc: "(key entry) — key of a [k v] entry", fn: (e) => pair(e, "key", 0) },
  { name: "val", arity: [1, 1], doc: "(val entry) — value of a [k v] entry", fn: (e) => pair(e, "val", 1) },
];

/** The map family. */
export const MAPS = family("maps", DEFS);
