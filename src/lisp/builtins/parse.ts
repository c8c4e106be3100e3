/**
 * Parsing text into values (spec §8.9, DIV-18): `parse-long`, `parse-double`, `parse-boolean`
 * return nil for anything that is not exactly a well-formed string — bad input data is a signal,
 * not a crash. The whole string must parse; whitespace is not trimmed. `Boolean/parseBoolean`
 * keeps its Java contract: true only for "true" in any case.
 */

import { typeError } from "../access.ts";
import { mkFloat, mkInt, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";

const LONG = /^[+-]?\d+$/;
const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)$/;

/** `(parse-long s)`: an integer within the 64-bit range, else nil (GAP-S85). */
export function parseLong(s: Value): Value {
  if (typeof s !== "string") return null;
  const n = s.length;
  if (n < 16) {
    // Up to 15 characters the value is a safe integer: read the digits, as LONG would accept them.
    const c0 = s.charCodeAt(0);
    const signed = c0 === 43 || c0 === 45;
    if (n === 0 || (signed && n === 1)) return null;
    let v = 0;
    for (let i = signed ? 1 : 0; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    // `0 - 0` is 0, so "-0" gives the integer 0 as `Number("-0") + 0` did.
    return c0 === 45 ? 0 - v : v;
  }
  if (!LONG.test(s)) return null;
  const b = BigInt(s);
  return b > LONG_MAX || b < LONG_MIN ? null : mkInt(b);
}

/** `(parse-double s)`: a float, else nil. Integers written without a point still give floats. */
export function parseDouble(s: Value): Value {
  if (typeof s !== "string") return null;
  const quick = s.length <= 16 ? plainDecimal(s) : undefined;
  if (quick !== undefined) return mkFloat(quick);
  if (!DOUBLE.test(s)) return null;
  // The pattern allows a d/D/f/F only as a Java type suffix, the last character.
  const last = s.charCodeAt(s.length - 1) | 0x20;
  return mkFloat(Number(last === 0x64 || last === 0x66 ? s.slice(0, -1) : s));
}

/** 10^0 .. 10^15, each exact as a double. */
const POW10: number[] = [];
// A loop, not `Array.from`: a first call of that JavaScriptCore builtin costs ~1-3 ms at start.
for (let k = 0; k < 16; k++) POW10.push(10 ** k);

/**
 * The value of `s` when it is `[+-]?\d+(\.\d*)?` with at most 15 digits (so DOUBLE accepts it),
 * else undefined. The digits read as an integer m < 10^15 < 2^53 and the point shifts it by
 * 10^k, k ≤ 15: both exact doubles, so the one division m / 10^k is correctly rounded, the same
 * double `Number(s)` gives (Clinger's fast path). The sign applies after, so "-0.0" is -0.
 */
function plainDecimal(s: string): number | undefined {
  const n = s.length;
  const c0 = s.charCodeAt(0);
  const signed = c0 === 43 || c0 === 45;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (let i = signed ? 1 : 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && point < 0 && digits > 0) point = digits;
    else if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const v = point < 0 ? m : m / (POW10[digits - point] as number);
  return c0 === 45 ? -v : v;
}

const DEFS: BuiltinDef[] = [
  {
    name: "parse-long",
    aliases: ["parse-int", "Long/parseLong", "Integer/parseInt"],
    arity: [1, 1],
    doc: "(parse-long s) — integer in s, or nil if s is not exactly an integer",
    fn: parseLong,
  },
  {
    name: "parse-double",
    aliases: ["Double/parseDouble", "Float/parseFloat"],
    arity: [1, 1],
    doc: "(parse-double s) — float in s, or nil",
    fn: parseDouble,
  },
  {
    name: "parse-boolean",
    arity: [1, 1],
    doc: '(parse-boolean s) — true for "true", false for "false", else nil',
    fn: (s) => (s === "true" ? true : s === "false" ? false : null),
  },
  {
    name: "Boolean/parseBoolean",
    arity: [1, 1],
    doc: '(Boolean/parseBoolean s) — true when s is "true" in any case, else false',
    fn: (s) => {
      if (s === null) return false;
      if (typeof s !== "string") throw typeError("Boolean/parseBoolean", "a string", s);
      return s.toLowerCase() === "true";
    },
  },
];

/** The parsing family. */
export const PARSE = family("parse", DEFS);
