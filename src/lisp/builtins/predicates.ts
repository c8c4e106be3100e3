/**
 * Type and value predicates (spec §8.7, §8.8) plus `not`, `boolean` and `type`. Numeric
 * predicates answer false for non-numbers instead of raising (DIV-31); `even?`/`odd?` accept whole
 * floats (GAP-S08); `NaN` satisfies no sign or parity predicate.
 */

import { graphemes } from "../access.ts";
import {
  HostValue,
  isFloat,
  isInt,
  isNumber,
  Keyword,
  LFloat,
  LRegex,
  PMap,
  PSet,
  truthy,
  type Value,
  Var,
  Vec,
} from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";

/** The float value of a number, or NaN for non-numbers (so every numeric test is false). */
function numericValue(x: Value): number {
  if (typeof x === "number") return x;
  if (x instanceof LFloat) return x.v;
  if (typeof x === "bigint") return x > 0n ? 1 : -1;
  return Number.NaN;
}

function parity(x: Value, wantEven: boolean): boolean {
  if (typeof x === "bigint") return (x % 2n === 0n) === wantEven;
  const v = numericValue(x);
  if (!Number.isInteger(v)) return false;
  return (v % 2 === 0) === wantEven;
}

function isChar(x: Value): boolean {
  if (typeof x !== "string" || x.length === 0) return false;
  if (x.length === 1) return true;
  return graphemes(x).length === 1;
}

function isMapColl(x: Value): boolean {
  return x instanceof PMap;
}

/** The `(type x)` keyword (DIV-28); nil has no type and answers nil. */
function typeOf(x: Value): Value {
  if (x === null) return null;
  if (isNumber(x)) return Keyword.of("number");
  switch (typeof x) {
    case "boolean":
      return Keyword.of("boolean");
    case "string":
      return Keyword.of("string");
    case "function":
      return Keyword.of("function");
  }
  if (x instanceof Keyword) return Keyword.of("keyword");
  if (x instanceof Vec) return Keyword.of("vector");
  if (x instanceof PMap) return Keyword.of("map");
  if (x instanceof PSet) return Keyword.of("set");
  if (x instanceof LRegex) return Keyword.of("regex");
  if (x instanceof Var) return Keyword.of("var");
  if (x instanceof HostValue) return Keyword.of(x.typeName);
  return Keyword.of("unknown");
}

type Pred = [name: string, doc: string, test: (x: Value) => boolean, aliases?: string[]];

const PREDS: Pred[] = [
  ["nil?", "x is nil", (x) => x === null],
  ["some?", "x is not nil", (x) => x !== null],
  ["true?", "x is exactly true", (x) => x === true],
  ["false?", "x is exactly false", (x) => x === false],
  ["boolean?", "x is true or false", (x) => typeof x === "boolean"],
  ["number?", "x is a number (NaN and infinities included)", isNumber],
  ["int?", "x is an integer", isInt, ["integer?"]],
  ["float?", "x is a float", isFloat, ["double?"]],
  ["rational?", "x is an integer (no ratios)", isInt],
  ["decimal?", "always false (no BigDecimal)", () => false],
  ["ratio?", "always false (no ratios)", () => false],
  ["string?", "x is a string (characters included)", (x) => typeof x === "string"],
  ["char?", "x is a one-character string", isChar],
  ["keyword?", "x is a keyword", (x) => x instanceof Keyword],
  ["symbol?", "always false (no symbol values)", () => false],
  ["map?", "x is a map", isMapColl],
  ["vector?", "x is a vector (lists are vectors)", (x) => x instanceof Vec],
  ["set?", "x is a set", (x) => x instanceof PSet],
  ["coll?", "x is a vector, map or set", (x) => x instanceof Vec || x instanceof PMap || x instanceof PSet],
  ["sequential?", "x is a vector", (x) => x instanceof Vec],
  ["seq?", "x is a vector (there are no lazy seqs)", (x) => x instanceof Vec],
  ["associative?", "x is a vector or map", (x) => x instanceof Vec || x instanceof PMap],
  ["counted?", "x is a vector, map or set", (x) => x instanceof Vec || x instanceof PMap || x instanceof PSet],
  ["indexed?", "x is a vector", (x) => x instanceof Vec],
  ["reversible?", "x is a vector", (x) => x instanceof Vec],
  ["sorted?", "always false (no sorted collections)", () => false],
  [
    "seqable?",
    "x is a collection, string or nil",
    (x) => x === null || typeof x === "string" || x instanceof Vec || x instanceof PMap || x instanceof PSet,
  ],
  ["fn?", "x is a function", (x) => typeof x === "function"],
  [
    "ifn?",
    "x can be called: function, keyword, map, set or vector",
    (x) =>
      typeof x === "function" || x instanceof Keyword || x instanceof PMap || x instanceof PSet || x instanceof Vec,
  ],
  ["map-entry?", "always false (entries are plain vectors)", () => false],
  ["regex?", "x is a regex", (x) => x instanceof LRegex],
  ["var?", "x is a var reference", (x) => x instanceof Var],
  ["zero?", "x is a number equal to 0", (x) => numericValue(x) === 0],
  ["pos?", "x is a number > 0", (x) => numericValue(x) > 0],
  ["neg?", "x is a number < 0", (x) => numericValue(x) < 0],
  ["even?", "x is an even integer (whole floats count)", (x) => parity(x, true)],
  ["odd?", "x is an odd integer (whole floats count)", (x) => parity(x, false)],
  ["pos-int?", "x is an integer > 0", (x) => isInt(x) && x > 0],
  ["neg-int?", "x is an integer < 0", (x) => isInt(x) && x < 0],
  ["nat-int?", "x is an integer >= 0", (x) => isInt(x) && x >= 0],
  ["infinite?", "x is ##Inf or ##-Inf", (x) => typeof x === "number" && (x === Infinity || x === -Infinity)],
  ["NaN?", "x is ##NaN", (x) => typeof x === "number" && Number.isNaN(x)],
];

const DEFS: BuiltinDef[] = [
  ...PREDS.map(
    ([name, meaning, test, aliases]): BuiltinDef => ({
      name,
      ...(aliases ? { aliases } : {}),
      arity: [1, 1],
      doc: `(${name} x) — ${meaning}`,
      fn: (x) => test(x),
    }),
  ),
  { name: "not", arity: [1, 1], doc: "(not x) — true when x is nil or false", fn: (x) => !truthy(x) },
  { name: "boolean", arity: [1, 1], doc: "(boolean x) — x's truthiness as true/false", fn: (x) => truthy(x) },
  {
    name: "type",
    arity: [1, 1],
    doc: "(type x) — :number :string :keyword :vector :map :set :boolean :function :regex; nil for nil",
    fn: typeOf,
  },
];

/** The predicate family. */
export const PREDICATES = family("predicates", DEFS);
