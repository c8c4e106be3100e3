/**
 * Numeric helpers: type tests ({@link isInt}, {@link isFloat}, {@link isNumber}), constructors
 * ({@link mkFloat}, {@link mkInt}), {@link toJsNumber} and {@link compareNumbers}.
 */

import { LFloat } from "./scalars.ts";

// ---------------------------------------------------------------------------------------------
// Type tests

/** True for PTC-Lisp integers (safe integral numbers and bigints). */
export function isInt(x: unknown): x is number | bigint {
  return (typeof x === "number" && Number.isInteger(x)) || typeof x === "bigint";
}

/** True for PTC-Lisp floats. */
export function isFloat(x: unknown): x is number | LFloat {
  return (typeof x === "number" && !Number.isInteger(x)) || x instanceof LFloat;
}

/** True for any PTC-Lisp number. */
export function isNumber(x: unknown): x is number | bigint | LFloat {
  return typeof x === "number" || typeof x === "bigint" || x instanceof LFloat;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Builds a float value from a JS number, boxing whole values so they stay floats. */
export function mkFloat(n: number): number | LFloat {
  return Number.isInteger(n) ? new LFloat(n) : n;
}

/** Builds an integer value from a bigint, demoting it to a number when it is safe. */
export function mkInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** The JS number for any numeric value (bigints may lose precision). */
export function toJsNumber(x: number | bigint | LFloat): number {
  return typeof x === "number" ? x : typeof x === "bigint" ? Number(x) : x.v;
}

/** Compares two numbers by value (ints and floats mix freely). */
export function compareNumbers(a: number | bigint | LFloat, b: number | bigint | LFloat): number {
  if (typeof a === "bigint" || typeof b === "bigint") {
    const x = typeof a === "bigint" ? a : toJsNumber(a);
    const y = typeof b === "bigint" ? b : toJsNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toJsNumber(a);
  const y = toJsNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
