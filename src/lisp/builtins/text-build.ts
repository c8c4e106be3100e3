/**
 * The text `str` and `join` build (spec §8.3): each piece rendered as `str` renders it, joined,
 * and charged to the memory budget as the text grows. Plain pieces (strings, safe integers, nil,
 * booleans, keywords) skip the printer; a text that stays under one meter chunk skips the meter,
 * which would charge nothing there; many pieces are joined by one `Array.join`. Integers below
 * 10^8 are written from two small digit tables instead of the engine's number conversion.
 */

import { printStr } from "../printer.ts";
import { run, TEXT_CHUNK, TextMeter } from "../runtime.ts";
import { HostValue, Keyword, type Value } from "../values/index.ts";

/**
 * What `str` makes of one value; non-finite floats read as Java prints them, and host values
 * (dates, durations) give their plain text (`"2024-01-02"`) rather than their printed form.
 */
export function strOf(v: Value): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (v instanceof HostValue) {
    const text = (v as HostValue & { toJson?: () => unknown }).toJson?.();
    if (typeof text === "string") return text;
  }
  return printStr(v);
}

/**
 * The `str` text of a value that prints without walking anything (string, safe integer, nil,
 * boolean, keyword), else null. Pure: no clock tick, no charge, so a caller may compute it twice.
 * Same text as {@link strOf}.
 */
function quickText(x: Value): string | null {
  if (typeof x === "string") return x;
  if (typeof x === "number") return Number.isSafeInteger(x) ? intText(x) : null;
  if (x === null) return "";
  if (x instanceof Keyword) return `:${x.name}`;
  if (typeof x === "boolean") return x ? "true" : "false";
  return null;
}

/**
 * Decimal text of the safe integer `x`, the same as `${x}`. Below 10^8 it is put together from
 * two table entries, each made the first time it is needed: the engine's own conversion allocates
 * a fresh buffer per number (~35 ns each here, most of `(str i ",")`), and text joined later is
 * copied once more anyway. The tables hold at most 20 000 short strings.
 */
function intText(x: number): string {
  if (!(x >= 0 && x < 1e8)) return `${x}`;
  if (x < 10_000) return under10k(x);
  return highDigits(x) + lowDigits(x);
}

/** True for an integer 10^4 <= x < 10^8, whose text is {@link highDigits} + {@link lowDigits}. */
function isSplitInt(x: Value): x is number {
  return typeof x === "number" && x >= 10_000 && x < 1e8 && Number.isInteger(x);
}

/** The digits of `x` (< 10^8) above its last four. */
function highDigits(x: number): string {
  return under10k(Math.floor(x / 10_000));
}

/** `${i}` for 0 <= i < 10 000, from its table. */
function under10k(i: number): string {
  const known = UNDER_10K[i];
  if (known !== undefined) return known;
  const text = `${i}`;
  UNDER_10K[i] = text;
  return text;
}

/** The last four digits of `x` (>= 10^4), zero-padded. */
function lowDigits(x: number): string {
  const lo = x % 10_000;
  const known = FOUR_DIGITS[lo];
  if (known !== undefined) return known;
  const text = `${lo}`.padStart(4, "0");
  FOUR_DIGITS[lo] = text;
  return text;
}

/** `${i}` for 0 <= i < 10 000, filled as met. */
const UNDER_10K: (string | undefined)[] = new Array(10_000);
/** `i` as four digits, zero-padded, for 0 <= i < 10 000, filled as met. */
const FOUR_DIGITS: (string | undefined)[] = new Array(10_000);

/**
 * The `str` text of each of `xs`, separated by `sep`; the text is charged to the memory budget as
 * it grows, so a runaway join fails before it is built. A one-piece text over 256 characters is
 * charged once, whole.
 */
export function joinText(xs: readonly Value[], sep: string): string {
  const n = xs.length;
  if (n === 1) {
    const x = xs[0] as Value;
    const only = quickText(x) ?? strOf(x);
    if (only.length > 256) run().charge(only.length * 2);
    return only;
  }
  // A meter charges nothing until the text reaches TEXT_CHUNK, so it is made only then.
  let meter: TextMeter | null = null;
  if (n > JOIN_BY_ARRAY) {
    // Many pieces: one Array.join makes a flat string (a long `+=` chain makes a rope that the
    // next read has to flatten). The running length is the text's length so far, as below.
    let length = -sep.length;
    // Strings are their own pieces: while every piece is one, `xs` itself is joined, no copy.
    let i = 0;
    for (; i < n; i++) {
      const x = xs[i] as Value;
      if (typeof x !== "string") break;
      length += sep.length + x.length;
      if (length >= TEXT_CHUNK) {
        meter ??= new TextMeter();
        meter.grew(length);
      }
    }
    if (i === n) return xs.join(sep);
    const parts = xs.slice(0, n) as string[];
    for (; i < n; i++) {
      const x = xs[i] as Value;
      const piece = quickText(x) ?? strOf(x);
      length += sep.length + piece.length;
      if (length >= TEXT_CHUNK) {
        meter ??= new TextMeter();
        meter.grew(length);
      }
      parts[i] = piece;
    }
    return parts.join(sep);
  }
  let out = "";
  for (let i = 0; i < n; i++) {
    if (i > 0) out += sep;
    const x = xs[i] as Value;
    const piece = quickText(x) ?? strOf(x);
    // Charged before the (lazy) concatenation is made: the sum of the lengths is exact.
    const length = out.length + piece.length;
    if (length >= TEXT_CHUNK) {
      meter ??= new TextMeter();
      meter.grew(length);
    }
    out += piece;
  }
  return out;
}

