/**
 * Bitwise operations on integers (spec §8.4a). Integers are arbitrary precision, so shifts are
 * not taken modulo 64 and results may grow into bigints; negative numbers behave as infinite
 * two's complement. Non-integers are a `type_error`, as is a negative bit index.
 */

import { typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { mkInt, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";

/** Widest shift accepted; beyond it the result would not fit any sensible memory budget. */
const MAX_SHIFT = 65_536;

function int(x: Value, who: string): bigint {
  if (typeof x === "number" && Number.isInteger(x)) return BigInt(x);
  if (typeof x === "bigint") return x;
  throw typeError(who, "an integer", x);
}

function bitIndex(n: Value, who: string): bigint {
  const i = int(n, who);
  if (i < 0n) throw typeError(who, "a non-negative bit index", n);
  if (i > BigInt(MAX_SHIFT)) throw new LispError("arithmetic_error", `${who}: bit index ${i} is too large`);
  return i;
}

/** Folds a variadic bit operation over at least two integers. */
function fold(who: string, op: (a: bigint, b: bigint) => bigint): (...xs: Value[]) => Value {
  return (...xs: Value[]) => {
    let acc = int(xs[0] as Value, who);
    for (let i = 1; i < xs.length; i++) acc = op(acc, int(xs[i] as Value, who));
    return mkInt(acc);
  };
}

function single(who: string, op: (x: bigint, i: bigint) => bigint | boolean): (x: Value, n: Value) => Value {
  return (x: Value, n: Value) => {
    const r = op(int(x, who), bitIndex(n, who));
    return typeof r === "boolean" ? r : mkInt(r);
  };
}

const DEFS: BuiltinDef[] = [
  {
    name: "bit-and",
    arity: [2, Infinity],
    doc: "(bit-and x y ...) — bitwise AND",
    fn: fold("bit-and", (a, b) => a & b),
  },
  { name: "bit-or", arity: [2, Infinity], doc: "(bit-or x y ...) — bitwise OR", fn: fold("bit-or", (a, b) => a | b) },
  {
    name: "bit-xor",
    arity: [2, Infinity],
    doc: "(bit-xor x y ...) — bitwise exclusive OR",
    fn: fold("bit-xor", (a, b) => a ^ b),
  },
  {
    name: "bit-and-not",
    arity: [2, Infinity],
    doc: "(bit-and-not x y ...) — x AND NOT each y",
    fn: fold("bit-and-not", (a, b) => a & ~b),
  },
  {
    name: "bit-not",
    arity: [1, 1],
    doc: "(bit-not x) — two's complement of x, i.e. (- -1 x)",
    fn: (x) => mkInt(~int(x, "bit-not")),
  },
  {
    name: "bit-shift-left",
    arity: [2, 2],
    doc: "(bit-shift-left x n) — x times 2^n",
    fn: single("bit-shift-left", (x, n) => x << n),
  },
  {
    name: "bit-shift-right",
    arity: [2, 2],
    doc: "(bit-shift-right x n) — x shifted right n bits, sign kept",
    fn: single("bit-shift-right", (x, n) => x >> n),
  },
  {
    name: "bit-set",
    arity: [2, 2],
    doc: "(bit-set x n) — x with bit n set",
    fn: single("bit-set", (x, n) => x | (1n << n)),
  },
  {
    name: "bit-clear",
    arity: [2, 2],
    doc: "(bit-clear x n) — x with bit n cleared",
    fn: single("bit-clear", (x, n) => x & ~(1n << n)),
  },
  {
    name: "bit-flip",
    arity: [2, 2],
    doc: "(bit-flip x n) — x with bit n flipped",
    fn: single("bit-flip", (x, n) => x ^ (1n << n)),
  },
  {
    name: "bit-test",
    arity: [2, 2],
    doc: "(bit-test x n) — true when bit n of x is set",
    fn: single("bit-test", (x, n) => ((x >> n) & 1n) === 1n),
  },
];

/** The bitwise family. */
export const BITS = family("bits", DEFS);
