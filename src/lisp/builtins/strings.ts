/**
 * String functions (spec §8.3, §8.13): `str`, `subs`, `join`, `split`, trimming, case, searching,
 * `replace`, `name`, `keyword`, `pr-str`, `println`. Indexes count graphemes, not UTF-16 units
 * (DIV-36); out-of-range `subs` gives "" (DIV-22); searches answer nil when nothing is found.
 * Numbers are stringified where a string is expected (GAP-S139). Registered under the
 * `clojure.string/`, `str/` and `string/` namespaces too (spec §9.8), see index.ts.
 */

import { graphemes, typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { printValue } from "../printer.ts";
import { run, TextMeter } from "../runtime.ts";
import { isNumber, Keyword, LRegex, PMap, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family, namesOf } from "./registry.ts";
import { matchValue } from "./regex.ts";
import { engineOf, splitParts } from "./regex-engine.ts";
import { intArg, items, vecOf } from "./support.ts";
import { joinText, str, strOf } from "./text-build.ts";

export { strOf };

const ASCII = /^[\x00-\x7f]*$/;

/** A string argument; numbers are stringified first (GAP-S139), anything else is a `type_error`. */
function strArg(x: Value, who: string): string {
  if (typeof x === "string") return x;
  if (isNumber(x)) return strOf(x);
  throw typeError(who, "a string", x);
}

/**
 * A string argument of a function Clojure declares on `CharSequence` (`trim`, `subs`, `split`,
 * `blank?`...): anything but a string, numbers included, is a `type_error`.
 */
function textArg(x: Value, who: string): string {
  if (typeof x === "string") return x;
  throw typeError(who, "a string", x);
}

function needle(x: Value, who: string): string {
  if (typeof x === "string") return x;
  throw typeError(who, "a string to look for", x);
}

function subs(s: Value, start: Value, end?: Value): string {
  const text = textArg(s, "subs");
  const from = intArg(start, "subs");
  const until = end === undefined || end === null ? null : intArg(end, "subs");
  if (until !== null && from >= 0 && from < until && until < text.length && plainPrefix(text, until)) {
    return text.slice(from, until);
  }
  const ascii = ASCII.test(text);
  const len = ascii ? text.length : graphemes(text).length;
  const to = until === null ? len : Math.min(until, len);
  if (from < 0 || from > len || from >= to) return "";
  return ascii ? text.slice(from, to) : graphemes(text).slice(from, to).join("");
}

/**
 * True when `text[0..last]` (inclusive, `last` < length) is ASCII without a CR LF pair. Then the
 * first `last` graphemes are the first `last` UTF-16 units whatever follows: between two ASCII
 * characters only CR LF joins (UAX #29 GB3), and every mark or joiner that could extend a cluster
 * is non-ASCII, so the boundary before `text[last]` holds too. Whole-ASCII strings count units,
 * other strings graphemes (see {@link graphemes}); both agree on such a prefix.
 */
function plainPrefix(text: string, last: number): boolean {
  let prev = 0;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f || (c === 10 && prev === 13)) return false;
    prev = c;
  }
  return true;
}

function join(...args: Value[]): string {
  const sep = args.length === 2 ? strOf(args[0] as Value) : "";
  const a = items(args[args.length - 1] as Value, "join");
  run().tick(a.length);
  return joinText(a, sep);
}

