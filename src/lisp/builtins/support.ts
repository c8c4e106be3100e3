/**
 * Helpers shared by the builtin families: argument coercions with uniform error messages, the
 * key-function rule of the aggregators (spec §7.5), sequence views with the positional-operation
 * restrictions (DIV-29), and budget accounting for functions that build collections.
 */

import { get, mapLookup, seqArray, toFn, typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { Keyword, LFloat, type LFn, PMap, PSet, Vec, type Value } from "../values/index.ts";

/** Rough bytes one element slot of a built collection costs; used for `run().charge`. */
export const SLOT_BYTES = 8;

/** Hard cap on one built collection, whatever the configured memory budget. */
const MAX_ELEMENTS = 50_000_000;

/** Accounts for a builder that produces `n` elements: fuel for the loop and memory for the slots. */
export function budget(n: number): void {
  if (n > MAX_ELEMENTS) {
    throw new LispError(
      "memory_exceeded",
      `a collection of ${n} elements is too large`,
      null,
      "work on smaller slices (take, filter first)",
    );
  }
  const r = run();
  r.tick(n);
  r.charge(n * SLOT_BYTES);
}

/**
 * A whole-number argument (count, index, step) as a JS number. Floats truncate toward zero
 * (GAP-S79); bigints clamp to the safe range, which is out of range for every collection.
 * Throws `type_error` for anything that is not a finite number.
 */
export function intArg(x: Value, who: string, what = "an integer"): number {
  if (typeof x === "number") {
    if (Number.isInteger(x)) return x;
    if (Number.isFinite(x)) return Math.trunc(x);
  } else if (typeof x === "bigint") {
    return x > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  } else if (x instanceof LFloat && Number.isFinite(x.v)) {
    return x.v + 0;
  }
  throw typeError(who, what, x);
}

/**
 * A keyword accessor specialised for the one-argument call made inside sequence functions;
 * same answer as `(:k x)` with flexible map keys (spec §7.5).
 */
export function keywordAccessor(k: Keyword | string): (x: Value) => Value {
  return (x: Value) => {
    if (x instanceof PMap) {
      const v = mapLookup(x, k);
      return v === undefined ? null : v;
    }
    return get(x, k);
  };
}

/**
 * The function behind a predicate or mapping argument (`filter`, `map`, `some`...): keywords
 * become fast field accessors, everything else goes through `toFn` (maps and sets are lookups,
 * other values raise `not_callable`).
 */
export function callable(f: Value, who: string): LFn {
  if (f instanceof Keyword) return keywordAccessor(f) as LFn;
  return toFn(f, who);
}

/**
 * The key function of `sort-by`, `group-by`, `sum-by`, `distinct-by`... (spec §7.5): a keyword or
 * string reads that field with flexible matching, a vector is a `get-in` path, anything callable
 * is called with the item.
 */
export function keyFn(k: Value, who: string): (x: Value) => Value {
  if (k instanceof Keyword || typeof k === "string") return keywordAccessor(k);
  if (k instanceof Vec) {
    const path = k.toArray();
    return (x: Value) => getIn(x, path);
  }
  if (typeof k === "function") return k as LFn;
  if (k instanceof PMap || k instanceof PSet) return toFn(k, who);
  throw typeError(who, "a keyword, string, path vector or function as key", k);
}

/** `(get-in x path)` without a default: nil as soon as a step is missing. */
export function getIn(x: Value, path: readonly Value[]): Value {
  let cur: Value = x;
  for (let i = 0; i < path.length; i++) {
    if (cur === null) return null;
    cur = get(cur, path[i] as Value);
  }
  return cur;
}

/**
 * The elements of a collection for a *positional* operation (`first`, `rest`, `last`, `nth`,
 * `reverse`...): maps are rejected (DIV-29) and so are sets, which have no order (spec §3.9).
 */
export function positional(v: Value, who: string): readonly Value[] {
  if (v instanceof Vec) return v.toArray();
  if (v instanceof PMap) {
    throw new LispError(
      "type_error",
      `${who} expected an ordered collection, got map`,
      null,
      `maps are unordered: use (${who} (seq m)), (keys m) or (vals m)`,
    );
  }
  if (v instanceof PSet) {
    throw new LispError(
      "type_error",
      `${who} expected an ordered collection, got set`,
      null,
      `sets are unordered: use (${who} (sort s)) or (${who} (vec s))`,
    );
  }
  return seqArray(v, who);
}

/** The elements of any seqable value (nil, vector, set, map entries sorted by key, string graphemes). */
export function items(v: Value, who: string): readonly Value[] {
  return v instanceof Vec ? v.toArray() : seqArray(v, who);
}

/** Wraps a fresh array as a vector, charging its slots to the memory budget. */
export function vecOf(arr: Value[]): Vec {
  if (arr.length > 64) run().charge(arr.length * SLOT_BYTES);
  return Vec.of(arr);
}

/**
 * A JS comparator from a program's comparator: numbers count by sign, a boolean answer means
 * "a before b" (so `>` works). Keywords other than :asc/:desc are refused with a sort-by hint.
 */
export function comparatorFn(c: Value, who: string): (a: Value, b: Value) => number {
  if (c instanceof Keyword) {
    throw new LispError(
      "type_error",
      `${who} expected :asc, :desc or a comparator function, got keyword: :${c.name}`,
      null,
      who === "sort" ? `to sort by a field use (sort-by :${c.name} coll)` : undefined,
    );
  }
  const f = toFn(c, who);
  return (a: Value, b: Value) => {
    const r = f(a, b);
    if (typeof r === "number") return r < 0 ? -1 : r > 0 ? 1 : 0;
    if (typeof r === "bigint") return r < 0n ? -1 : 1;
    if (r instanceof LFloat) return r.v < 0 ? -1 : r.v > 0 ? 1 : 0;
    if (r === null || typeof r === "boolean") {
      // A predicate comparator such as `>`: "a before b", else "b before a", else a tie.
      if (r === true) return -1;
      const back = f(b, a);
      return back !== null && back !== false ? 1 : 0;
    }
    throw typeError(who, "a comparator returning a number or boolean", r);
  };
}
