/**
 * Equality and ordering (spec §8.5, §11.3): `=` is structural and numeric-type independent
 * (DIV-32); `< > <= >=` are recoverable predicates over the total term order (DIV-30) that answer
 * false whenever NaN is involved; `compare` returns -1, 0 or 1.
 */

import { compareValues, equals, type Value } from "../values/index.ts";
import { isNaNValue } from "./num.ts";
import { type BuiltinDef, family } from "./registry.ts";

function allEqual(xs: Value[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!equals(xs[i - 1] as Value, xs[i] as Value)) return false;
  return true;
}

/** Builds a variadic pairwise ordering predicate from a test on `compareValues`'s answer. */
function ordered(test: (c: number) => boolean): (...xs: Value[]) => Value {
  return (...xs: Value[]) => {
    for (let i = 1; i < xs.length; i++) {
      const a = xs[i - 1] as Value;
      const b = xs[i] as Value;
      if (typeof a === "number" && typeof b === "number") {
        // NaN makes every JS comparison false, which is exactly the rule.
        if (!test(a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN)) return false;
        continue;
      }
      if (isNaNValue(a) || isNaNValue(b)) return false;
      if (!test(compareValues(a, b))) return false;
    }
    return true;
  };
}

/** The two-argument form of an ordering predicate: JS comparison for two plain numbers (NaN included), else `general`. */
function ordered2(
  general: (...xs: Value[]) => Value,
  test: (a: number, b: number) => boolean,
): (a: Value, b: Value) => Value {
  return (a, b) => (typeof a === "number" && typeof b === "number" ? test(a, b) : general(a, b));
}

const LT = ordered((c) => c < 0);
const GT = ordered((c) => c > 0);
const LE = ordered((c) => c <= 0);
const GE = ordered((c) => c >= 0);

function distinctArgs(...xs: Value[]): Value {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as Value;
    if (isNaNValue(x)) continue;
    for (let j = i + 1; j < xs.length; j++) if (equals(x, xs[j] as Value)) return false;
  }
  return true;
}

const DEFS: BuiltinDef[] = [
  {
    name: "=",
    arity: [1, Infinity],
    doc: "(= x y ...) — structural equality; 1 and 1.0 are equal",
    fn: (...xs) => allEqual(xs),
    fn2: (a, b) => equals(a, b),
  },
  { name: "==", arity: [1, Infinity], doc: "(== x y ...) — same as =", fn: (...xs) => allEqual(xs) },
  { name: "not=", arity: [1, Infinity], doc: "(not= x y ...) — (not (= x y ...))", fn: (...xs) => !allEqual(xs) },
  {
    name: "<",
    arity: [1, Infinity],
    doc: "(< x y ...) — strictly increasing; nil/strings use the term order, NaN is false",
    fn: LT,
    fn2: ordered2(LT, (a, b) => a < b),
  },
  {
    name: ">",
    arity: [1, Infinity],
    doc: "(> x y ...) — strictly decreasing",
    fn: GT,
    fn2: ordered2(GT, (a, b) => a > b),
  },
  {
    name: "<=",
    arity: [1, Infinity],
    doc: "(<= x y ...) — non-decreasing",
    fn: LE,
    fn2: ordered2(LE, (a, b) => a <= b),
  },
  {
    name: ">=",
    arity: [1, Infinity],
    doc: "(>= x y ...) — non-increasing",
    fn: GE,
    fn2: ordered2(GE, (a, b) => a >= b),
  },
  {
    name: "compare",
    arity: [2, 2],
    doc: "(compare x y) — -1, 0 or 1 in the total term order",
    fn: (a, b) => compareValues(a, b),
  },
  {
    name: "distinct?",
    arity: [1, Infinity],
    doc: "(distinct? x y ...) — true when no two arguments are equal",
    fn: distinctArgs,
  },
  { name: "identical?", arity: [2, 2], doc: "(identical? x y) — same object (or equal scalar)", fn: (a, b) => a === b },
];

/** The comparison family. */
export const COMPARE = family("compare", DEFS);