/** Java `String.split`: `limit` 0 drops trailing empty parts, > 0 caps the part count. */
function split(s: Value, sep: Value, limitArg?: Value): Vec {
  const text = textArg(s, "split");
  const limit = limitArg === undefined ? 0 : intArg(limitArg, "split");
  // Java: input without any delimiter match (the empty string included) comes back whole.
  if (text === "") return Vec.of([""]);
  let parts: string[];
  if (sep === "") {
    parts = graphemes(text);
    if (limit > 0 && parts.length > limit) parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join("")];
  } else if (typeof sep === "string" && sep.length === 1 && !isSurrogate(sep.charCodeAt(0))) {
    // One UTF-16 unit that is no half of a pair: its matches are plain `indexOf` hits.
    parts = limit > 0 ? splitLimited(text, sep, limit) : text.split(sep);
  } else if (typeof sep === "string") {
    if (graphemes(sep).length !== 1) {
      const re = sep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      throw new LispError(
        "type_error",
        `split expected a regex or a one-character delimiter, got string: ${JSON.stringify(sep)}`,
        null,
        `use a regex for longer delimiters: #"${re}"`,
      );
    }
    parts = splitOn(text, new RegExp(sep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu"), limit);
  } else if (sep instanceof LRegex) parts = splitParts(engineOf(sep), text, limit);
  else throw typeError("split", "a regex or a one-character string delimiter", sep);
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  run().tick(parts.length);
  return vecOf(parts);
}

/** Parts of `text` between occurrences of `sep` (not empty), at most `limit` (> 0) parts. */
function splitLimited(text: string, sep: string, limit: number): string[] {
  const parts: string[] = [];
  let last = 0;
  for (let at = text.indexOf(sep); at !== -1 && parts.length < limit - 1; at = text.indexOf(sep, last)) {
    parts.push(text.slice(last, at));
    last = at + sep.length;
  }
  parts.push(text.slice(last));
  return parts;
}

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

/** Parts of `text` between matches of the global regex `re`, at most `limit` parts when > 0. */
function splitOn(text: string, re: RegExp, limit: number): string[] {
  const parts: string[] = [];
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (m[0].length === 0) {
      if (m.index >= text.length) break;
      re.lastIndex = m.index + 1;
      // Java never yields a leading empty part for a zero-width match at the start.
      if (m.index === 0) continue;
    }
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** Grapheme index of the first (or last) occurrence of `sub` in `s` within the Java-style bound. */
function indexOf(who: string, sArg: Value, subArg: Value, fromArg: Value | undefined, last: boolean): Value {
  const s = strArg(sArg, who);
  const sub = needle(subArg, who);
  const from = fromArg === undefined ? (last ? Number.MAX_SAFE_INTEGER : 0) : intArg(fromArg, who);
  if (last && from < 0) return null;
  if (ASCII.test(s) && ASCII.test(sub)) {
    const i = last ? s.lastIndexOf(sub, from) : s.indexOf(sub, Math.max(0, from));
    return i < 0 ? null : i;
  }
  const g = graphemes(s);
  const n = graphemes(sub);
  const matchAt = (i: number): boolean => {
    for (let j = 0; j < n.length; j++) if (g[i + j] !== n[j]) return false;
    return true;
  };
  if (last) {
    for (let i = Math.min(from, g.length - n.length); i >= 0; i--) if (matchAt(i)) return i;
  } else {
    for (let i = Math.max(0, from); i + n.length <= g.length; i++) if (matchAt(i)) return i;
  }
  return null;
}

function replace(a: Value, b: Value, c?: Value): Value {
  if (c === undefined) return replaceItems(a, b);
  const s = strArg(a, "replace");
  const meter = new TextMeter();
  if (b instanceof LRegex) {
    const re = engineOf(b);
    if (typeof c !== "function") return re.replaceAll(s, textArg(c, "replace"));
    let out = "";
    let last = 0;
    re.each(s, (m) => {
      out += s.slice(last, m.start) + strOf(c(matchValue(m)));
      last = m.end;
      meter.grew(out.length);
    });
    return out + s.slice(last);
  }
  const match = needle(b, "replace");
  if (typeof c === "function") {
    let grown = s.length;
    return s.replaceAll(match, (m) => {
      const piece = strOf(c(m));
      grown += piece.length - m.length;
      meter.grew(grown);
      return piece;
    });
  }
  const rep = textArg(c, "replace");
  // The result's size is known before it is built: charge it first.
  if (rep.length > match.length) meter.grew(s.length + occurrences(s, match) * (rep.length - match.length));
  return s.replaceAll(match, () => rep);
}

/** How many non-overlapping times `needle` occurs in `s` (an empty needle: between every unit). */
function occurrences(s: string, needle: string): number {
  if (needle === "") return s.length + 1;
  const state = run();
  let n = 0;
  for (let at = s.indexOf(needle); at !== -1; at = s.indexOf(needle, at + needle.length)) {
    n++;
    if ((n & 1023) === 0) state.tick(1024);
  }
  return n;
}

/** `(replace smap coll)`: items found as keys of `smap` are swapped for their values. */
function replaceItems(smap: Value, coll: Value): Vec {
  const a = items(coll, "replace");
  run().tick(a.length);
  const out = new Array<Value>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    let r: Value | undefined;
    if (smap instanceof PMap) r = smap.get(x);
    else if (smap instanceof Vec && typeof x === "number" && Number.isInteger(x)) r = smap.at(x);
    else if (smap !== null && !(smap instanceof Vec)) throw typeError("replace", "a map of replacements", smap);
    out[i] = r === undefined ? x : r;
  }
  return Vec.of(out);
}

function name(x: Value): string {
  if (x instanceof Keyword) return x.name;
  if (typeof x === "string") return x;
  throw typeError("name", "a keyword or string", x);
}

const KEYWORD_NAME = /^\p{L}[\p{L}\p{N}_?!-]*$/u;

function keyword(x: Value): Value {
  if (x === null || x instanceof Keyword) return x;
  if (typeof x !== "string") throw typeError("keyword", "a string or keyword", x);
  if (!KEYWORD_NAME.test(x)) {
    throw new LispError(
      "runtime_error",
      `keyword: ${JSON.stringify(x)} is not a valid keyword name`,
      null,
      "keyword names start with a letter and use letters, digits, - _ ? ! (no / or spaces); keep string keys as strings",
    );
  }
  return Keyword.of(x);
}

function println(...xs: Value[]): null {
  let line = "";
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) line += " ";
    const x = xs[i] as Value;
    line += typeof x === "string" ? x : printValue(x);
  }
  const r = run();
  r.charge(line.length * 2 + 16);
  r.prints.push(line);
  return null;
}

