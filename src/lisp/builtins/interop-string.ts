/**
 * Java `String` methods (spec §8.15, java-interop.md): `.indexOf`, `.lastIndexOf`, `.contains`,
 * `.startsWith`, `.endsWith`, `.length`, `.substring`, `.toLowerCase`, `.toUpperCase`.
 *
 * The dot prefix promises Java conventions (spec §1 rule 3): "not found" is -1, an index outside
 * the string raises (`runtime_error`), and a receiver that is not a string raises (`type_error`)
 * instead of signalling nil like the Clojure-named helpers. Indexes count graphemes, as everywhere
 * in PTC-Lisp (DIV-36). Characters are one-character strings, so they work as receivers and
 * arguments (DIV-40, DIV-41). Java's overloads are honoured where they make sense: an integer
 * needle is a character code (`(.indexOf "abc" 98)` is 1), `.lastIndexOf` and `.startsWith` take
 * a position (GAP-J05), and float indexes truncate toward zero (GAP-J14).
 */

import { graphemes, typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { LFloat, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";

const ASCII = /^[\x00-\x7f]*$/;

function receiver(s: Value, who: string): string {
  if (typeof s === "string") return s;
  throw new LispError(
    "type_error",
    `${who}: expected string, got ${typeName(s)}`,
    null,
    `${who} works on strings; convert with (str x) first`,
  );
}

/** A search argument: a string, or an integer character code (Java's `indexOf(int ch)`). */
function needle(x: Value, who: string): string {
  if (typeof x === "string") return x;
  if (typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 0x10ffff) return String.fromCodePoint(x);
  throw new LispError("type_error", `${who}: expected string argument, got ${typeName(x)}`);
}

/** A Java `int` index argument: integers as they are, finite floats truncated toward zero. */
function index(x: Value, who: string): number {
  if (typeof x === "number" && Number.isFinite(x)) return Math.trunc(x);
  if (x instanceof LFloat && Number.isFinite(x.v)) return Math.trunc(x.v);
  if (typeof x === "bigint") return x > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  throw new LispError("type_error", `${who}: expected integer index, got ${typeName(x)}`);
}

/** Characters of `s`: graphemes, or the UTF-16 units themselves for ASCII (same thing, faster). */
function chars(s: string): readonly string[] {
  return ASCII.test(s) ? s.split("") : graphemes(s);
}

function matchesAt(g: readonly string[], n: readonly string[], i: number): boolean {
  for (let j = 0; j < n.length; j++) if (g[i + j] !== n[j]) return false;
  return true;
}

/** Java `indexOf(str, from)` in graphemes: a negative `from` counts as 0; -1 when absent. */
function indexOf(sArg: Value, subArg: Value, fromArg?: Value): number {
  const s = receiver(sArg, ".indexOf");
  const sub = needle(subArg, ".indexOf");
  const from = Math.max(0, fromArg === undefined ? 0 : index(fromArg, ".indexOf"));
  if (ASCII.test(s) && ASCII.test(sub)) return s.indexOf(sub, from);
  const g = graphemes(s);
  const n = chars(sub);
  for (let i = from; i + n.length <= g.length; i++) if (matchesAt(g, n, i)) return i;
  return -1;
}

/** Java `lastIndexOf(str, from)` in graphemes: the last start at or before `from`; -1 when absent. */
function lastIndexOf(sArg: Value, subArg: Value, fromArg?: Value): number {
  const s = receiver(sArg, ".lastIndexOf");
  const sub = needle(subArg, ".lastIndexOf");
  const from = fromArg === undefined ? Number.MAX_SAFE_INTEGER : index(fromArg, ".lastIndexOf");
  if (from < 0) return -1;
  if (ASCII.test(s) && ASCII.test(sub)) return s.lastIndexOf(sub, from);
  const g = graphemes(s);
  const n = chars(sub);
  for (let i = Math.min(from, g.length - n.length); i >= 0; i--) if (matchesAt(g, n, i)) return i;
  return -1;
}

function startsWith(sArg: Value, prefixArg: Value, offsetArg?: Value): boolean {
  const s = receiver(sArg, ".startsWith");
  const prefix = needle(prefixArg, ".startsWith");
  if (offsetArg === undefined) return s.startsWith(prefix);
  const offset = index(offsetArg, ".startsWith");
  const g = chars(s);
  const p = chars(prefix);
  return offset >= 0 && offset + p.length <= g.length && matchesAt(g, p, offset);
}

function substring(sArg: Value, startArg: Value, endArg?: Value): string {
  const s = receiver(sArg, ".substring");
  const g = chars(s);
  const start = index(startArg, ".substring");
  const end = endArg === undefined ? g.length : index(endArg, ".substring");
  if (start < 0 || end > g.length || start > end) {
    const what =
      start < 0 || start > g.length
        ? `start index ${start}`
        : end > g.length
          ? `end index ${end}`
          : `start index ${start} (greater than end index ${end})`;
    throw new LispError(
      "runtime_error",
      `.substring: ${what} out of range for string of length ${g.length}`,
      null,
      '(subs s start end) returns "" instead of failing when the indexes do not fit',
    );
  }
  return g.slice(start, end).join("");
}

const DEFS: BuiltinDef[] = [
  {
    name: ".indexOf",
    arity: [2, 3],
    doc: "(.indexOf s sub) (.indexOf s sub from) — character index of sub in s, or -1",
    fn: (s, x, f) => indexOf(s, x, f),
  },
  {
    name: ".lastIndexOf",
    arity: [2, 3],
    doc: "(.lastIndexOf s sub) (.lastIndexOf s sub from) — index of the last sub (starting at or before from), or -1",
    fn: (s, x, f) => lastIndexOf(s, x, f),
  },
  {
    name: ".contains",
    arity: [2, 2],
    doc: "(.contains s sub) — s contains sub",
    fn: (s, x) => receiver(s, ".contains").includes(needle(x, ".contains")),
  },
  {
    name: ".startsWith",
    arity: [2, 3],
    doc: "(.startsWith s prefix) (.startsWith s prefix offset) — s has prefix (at offset)",
    fn: (s, p, o) => startsWith(s, p, o),
  },
  {
    name: ".endsWith",
    arity: [2, 2],
    doc: "(.endsWith s suffix) — s ends with suffix",
    fn: (s, x) => receiver(s, ".endsWith").endsWith(needle(x, ".endsWith")),
  },
  {
    name: ".length",
    arity: [1, 1],
    doc: "(.length s) — number of characters (graphemes) in s",
    fn: (s) => chars(receiver(s, ".length")).length,
  },
  {
    name: ".substring",
    arity: [2, 3],
    doc: "(.substring s start) (.substring s start end) — characters [start, end); raises when out of range",
    fn: (s, a, b) => substring(s, a, b),
  },
  {
    name: ".toLowerCase",
    arity: [1, 1],
    doc: "(.toLowerCase s) — s in lower case",
    fn: (s) => receiver(s, ".toLowerCase").toLowerCase(),
  },
  {
    name: ".toUpperCase",
    arity: [1, 1],
    doc: "(.toUpperCase s) — s in upper case",
    fn: (s) => receiver(s, ".toUpperCase").toUpperCase(),
  },
];

/** The Java string-method family. */
export const INTEROP_STRING = family("interop-string", DEFS);