/** A text this short plus an integer's at most 8 digits stays under one meter chunk. */
const SHORT = TEXT_CHUNK - 8;

/** Pieces past which {@link joinText} collects an array and joins it once. */
const JOIN_BY_ARRAY = 16;

/**
 * `(str ...)`. Two to four pieces that {@link quickText} renders and that stay under one meter
 * chunk are joined directly: there the meter would charge and tick nothing, so the answer and
 * the budget are exactly those of {@link joinText}, which handles everything else. Three or more
 * pieces are joined by a template literal: for it the engine makes one rope of up to three
 * pieces, where `x + y + z` makes two (32 against 64 bytes of heap here).
 */
export function str(...xs: Value[]): string {
  const n = xs.length;
  if (n === 2) {
    // `(str i ",")`, `(str "id-" i)`: the number's two table pieces and the text in one
    // concatenation, so one rope, not one for the number and one more for the pair.
    const a = xs[0] as Value;
    const b = xs[1] as Value;
    if (typeof b === "string" && b.length < SHORT && isSplitInt(a)) return `${highDigits(a)}${lowDigits(a)}${b}`;
    if (typeof a === "string" && a.length < SHORT && isSplitInt(b)) return `${a}${highDigits(b)}${lowDigits(b)}`;
    const x = quickText(a);
    const y = quickText(b);
    if (x !== null && y !== null && x.length + y.length < TEXT_CHUNK) return x + y;
  } else if (n === 3) {
    const x = quickText(xs[0] as Value);
    const y = quickText(xs[1] as Value);
    const z = quickText(xs[2] as Value);
    if (x !== null && y !== null && z !== null) {
      const length = x.length + y.length + z.length;
      if (length < TEXT_CHUNK) return `${x}${y}${z}`;
      // `(str acc x sep)` in a reduce: the meter's charges for these three lengths, no array.
      const meter = new TextMeter();
      meter.grew(x.length);
      meter.grew(x.length + y.length);
      meter.grew(length);
      return `${x}${y}${z}`;
    }
  } else if (n === 4) {
    const x = quickText(xs[0] as Value);
    const y = quickText(xs[1] as Value);
    const z = quickText(xs[2] as Value);
    const w = quickText(xs[3] as Value);
    if (x !== null && y !== null && z !== null && w !== null) {
      if (x.length + y.length + z.length + w.length < TEXT_CHUNK) return `${x}${y}${z}${w}`;
    }
  }
  return joinText(xs, "");
}

/**
 * `(apply str ...head spread)` past `chunk` spread pieces, where the call is folded in chunks
 * (seqs.ts `apply`): the first call takes `head` and `chunk` pieces of `spread`, each next one the
 * text so far and up to `chunk` more. The text is the same as the fold's, and so is every tick
 * and charge: each call's meter starts afresh and sees the text so far as its first piece. Only
 * the pieces are joined, once, at the end: the fold's intermediate texts (each a copy of all
 * before it) and its chunk arrays are never built. While every piece is a string of `spread`,
 * `spread` itself is joined, no copy.
 */
export function joinFolded(head: readonly Value[], spread: readonly Value[], chunk: number): string {
  const h = head.length;
  const n = h + spread.length;
  // The rendered pieces, made at the first piece that is not a string of `spread`: at piece 0 when
  // there is a head, else from the strings of `spread` before it.
  let parts: string[] | null = null;
  let meter: TextMeter | null = null;
  let length = 0;
  let end = h + chunk;
  for (let i = 0; i < n; i++) {
    if (i === end) {
      // The next call of the fold: a fresh meter, whose first piece is the text so far (below one
      // chunk no meter was made yet).
      end += chunk;
      if (length >= TEXT_CHUNK) {
        meter = new TextMeter();
        meter.grew(length);
      }
    }
    const x = (i < h ? head[i] : spread[i - h]) as Value;
    let piece: string;
    if (typeof x === "string" && i >= h) piece = x;
    else {
      piece = quickText(x) ?? strOf(x);
      parts ??= spread.slice(0, i) as string[];
    }
    if (parts !== null) parts[i] = piece;
    length += piece.length;
    if (length >= TEXT_CHUNK) {
      meter ??= new TextMeter();
      meter.grew(length);
    }
  }
  return parts === null ? spread.join("") : parts.join("");
}
