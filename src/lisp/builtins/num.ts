/**
 * The numeric tower (spec §3.3, §8.4): integer op integer stays an integer and moves to bigint
 * past 2^53 instead of losing digits; any float operand makes the result a float (whole floats
 * boxed with `mkFloat`). Non-numbers raise `type_error` naming the calling function.
 */

import { typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { LFloat, mkFloat, mkInt, toJsNumber, type Value } from "../values/index.ts";

/** Any numeric value. */
export type Num = number | bigint | LFloat;

/** Checks that `x` is a number, naming `who` in the error. */
export function num(x: Value, who: string): Num {
  if (typeof x === "number" || typeof x === "bigint" || x instanceof LFloat) return x;
  throw typeError(who, "a number", x);
}

/** True for floats (whole or not); false for integers. */
function floaty(x: Num): boolean {
  return x instanceof LFloat || (typeof x === "number" && !Number.isInteger(x));
}

function big(x: number | bigint): bigint {
  return typeof x === "bigint" ? x : BigInt(x);
}

/** Integer result of a float→int operation; keeps NaN/±Infinity as floats (DIV-43). */
export function wholeToInt(r: number): Value {
  if (!Number.isFinite(r)) return r;
  if (Number.isSafeInteger(r)) return r + 0;
  return mkInt(BigInt(r));
}

/** `a + b`. */
export function add(a: Value, b: Value, who = "+"): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return Number.isSafeInteger(r) ? r : mkInt(BigInt(a) + BigInt(b));
    }
    return mkFloat(r);
  }
  const x = num(a, who);
  const y = num(b, who);
  if (floaty(x) || floaty(y)) return mkFloat(toJsNumber(x) + toJsNumber(y));
  return mkInt(big(x as number | bigint) + big(y as number | bigint));
}

/** `a - b`. */
export function sub(a: Value, b: Value, who = "-"): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return Number.isSafeInteger(r) ? r : mkInt(BigInt(a) - BigInt(b));
    }
    return mkFloat(r);
  }
  const x = num(a, who);
  const y = num(b, who);
  if (floaty(x) || floaty(y)) return mkFloat(toJsNumber(x) - toJsNumber(y));
  return mkInt(big(x as number | bigint) - big(y as number | bigint));
}

/** `a * b`. */
export function mul(a: Value, b: Value, who = "*"): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      // `|| 0` folds the -0 of `0 * -5` into the integer 0.
      return Number.isSafeInteger(r) ? r || 0 : mkInt(BigInt(a) * BigInt(b));
    }
    return mkFloat(r);
  }
  const x = num(a, who);
  const y = num(b, who);
  if (floaty(x) || floaty(y)) return mkFloat(toJsNumber(x) * toJsNumber(y));
  return mkInt(big(x as number | bigint) * big(y as number | bigint));
}

/** `a / b`: always a float; an integer zero divisor is an `arithmetic_error`, a float zero is IEEE. */
export function div(a: Value, b: Value, who = "/"): Value {
  const x = num(a, who);
  const y = num(b, who);
  if (y === 0)
    throw new LispError(
      "arithmetic_error",
      `${who}: divide by zero`,
      null,
      "guard the divisor, e.g. (if (zero? d) 0 (/ n d))",
    );
  return mkFloat(toJsNumber(x) / toJsNumber(y));
}

/** Negation, `(- x)`. */
export function neg(a: Value, who = "-"): Value {
  const x = num(a, who);
  if (typeof x === "number") return Number.isInteger(x) ? 0 - x : -x;
  if (typeof x === "bigint") return mkInt(-x);
  return mkFloat(-x.v);
}

type IntOp = "quot" | "rem" | "mod";

/**
 * `quot`, `rem` and `mod` share their checks: a zero divisor and non-finite dividends are
 * `arithmetic_error`s (GAP-S138); floats give float results, integers exact integer results.
 */
export function intDivision(op: IntOp, a: Value, b: Value): Value {
  const x = num(a, op);
  const y = num(b, op);
  const yj = toJsNumber(y);
  if (yj === 0) throw new LispError("arithmetic_error", `${op}: divide by zero`);
  if (floaty(x) || floaty(y)) {
    const xj = toJsNumber(x);
    if (!Number.isFinite(xj) || Number.isNaN(yj)) {
      throw new LispError("arithmetic_error", `${op} expected finite numbers, got ${xj} and ${yj}`);
    }
    if (op === "quot") return mkFloat(Math.trunc(xj / yj));
    let r = xj % yj;
    if (op === "mod" && r !== 0 && r < 0 !== yj < 0) r += yj;
    return mkFloat(r);
  }
  if (typeof x === "number" && typeof y === "number") {
    const r = x % y;
    // `x % y` is exact for integers, so `(x - r) / y` is an exact quotient.
    if (op === "quot") return (x - r) / y + 0;
    if (op === "rem") return r + 0;
    return (r !== 0 && r < 0 !== y < 0 ? r + y : r) + 0;
  }
  const bx = big(x as number | bigint);
  const by = big(y as number | bigint);
  if (op === "quot") return mkInt(bx / by);
  const r = bx % by;
  if (op === "rem") return mkInt(r);
  return mkInt(r !== 0n && r < 0n !== by < 0n ? r + by : r);
}

/** True when `x` is the float NaN. */
export function isNaNValue(x: Value): boolean {
  return typeof x === "number" && Number.isNaN(x);
}
