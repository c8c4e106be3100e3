/**
 * Arithmetic builtins (spec §8.4): `+ - * /`, `inc dec quot rem mod abs max min`, the integer
 * rounding extensions `floor ceil round trunc`, the coercions `double float int`, `sqrt pow`.
 * The tower rules live in num.ts; `max`/`min` order any values with the total term order
 * (DIV-30, DIV-45) and let NaN win.
 */

import { typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { compareValues, LFloat, mkFloat, mkInt, toJsNumber, type Value } from "../values/index.ts";
import { add, div, intDivision, isNaNValue, mul, neg, num, sub, wholeToInt } from "./num.ts";
import { type BuiltinDef, family } from "./registry.ts";

function plus(...xs: Value[]): Value {
  const n = xs.length;
  if (n === 2) return add(xs[0] as Value, xs[1] as Value);
  if (n === 0) return 0;
  let acc = num(xs[0] as Value, "+") as Value;
  for (let i = 1; i < n; i++) acc = add(acc, xs[i] as Value);
  return acc;
}

function minus(...xs: Value[]): Value {
  const n = xs.length;
  if (n === 2) return sub(xs[0] as Value, xs[1] as Value);
  if (n === 1) return neg(xs[0] as Value);
  let acc = xs[0] as Value;
  for (let i = 1; i < n; i++) acc = sub(acc, xs[i] as Value);
  return acc;
}

function times(...xs: Value[]): Value {
  const n = xs.length;
  if (n === 2) return mul(xs[0] as Value, xs[1] as Value);
  if (n === 0) return 1;
  let acc = num(xs[0] as Value, "*") as Value;
  for (let i = 1; i < n; i++) acc = mul(acc, xs[i] as Value);
  return acc;
}

function divide(...xs: Value[]): Value {
  const n = xs.length;
  if (n === 1) return div(1, xs[0] as Value);
  let acc = xs[0] as Value;
  for (let i = 1; i < n; i++) acc = div(acc, xs[i] as Value);
  return acc;
}

/** `max`/`min` over the term order; any NaN argument makes the answer NaN, as in Clojure. */
function extreme(sign: 1 | -1, xs: Value[]): Value {
  let best = xs[0] as Value;
  if (isNaNValue(best)) return best;
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as Value;
    if (isNaNValue(x)) return x;
    if (typeof x === "number" && typeof best === "number") {
      if (sign > 0 ? x >= best : x <= best) best = x;
    } else if (compareValues(x, best) * sign >= 0) best = x;
  }
  return best;
}

function floatOf(x: Value, who: string): number {
  return toJsNumber(num(x, who));
}

/** Rounds half away from zero (spec §8.4, DIV-43). */
function roundHalfAway(v: number): number {
  const a = Math.abs(v);
  let r = Math.floor(a);
  if (a - r >= 0.5) r += 1;
  return v < 0 ? -r : r;
}

function rounding(who: string, f: (v: number) => number): (x: Value) => Value {
  return (x: Value) => {
    const n = num(x, who);
    if (typeof n === "bigint") return n;
    if (typeof n === "number" && Number.isInteger(n)) return n;
    return wholeToInt(f(toJsNumber(n)));
  };
}

const INT_MAX = 2147483647;

function toInt(x: Value): Value {
  if (typeof x === "string") {
    const cp = x.codePointAt(0);
    if (cp !== undefined && [...x].length === 1) return cp;
    throw typeError("int", "a number or a character", x);
  }
  const n = num(x, "int");
  const v = typeof n === "bigint" ? Number(n) : toJsNumber(n);
  if (Number.isNaN(v)) return 0;
  const t = Math.trunc(v);
  if (!Number.isFinite(t) || t > INT_MAX || t < -INT_MAX - 1) {
    throw new LispError(
      "arithmetic_error",
      `int: value out of range for int: ${String(n instanceof LFloat ? n.v : n)}`,
    );
  }
  return t + 0;
}

function abs(x: Value): Value {
  const n = num(x, "abs");
  if (typeof n === "number") return Math.abs(n);
  if (typeof n === "bigint") return mkInt(n < 0n ? -n : n);
  return mkFloat(Math.abs(n.v));
}

