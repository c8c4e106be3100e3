/**
 * Readable rendering of values (spec §8.3 `pr-str`/`str`, DIV-38, DIV-39): what a program's
 * result, `pr-str` and error messages show. Maps and sets print sorted in term order,
 * space-separated, without commas, so the same value always prints the same text, and the reader
 * reads the text back to an equal value (functions and host values excepted).
 *
 * Printing walks an explicit stack, so deeply nested values (a vector nested 100 000 levels deep)
 * print without exhausting the host call stack. It runs under the current evaluation's budget:
 * each element ticks the clock and the text is charged as it grows (a value that shares its
 * structure, such as 40 nested `[acc acc]`, is small in memory but prints to 2^40 elements).
 */

import { run, TextMeter } from "./runtime.ts";
import {
  HostValue,
  Keyword,
  LFloat,
  type LFn,
  LRegex,
  PMap,
  PSet,
  Sym,
  Var,
  Vec,
  compareValues,
  type Value,
} from "./values/index.ts";

/**
 * The readable text of `v`, like Clojure's `pr-str`:
 * `nil`, `true`, `42`, `2.0`, `0.5`, `1.0E21`, `##NaN`, `"a\"b"`, `:kw`, `[1 2]`, `{:a 1 :b 2}`,
 * `#{1 2}`, `#"a+"`, `#'x`, `#fn[name]` (or `#fn` for an anonymous function). Characters are
 * one-character strings, so `\a` prints as `"a"` (GAP-S126).
 */
export function printValue(v: Value): string {
  const direct = scalarText(v);
  if (direct !== null) return direct;
  let out = "";
  const state = run();
  const meter = new TextMeter(state);
  // One frame per open collection: its elements in print order and the next one to print.
  const stack: { xs: readonly Value[]; i: number; close: string }[] = [];
  const open = (x: Value): void => {
    if (x instanceof Vec) {
      out += "[";
      stack.push({ xs: x.toArray(), i: 0, close: "]" });
    } else if (x instanceof PMap) {
      state.tick(x.count);
      out += "{";
      const es = entriesInOrder(x);
      const xs: Value[] = new Array(es.length * 2);
      for (let i = 0; i < es.length; i++) {
        const e = es[i] as readonly [Value, Value];
        xs[2 * i] = e[0];
        xs[2 * i + 1] = e[1];
      }
      stack.push({ xs, i: 0, close: "}" });
    } else {
      out += "#{";
      state.tick((x as PSet).count);
      stack.push({ xs: membersInOrder(x as PSet), i: 0, close: "}" });
    }
  };
  open(v);
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as { xs: readonly Value[]; i: number; close: string };
    if (f.i === f.xs.length) {
      out += f.close;
      stack.pop();
      continue;
    }
    if (f.i > 0) out += " ";
    const x = f.xs[f.i++] as Value;
    const t = scalarText(x);
    if (t !== null) out += t;
    else open(x);
    state.tick();
    meter.grew(out.length);
  }
  return out;
}

/**
 * A map's entries sorted by key in term order (DIV-38), with fast paths for the common maps whose
 * keys are all keywords or all strings. Same order as `sortedEntries` in values/order.ts.
 */
export function entriesInOrder(m: PMap): (readonly [Value, Value])[] {
  const es = m.entries();
  if (es.length < 2) return es;
  let kws = true;
  let strs = true;
  for (const e of es) {
    const k = e[0];
    if (!(k instanceof Keyword)) kws = false;
    if (typeof k !== "string") strs = false;
  }
  if (kws) {
    if (es.length > 8) return es.sort((a, b) => cmpText((a[0] as Keyword).name, (b[0] as Keyword).name));
    // Insertion sort: typical records have a handful of keys and this avoids the sort call overhead.
    for (let i = 1; i < es.length; i++) {
      const e = es[i] as readonly [Value, Value];
      const name = (e[0] as Keyword).name;
      let j = i - 1;
      while (j >= 0 && ((es[j] as readonly [Value, Value])[0] as Keyword).name > name) {
        es[j + 1] = es[j] as readonly [Value, Value];
        j--;
      }
      es[j + 1] = e;
    }
    return es;
  }
  if (strs) return es.sort((a, b) => cmpText(a[0] as string, b[0] as string));
  return es.sort((a, b) => compareValues(a[0], b[0]));
}