function splitLines(s: Value): Vec {
  const t = textArg(s, "split-lines");
  if (t === "") return Vec.of([""]);
  // Without a CR the pattern can only match a bare LF: split on it without a RegExp.
  const parts = t.includes("\r") ? t.split(/\r?\n/) : t.split("\n");
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return vecOf(parts);
}

const trimNewline = (s: string): string => s.replace(/[\r\n]+$/, "");

const DEFS: BuiltinDef[] = [
  {
    name: "str",
    arity: [0, Infinity],
    doc: '(str x ...) — concatenation; nil is "", keywords keep their colon',
    fn: str,
    fnArray: (xs) => joinText(xs, ""),
  },
  {
    name: "subs",
    arity: [2, 3],
    doc: '(subs s start) (subs s start end) — substring by character index; "" when out of range',
    fn: (s, a, b) => subs(s, a, b),
  },
  { name: "join", arity: [1, 2], doc: "(join coll) (join sep coll) — items as strings joined by sep", fn: join },
  {
    name: "split",
    arity: [2, 3],
    doc: '(split s sep) (split s sep limit) — parts between a regex or one-character delimiter; "" splits characters',
    fn: (s, d, l) => split(s, d, l),
  },
  { name: "split-lines", arity: [1, 1], doc: "(split-lines s) — lines split on \\n or \\r\\n", fn: splitLines },
  {
    name: "trim",
    arity: [1, 1],
    doc: "(trim s) — without leading and trailing whitespace",
    fn: (s) => textArg(s, "trim").trim(),
  },
  {
    name: "triml",
    arity: [1, 1],
    doc: "(triml s) — without leading whitespace",
    fn: (s) => textArg(s, "triml").trimStart(),
  },
  {
    name: "trimr",
    arity: [1, 1],
    doc: "(trimr s) — without trailing whitespace",
    fn: (s) => textArg(s, "trimr").trimEnd(),
  },
  {
    name: "trim-newline",
    arity: [1, 1],
    doc: "(trim-newline s) — without trailing \\n and \\r",
    fn: (s) => trimNewline(textArg(s, "trim-newline")),
  },
  {
    name: "blank?",
    arity: [1, 1],
    doc: '(blank? s) — true for nil, "" or only whitespace',
    fn: (s) => s === null || textArg(s, "blank?").trim() === "",
  },
  {
    name: "upper-case",
    aliases: ["upcase"],
    arity: [1, 1],
    doc: "(upper-case s) — s in upper case",
    fn: (s) => strArg(s, "upper-case").toUpperCase(),
  },
  {
    name: "lower-case",
    aliases: ["downcase"],
    arity: [1, 1],
    doc: "(lower-case s) — s in lower case",
    fn: (s) => strArg(s, "lower-case").toLowerCase(),
  },
  {
    name: "starts-with?",
    arity: [2, 2],
    doc: "(starts-with? s prefix) — s begins with prefix",
    fn: (s, p) => strArg(s, "starts-with?").startsWith(needle(p, "starts-with?")),
  },
  {
    name: "ends-with?",
    arity: [2, 2],
    doc: "(ends-with? s suffix) — s ends with suffix",
    fn: (s, p) => strArg(s, "ends-with?").endsWith(needle(p, "ends-with?")),
  },
  {
    name: "includes?",
    arity: [2, 2],
    doc: "(includes? s sub) — s contains sub",
    fn: (s, p) => strArg(s, "includes?").includes(needle(p, "includes?")),
  },
  {
    name: "index-of",
    arity: [2, 3],
    doc: "(index-of s sub) (index-of s sub from) — character index of the first sub at or after from, else nil",
    fn: (s, v, f) => indexOf("index-of", s, v, f, false),
  },
  {
    name: "last-index-of",
    arity: [2, 3],
    doc: "(last-index-of s sub) (last-index-of s sub from) — index of the last sub starting at or before from, else nil",
    fn: (s, v, f) => indexOf("last-index-of", s, v, f, true),
  },
  {
    name: "replace",
    arity: [2, 3],
    doc: "(replace s match replacement) — every match (string or regex) replaced; (replace smap coll) swaps items",
    fn: (a, b, c) => replace(a, b, c),
  },
  { name: "name", arity: [1, 1], doc: "(name x) — keyword name without the colon; strings unchanged", fn: name },
  { name: "keyword", arity: [1, 1], doc: "(keyword s) — keyword named s; nil for nil", fn: keyword },
  {
    name: "pr-str",
    arity: [0, Infinity],
    doc: "(pr-str x ...) — readable text, strings quoted, space-separated",
    fn: (...xs) => xs.map(printValue).join(" "),
  },
  {
    name: "println",
    arity: [0, Infinity],
    doc: "(println x ...) — print one line (strings unquoted) to the output; returns nil",
    fn: println,
  },
];

/** Every name of this family, reachable under the string namespaces too (aliased by index.ts). */
export const CLOJURE_STRING_NAMES: readonly string[] = namesOf(DEFS);

/** The string family. */
export const STRINGS = family("strings", DEFS);
