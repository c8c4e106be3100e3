/**
 * Regex functions (spec §8.10): `re-pattern`, `re-find`, `re-matches`, `re-seq`, `re-split`,
 * `extract`, `extract-int`, on the linear-time engine of regex-engine.ts.
 *
 * Results follow Clojure: a match is its text when the pattern has no groups, else a vector of
 * the whole match and each group, with nil for a group that did not take part (GAP-S92).
 * No match is nil, for `re-seq` too (GAP-S82: Clojure's nil, so `(when (re-seq ...))` works).
 * `re-pattern` returns an existing regex unchanged (GAP-S66). The `re-*` functions need a regex
 * (a string is a `type_error` naming `re-pattern`); `extract` and `extract-int` also take a
 * pattern string, compiled once (cached). A nil input string gives the same
 * answer as "no match" (bad data signals, spec §1 rule 1); other non-strings are a `type_error`.
 * Also reachable as `regex/re-find` etc. (spec §9.8).
 */

import { typeError } from "../access.ts";
import { LispError } from "../errors.ts";
import { LRegex, type Value, Vec } from "../values/index.ts";
import { parseLong } from "./parse.ts";
import { engineOf, type JavaRegex, type RegexMatch, regexFor, splitParts } from "./regex-engine.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { intArg, vecOf } from "./support.ts";

/** `(re-pattern s)`: the regex for a Java-syntax pattern; a regex passes through. */
export function rePattern(x: Value): LRegex {
  if (x instanceof LRegex) return x;
  if (typeof x === "string") return regexFor(x);
  throw typeError("re-pattern", "a pattern string", x);
}

/**
 * The engine for a regex argument. The `re-*` functions take a regex only, as in Clojure (a
 * string there is a `type_error` pointing at `re-pattern` / `#""`); `extract` and `extract-int`
 * also take a pattern string (spec §8.10).
 */
function engine(re: Value, who: string, strings = false): JavaRegex {
  if (re instanceof LRegex) return engineOf(re);
  if (typeof re === "string") {
    if (strings) return engineOf(regexFor(re));
    throw new LispError(
      "type_error",
      `${who} expected a regex, got string: ${JSON.stringify(re.length > 40 ? `${re.slice(0, 40)}...` : re)}`,
      null,
      `write a regex literal #"..." or (re-pattern s): (${who} #"${re.length > 20 ? "..." : re.replace(/"/g, '\\"')}" s)`,
    );
  }
  throw typeError(who, 'a regex such as #"\\d+" as first argument', re);
}

/** The input string, or null for nil (which every caller turns into "no match"). */
function input(s: Value, who: string): string | null {
  if (typeof s === "string" || s === null) return s;
  throw typeError(who, "a string to search", s);
}

/** Clojure's `re-groups`: the text alone without groups, else [whole g1 g2 ...]. */
export function matchValue(m: RegexMatch): Value {
  return m.groups.length === 1 ? (m.groups[0] as string) : Vec.of(m.groups);
}

function reFind(re: Value, s: Value): Value {
  const r = engine(re, "re-find");
  const text = input(s, "re-find");
  if (text === null) return null;
  return r.findValue(text);
}

function reMatches(re: Value, s: Value): Value {
  const r = engine(re, "re-matches");
  const text = input(s, "re-matches");
  if (text === null) return null;
  const m = r.matchWhole(text);
  return m === null ? null : matchValue(m);
}

function reSeq(re: Value, s: Value): Value {
  const r = engine(re, "re-seq");
  const text = input(s, "re-seq");
  if (text === null) return null;
  const out: Value[] = r.groupCount === 0 ? r.texts(text) : [];
  if (r.groupCount > 0) r.each(text, (m) => void out.push(matchValue(m)));
  return out.length === 0 ? null : vecOf(out);
}

/** `(re-split re s)`: every part between matches, empty ones included (trailing too). */
function reSplit(re: Value, s: Value): Vec {
  const r = engine(re, "re-split");
  const text = input(s, "re-split");
  if (text === null) return Vec.EMPTY;
  return vecOf(splitParts(r, text, 0));
}

/** Group `n` of the first match, or null when there is no match or no such group. */
function extract(pattern: Value, s: Value, n?: Value, who = "extract"): Value {
  const r = engine(pattern, who, true);
  const group = n === undefined ? 1 : intArg(n, who, "a group number");
  const text = input(s, who);
  if (text === null) return null;
  const m = r.find(text);
  if (m === null || group < 0 || group >= m.groups.length) return null;
  return m.groups[group] ?? null;
}

function extractInt(pattern: Value, s: Value, n?: Value, dflt: Value = null): Value {
  const found = extract(pattern, s, n, "extract-int");
  const v = found === null ? null : parseLong(found);
  return v === null ? dflt : v;
}

const DEFS: BuiltinDef[] = [
  {
    name: "re-pattern",
    arity: [1, 1],
    doc: '(re-pattern s) — regex from a Java-syntax pattern string, like #"..."; a regex is returned as is',
    fn: rePattern,
  },
  {
    name: "re-find",
    arity: [2, 2],
    doc: "(re-find re s) — first match: its text, or [whole group1 ...] when re has groups; nil if none",
    fn: reFind,
  },
  {
    name: "re-matches",
    arity: [2, 2],
    doc: "(re-matches re s) — like re-find, but re must match all of s",
    fn: reMatches,
  },
  {
    name: "re-seq",
    arity: [2, 2],
    doc: "(re-seq re s) — vector of every match (texts or group vectors); nil if none",
    fn: reSeq,
  },
  {
    name: "re-split",
    arity: [2, 2],
    doc: "(re-split re s) — parts of s between matches, empty parts kept",
    fn: reSplit,
  },
  {
    name: "extract",
    arity: [2, 3],
    doc: "(extract re s) (extract re s n) — group n (default 1, 0 = whole match) of the first match, else nil",
    fn: (p, s, n) => extract(p, s, n),
  },
  {
    name: "extract-int",
    arity: [2, 4],
    doc: "(extract-int re s) (extract-int re s n) (extract-int re s n default) — that group parsed as an integer, else default (nil)",
    fn: (p, s, n, d) => extractInt(p, s, n, d),
  },
];

/** Names reachable as `regex/<name>` too (spec §9.8). */
export const REGEX_NAMES: readonly string[] = DEFS.map((d) => d.name);

/** The regex family. */
export const REGEX = family("regex", DEFS);