const DEFS: BuiltinDef[] = [
  {
    name: "+",
    aliases: ["+'"],
    arity: [0, Infinity],
    doc: "(+ x y ...) — sum; ints stay exact, any float makes a float",
    fn: plus,
    fn2: (a, b) => add(a, b),
  },
  {
    name: "-",
    aliases: ["-'"],
    arity: [1, Infinity],
    doc: "(- x) (- x y ...) — negation or subtraction",
    fn: minus,
    fn2: (a, b) => sub(a, b),
  },
  {
    name: "*",
    aliases: ["*'"],
    arity: [0, Infinity],
    doc: "(* x y ...) — product",
    fn: times,
    fn2: (a, b) => mul(a, b),
  },
  {
    name: "/",
    arity: [1, Infinity],
    doc: "(/ x) (/ x y ...) — division, always a float; integer zero divisor is an error",
    fn: divide,
  },
  { name: "inc", aliases: ["inc'"], arity: [1, 1], doc: "(inc x) — x + 1", fn: (x) => add(x, 1, "inc") },
  { name: "dec", aliases: ["dec'"], arity: [1, 1], doc: "(dec x) — x - 1", fn: (x) => sub(x, 1, "dec") },
  {
    name: "quot",
    arity: [2, 2],
    doc: "(quot x y) — quotient truncated toward zero",
    fn: (a, b) => intDivision("quot", a, b),
  },
  {
    name: "rem",
    arity: [2, 2],
    doc: "(rem x y) — remainder, sign of the dividend",
    fn: (a, b) => intDivision("rem", a, b),
  },
  {
    name: "mod",
    arity: [2, 2],
    doc: "(mod x y) — modulus, sign of the divisor",
    fn: (a, b) => intDivision("mod", a, b),
  },
  { name: "abs", aliases: ["Math/abs"], arity: [1, 1], doc: "(abs x) — absolute value", fn: abs },
  {
    name: "max",
    aliases: ["Math/max"],
    arity: [1, Infinity],
    doc: "(max x y ...) — greatest argument",
    fn: (...xs) => extreme(1, xs),
  },
  {
    name: "min",
    aliases: ["Math/min"],
    arity: [1, Infinity],
    doc: "(min x y ...) — least argument",
    fn: (...xs) => extreme(-1, xs),
  },
  {
    name: "floor",
    aliases: ["Math/floor"],
    arity: [1, 1],
    doc: "(floor x) — largest integer <= x",
    fn: rounding("floor", Math.floor),
  },
  {
    name: "ceil",
    aliases: ["Math/ceil"],
    arity: [1, 1],
    doc: "(ceil x) — smallest integer >= x",
    fn: rounding("ceil", Math.ceil),
  },
  {
    name: "round",
    aliases: ["Math/round"],
    arity: [1, 1],
    doc: "(round x) — nearest integer, halves away from zero",
    fn: rounding("round", roundHalfAway),
  },
  { name: "trunc", arity: [1, 1], doc: "(trunc x) — integer part, toward zero", fn: rounding("trunc", Math.trunc) },
  {
    name: "double",
    aliases: ["float"],
    arity: [1, 1],
    doc: "(double x) — x as a float",
    fn: (x) => mkFloat(floatOf(x, "double")),
  },
  { name: "int", arity: [1, 1], doc: "(int x) — x truncated to an integer; (int \\a) is a code point", fn: toInt },
  {
    name: "sqrt",
    aliases: ["Math/sqrt"],
    arity: [1, 1],
    doc: "(sqrt x) — square root as a float; NaN for negatives",
    fn: (x) => mkFloat(Math.sqrt(floatOf(x, "sqrt"))),
  },
  {
    name: "pow",
    aliases: ["Math/pow"],
    arity: [2, 2],
    doc: "(pow x y) — x to the power y, as a float",
    fn: (x, y) => {
      const b = floatOf(x, "pow");
      const e = floatOf(y, "pow");
      // Java answers NaN for |base| = 1 with an infinite exponent; JS answers NaN as well except 1^±Inf.
      return mkFloat(Math.abs(b) === 1 && !Number.isFinite(e) ? Number.NaN : b ** e);
    },
  },
];

/** The arithmetic family. */
export const NUMBERS = family("numbers", DEFS);
