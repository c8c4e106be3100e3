/**
 * JSON text helpers (spec §3.8, §9.8 `json` namespace): `json/parse-string`,
 * `json/generate-string`, `json/parse-lines`, with the signal-value rules of DIV-23 and DIV-24 —
 * bad input gives nil, never an error.
 *
 * Parsing keeps what JSON text says exactly: `1.0` reads as the float 1.0, `12345678901234567890`
 * as that exact integer; object keys stay strings. Generating refuses (nil) anything JSON cannot
 * carry without losing its type: keywords (as values or keys, spec §3.8), float / vector / other
 * non-string keys (integer keys become their digits), NaN and infinities, functions, regexes and
 * vars. Sets become arrays and dates their ISO text, as Clojure's JSON libraries write them.
 */

import { LispError } from "../errors.ts";
import { adoptJson, toJsonText } from "../json.ts";
import { run } from "../runtime.ts";
import { HostValue, isInt, Keyword, LFloat, PMap, PSet, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { vecOf } from "./support.ts";

/** Numbers whose text needs a closer look than JSON.parse gives: fractions, exponents, long digit runs. */
const NEEDS_SOURCE = /[\d][.eE]|\d{16}/;

/** JSON.parse's reviver with source text (supported by the runtime): exact floats and big integers. */
function reviveNumber(this: unknown, _key: string, v: unknown, ctx?: { source?: string }): unknown {
  if (typeof v !== "number" || ctx?.source === undefined) return v;
  const src = ctx.source;
  if (/[.eE]/.test(src)) return Number.isInteger(v) ? new LFloat(v) : v;
  if (!Number.isSafeInteger(v)) return BigInt(src);
  return v;
}

/** `(json/parse-string s)`: the value of JSON text `s`, or nil (invalid text, non-string, JSON null). */
export function parseJsonText(s: Value): Value {
  if (typeof s !== "string") return null;
  run().charge(s.length * 2);
  let decoded: unknown;
  try {
    decoded = NEEDS_SOURCE.test(s) ? JSON.parse(s, reviveNumber as (k: string, v: unknown) => unknown) : JSON.parse(s);
  } catch {
    return null;
  }
  try {
    return adoptJson(decoded);
  } catch (e) {
    // Nesting too deep for the converter (a host stack overflow) is bad input too.
    if (e instanceof LispError) throw e;
    return null;
  }
}

/** True when `v` can be written as JSON without losing its type (the DIV-24 rules). */
function encodable(v: Value): boolean {
  const state = run();
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop() as Value;
    state.tick();
    if (x === null || typeof x === "string" || typeof x === "boolean" || typeof x === "bigint") continue;
    if (typeof x === "number") {
      if (!Number.isFinite(x)) return false;
    } else if (x instanceof LFloat) {
      if (!Number.isFinite(x.v)) return false;
    } else if (x instanceof Vec) {
      for (const e of x.toArray()) stack.push(e);
    } else if (x instanceof PSet) {
      for (const e of x.toArray()) stack.push(e);
    } else if (x instanceof PMap) {
      let ok = true;
      x.forEach((k, val) => {
        if (typeof k !== "string" && !isInt(k)) ok = false;
        stack.push(val);
      });
      if (!ok) return false;
    } else if (!(x instanceof HostValue) || typeof (x as { toJson?: unknown }).toJson !== "function") {
      // Keywords, functions, regexes, vars, symbols.
      return false;
    }
  }
  return true;
}

/** `(json/generate-string v)`: compact JSON text for `v`, or nil when `v` is not encodable. */
export function generateJsonText(v: Value): Value {
  if (v instanceof Keyword || !encodable(v)) return null;
  const text = toJsonText(v);
  run().charge(text.length * 2);
  return text;
}

/** `(json/parse-lines s)`: one value per non-blank line (nil for a bad or `null` line); nil for a non-string. */
function parseLines(s: Value): Value {
  if (typeof s !== "string") return null;
  const out: Value[] = [];
  for (const line of s.split(/\r\n|\n|\r/)) {
    if (line.trim() === "") continue;
    run().tick();
    out.push(parseJsonText(line));
  }
  return vecOf(out);
}

const DEFS: BuiltinDef[] = [
  {
    name: "json/parse-string",
    arity: [1, 1],
    doc: "(json/parse-string s) — value of JSON text (string keys); nil for invalid text or non-strings",
    fn: parseJsonText,
  },
  {
    name: "json/generate-string",
    arity: [1, 1],
    doc: "(json/generate-string v) — compact JSON text; nil when v holds keywords, non-string keys (integers allowed), NaN/Inf or functions",
    fn: generateJsonText,
  },
  {
    name: "json/parse-lines",
    arity: [1, 1],
    doc: "(json/parse-lines s) — vector of the JSON values of each non-blank line (nil for a bad line)",
    fn: parseLines,
  },
];

/** The JSON family. */
export const JSON_TEXT = family("json", DEFS);