/** A set's members sorted in term order. */
export function membersInOrder(s: PSet): Value[] {
  return s.toArray().sort(compareValues);
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What `str` makes of one argument: strings as they are, nil as "", a regex as its pattern text
 * (as Clojure does, GAP-S93), anything else as {@link printValue} (so `(str :a)` is ":a" and
 * `(str [1 "a"])` is `[1 "a"]`).
 */
export function printStr(v: Value): string {
  if (typeof v === "string") return v;
  if (v === null) return "";
  if (v instanceof LRegex) return v.source;
  return printValue(v);
}

/**
 * Renders a float as Java's `Double.toString` does (Clojure's `str`/`pr-str`): shortest
 * round-trip digits, positional for 1e-3 ≤ |x| < 1e7 (`1234567.0`, `0.001`, always a `.0` on whole
 * values), otherwise computerized scientific notation `1.2345678E7`, `1.0E-7`, `1.0E16`.
 * Infinities and NaN print as `##Inf`, `##-Inf`, `##NaN`. Every output is valid JSON except the
 * three `##` forms. (The reference runtime prints Elixir float text here; see docs/divergences.md.)
 */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return "##NaN";
  if (n === Infinity) return "##Inf";
  if (n === -Infinity) return "##-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(n);
    return s.includes(".") ? s : `${s}.0`;
  }
  const s = n.toExponential();
  const e = s.indexOf("e");
  const mantissa = s.slice(0, e);
  const exp = s.charCodeAt(e + 1) === 43 /* + */ ? s.slice(e + 2) : s.slice(e + 1);
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exp}`;
}

/** Quotes a string the way the reader reads it back: `\" \\ \n \t \r \b \f`, other controls as `\uXXXX`. */
export function quoteString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 34 && c !== 92) continue;
    out += s.slice(from, i) + (ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`);
    from = i + 1;
  }
  return `${out}${s.slice(from)}"`;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const ESCAPES: Record<number, string> = { 34: '\\"', 92: "\\\\", 10: "\\n", 9: "\\t", 13: "\\r", 8: "\\b", 12: "\\f" };

/**
 * A regex source as written inside `#"..."`. A pattern built from a string (`re-pattern`) may hold
 * a bare `"`; it gets a backslash so the printed literal still reads back.
 */
function regexText(src: string): string {
  if (!src.includes('"')) return src;
  let out = "";
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === "\\") {
      out += src.slice(i, i + 2);
      i++;
    } else {
      out += ch === '"' ? '\\"' : ch;
    }
  }
  return out;
}

/** Text of a value that has no elements to walk, or null for vectors, maps and sets. */
function scalarText(v: Value): string | null {
  if (v === null) return "nil";
  switch (typeof v) {
    case "number":
      // An integral number beyond ±(2^53-1) can only come from float arithmetic: print it as one.
      return Number.isSafeInteger(v) ? String(v) : formatFloat(v);
    case "string":
      return quoteString(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return String(v);
    case "function": {
      const name = (v as LFn).lispName;
      return name ? `#fn[${name}]` : "#fn";
    }
  }
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof LFloat) return formatFloat(v.v);
  if (v instanceof Vec || v instanceof PMap || v instanceof PSet) return null;
  if (v instanceof LRegex) return `#"${regexText(v.source)}"`;
  if (v instanceof Var) return `#'${v.name}`;
  if (v instanceof Sym) return v.full;
  if (v instanceof HostValue) return v.print();
  return String(v);
}
