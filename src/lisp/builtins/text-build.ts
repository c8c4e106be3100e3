/**
 * The text `str` and `join` build (spec §8.3): each piece rendered as `str` renders it, joined,
 * and charged to the memory budget as the text grows. Plain pieces (strings, safe integers, nil,
 * booleans, keywords) skip the printer; a text that stays under one meter chunk skips the meter,
 * which would charge nothing there; many pieces are joined by one `Array.join`.
 */

import { printStr } from "../printer.ts";
import { run, TEXT_CHUNK, TextMeter } from "../runtime.ts";
import { HostValue, Keyword, type Value } from "../values.ts";

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
  if (typeof x === "number") return Number.isSafeInteger(x) ? `${x}` : null;
  if (x === null) return "";
  if (x instanceof Keyword) return `:${x.name}`;
  if (typeof x === "boolean") return x ? "true" : "false";
  return null;
}

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

/** Pieces past which {@link joinText} collects an array and joins it once. */
const JOIN_BY_ARRAY = 16;

/**
 * `(str ...)`. Two to four pieces that {@link quickText} renders and that stay under one meter
 * chunk are joined directly: there the meter would charge and tick nothing, so the answer and
 * the budget are exactly those of {@link joinText}, which handles everything else.
 */
export function str(...xs: Value[]): string {
  const n = xs.length;
  if (n === 2) {
    const x = quickText(xs[0] as Value);
    const y = quickText(xs[1] as Value);
    if (x !== null && y !== null && x.length + y.length < TEXT_CHUNK) return x + y;
  } else if (n === 3) {
    const x = quickText(xs[0] as Value);
    const y = quickText(xs[1] as Value);
    const z = quickText(xs[2] as Value);
    if (x !== null && y !== null && z !== null) {
      const length = x.length + y.length + z.length;
      if (length < TEXT_CHUNK) return x + y + z;
      // `(str acc x sep)` in a reduce: the meter's charges for these three lengths, no array.
      const meter = new TextMeter();
      meter.grew(x.length);
      meter.grew(x.length + y.length);
      meter.grew(length);
      return x + y + z;
    }
  } else if (n === 4) {
    const x = quickText(xs[0] as Value);
    const y = quickText(xs[1] as Value);
    const z = quickText(xs[2] as Value);
    const w = quickText(xs[3] as Value);
    if (x !== null && y !== null && z !== null && w !== null) {
      if (x.length + y.length + z.length + w.length < TEXT_CHUNK) return x + y + z + w;
    }
  }
  return joinText(xs, "");
}
