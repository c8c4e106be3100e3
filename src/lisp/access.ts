/**
 * Shared helpers every builtin family uses: type names for messages, flexible key lookup
 * (spec §7.5), sequence views of collections, and turning callable values into JS functions.
 */

import { LispError } from "./errors.ts";
import {
  HostValue,
  Keyword,
  LFloat,
  type LFn,
  LRegex,
  PMap,
  PSet,
  Sym,
  Var,
  Vec,
  sortedEntries,
  type Value,
} from "./values/index.ts";

/** The PTC type name of a value, as used in error messages and `(type x)`. */
export function typeName(v: Value): string {
  if (v === null) return "nil";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(v) ? "integer" : "float";
    case "bigint":
      return "integer";
    case "string":
      return "string";
    case "function":
      return "function";
  }
  if (v instanceof LFloat) return "float";
  if (v instanceof Keyword) return "keyword";
  if (v instanceof Vec) return "vector";
  if (v instanceof PMap) return "map";
  if (v instanceof PSet) return "set";
  if (v instanceof LRegex) return "regex";
  if (v instanceof Var) return "var";
  if (v instanceof Sym) return "symbol";
  if (v instanceof HostValue) return v.typeName;
  return "unknown";
}

/** A `type_error` naming the function, what it expected and what it got. */
export function typeError(fn: string, expected: string, got: Value): LispError {
  return new LispError("type_error", `${fn} expected ${expected}, got ${typeName(got)}${preview(got)}`);
}

function preview(v: Value): string {
  if (typeof v === "string") return `: ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return `: ${String(v)}`;
  if (v instanceof Keyword) return `: :${v.name}`;
  return "";
}

/**
 * Flexible map lookup (spec §7.5): the exact key first, then keyword↔string, then the same with
 * hyphens normalised to underscores. Returns `undefined` when nothing matches.
 */
export function mapLookup(m: PMap, k: Value): Value | undefined {
  let name: string;
  const o = m.record();
  if (o !== null) {
    // A record holds string keys only: a keyword finds an exact (keyword) key first, which only
    // an extended record's added entries can hold, then the record's own key of that name. Record
    // values are never functions (those are Object.prototype's); `__proto__` takes the general path.
    let s: string | null = null;
    if (k instanceof Keyword) {
      if (m.keywordKeys > 0) {
        const v = m.get(k);
        if (v !== undefined) return v;
      }
      s = k.name;
    } else if (typeof k === "string") s = k;
    if (s !== null && s !== "__proto__") {
      const v = o[s];
      if (v !== undefined && typeof v !== "function") return v as Value;
    }
  }
  if (k instanceof Keyword) {
    if (m.keywordKeys > 0) {
      const v = m.get(k);
      if (v !== undefined) return v;
    }
    name = k.name;
    if (m.keywordKeys < m.count) {
      const s = m.get(name);
      if (s !== undefined) return s;
    }
  } else if (typeof k === "string") {
    if (m.keywordKeys < m.count) {
      const v = m.get(k);
      if (v !== undefined) return v;
    }
    name = k;
    const kk = m.keywordKeys > 0 ? Keyword.find(name) : undefined;
    if (kk !== undefined) {
      const s = m.get(kk);
      if (s !== undefined) return s;
    }
  } else {
    return m.get(k);
  }
  if (name.includes("-")) {
    const norm = name.replaceAll("-", "_");
    const s = m.get(norm);
    if (s !== undefined) return s;
    const kk = Keyword.find(norm);
    if (kk !== undefined) return m.get(kk);
  }
  return undefined;
}

/**
 * `(get coll k)` without a default: maps (flexible keys), vectors and strings by index, sets by
 * membership; `undefined` when absent or when `coll` is not associative.
 */
export function lookup(coll: Value, k: Value): Value | undefined {
  if (coll instanceof PMap) return mapLookup(coll, k);
  if (coll instanceof Vec) return typeof k === "number" && Number.isInteger(k) ? coll.at(k) : undefined;
  if (coll instanceof PSet) return coll.get(k);
  if (typeof coll === "string" && typeof k === "number" && Number.isInteger(k)) {
    const g = graphemes(coll);
    return k >= 0 && k < g.length ? (g[k] as string) : undefined;
  }
  return undefined;
}

/** `(get coll k default)`. */
export function get(coll: Value, k: Value, notFound: Value = null): Value {
  const v = lookup(coll, k);
  return v === undefined ? notFound : v;
}

/** Splits a string into user-perceived characters (graphemes), ASCII fast path. */
export function graphemes(s: string): string[] {
  if (/^[\x00-\x7f]*$/.test(s)) return s.split("");
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}
/** Built on first use: creating one costs milliseconds, and most programs never need it. */
let segmenter: Intl.Segmenter | undefined;

/**
 * The elements of a collection as a read-only array, for sequence functions: nil → [],
 * vector → its elements, set → its members, map → `[k v]` entries sorted by key (DIV-38),
 * string → graphemes. Throws a `type_error` for anything else.
 */
export function seqArray(v: Value, fn = "seq"): readonly Value[] {
  if (v instanceof Vec) return v.toArray();
  if (v === null) return EMPTY;
  if (v instanceof PMap) return sortedEntries(v).map(([k, x]) => Vec.of([k, x]));
  if (v instanceof PSet) return v.toArray();
  if (typeof v === "string") return graphemes(v);
  throw typeError(fn, "a collection", v);
}
const EMPTY: readonly Value[] = Object.freeze([]);

/** True for values `seqArray` accepts. */
export function isSeqable(v: Value): boolean {
  return v === null || v instanceof Vec || v instanceof PMap || v instanceof PSet || typeof v === "string";
}

/**
 * The JS function behind a callable value: functions themselves; keywords, maps and sets as
 * lookups (spec §3.6, §3.8, §3.9); vectors as index lookups, `([10 20] 1)` is 20 (GAP-S13), nil
 * when the index is out of range as with `nth` (DIV-26). Throws `not_callable` for anything else.
 */
export function toFn(f: Value, who = "call"): LFn {
  if (typeof f === "function") return f as LFn;
  if (f instanceof Keyword) return keywordFn(f);
  if (f instanceof PMap) return ((k: Value, d: Value = null) => get(f, k, d)) as LFn;
  if (f instanceof PSet) return ((x: Value) => f.get(x) ?? null) as LFn;
  if (f instanceof Vec) return ((i: Value) => vectorAt(f, i)) as LFn;
  throw new LispError("not_callable", `${who}: ${typeName(f)} is not a function`);
}

/** `(v i)`: element `i` of a vector, nil when out of range; `type_error` for a non-integer index. */
export function vectorAt(v: Vec, i: Value): Value {
  if (typeof i === "number" && Number.isInteger(i)) return v.at(i) ?? null;
  if (typeof i === "bigint") return null;
  throw new LispError("type_error", `vector used as a function expected an integer index, got ${typeName(i)}`);
}

const kwFns = new WeakMap<Keyword, LFn>();
function keywordFn(k: Keyword): LFn {
  let f = kwFns.get(k);
  if (f === undefined) {
    f = ((m: Value, d: Value = null) => get(m, k, d)) as LFn;
    kwFns.set(k, f);
  }
  return f;
}

/** Calls any callable value with the given arguments. */
export function invoke(f: Value, args: readonly Value[]): Value {
  return toFn(f)(...args);
}
