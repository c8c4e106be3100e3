/**
 * Turning one token into a value or a symbol (spec §2.3, §2.4, §3.3): numbers, symbols and
 * keywords. Each function returns the result or a message saying what is wrong with the token;
 * the reader adds the position.
 */

import { mkFloat, mkInt, type Value } from "../values/index.ts";

/** Longest integer literal accepted, in digits (spec §3.3). */
export const MAX_INT_DIGITS = 100;

/** Either a parsed result or the reason the token is not acceptable. */
export type Parsed<T> = { ok: true; v: T } | { ok: false; error: string };

const FLOAT_RE = /^[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/**
 * Parses a token that starts with a digit, or a sign then a digit. Integers become numbers when
 * within ±(2^53-1) and bigints beyond; floats become plain numbers, or an LFloat when whole
 * (`1.0`, `2.5e10`). Ratios, BigDecimals, `N` suffixes, hex, octal and radix forms are refused.
 */
export function parseNumber(tok: string): Parsed<Value> {
  if (isIntToken(tok)) {
    const digits = tok.charCodeAt(0) < 48 ? tok.slice(1) : tok;
    if (digits.length > 1 && digits[0] === "0") {
      return bad(tok, "octal literals are not supported; drop the leading zero");
    }
    if (digits.length > MAX_INT_DIGITS) {
      return { ok: false, error: `integer literal has ${digits.length} digits; at most ${MAX_INT_DIGITS} are allowed` };
    }
    // `|| 0` folds -0 into 0: integers have no negative zero.
    return { ok: true, v: digits.length <= 15 ? Number(tok) || 0 : mkInt(BigInt(tok)) };
  }
  if (FLOAT_RE.test(tok)) return { ok: true, v: mkFloat(Number(tok)) };
  return bad(tok, numberHint(tok));
}

/**
 * Whether `tok` is `[+-]?[0-9]+`. A loop, not a regular expression: the first one a process
 * tests is compiled then, a cost every `eval` of a program with a number would pay (decision 0037).
 */
function isIntToken(tok: string): boolean {
  const start = tok.charCodeAt(0) === 43 || tok.charCodeAt(0) === 45 ? 1 : 0;
  if (tok.length === start) return false;
  for (let i = start; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function numberHint(tok: string): string {
  const body = tok.replace(/^[+-]/, "");
  if (/^0[xX]/.test(body)) return "hexadecimal literals are not supported; write the number in decimal";
  if (/^\d+[rR]/.test(body)) return "radix literals are not supported; write the number in decimal";
  if (/^\d+\/\d+$/.test(body)) return "ratios are not supported; write a division such as (/ 1 3) or a float";
  if (/^[\d.eE+-]+M$/.test(body)) return "BigDecimal literals are not supported; drop the M suffix";
  if (/^\d+N$/.test(body)) return "the N suffix is not supported; integers are already arbitrary precision";
  if (/^[\d.]+$/.test(body)) return "a number has at most one decimal point";
  return "a number may only contain digits, one decimal point and an exponent such as e10";
}

function bad(tok: string, why: string): Parsed<never> {
  return { ok: false, error: `invalid number literal "${tok}": ${why}` };
}

// Character classes as bit flags over ASCII codes.
const SYM_FIRST = 1;
const SYM_REST = 2;
const KW = 4;
const CLASS = new Uint8Array(128);
/** Sets `flags` on each character of `chars` (a loop over codes: this runs at every start). */
function classify(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    CLASS[c] = (CLASS[c] as number) | flags;
  }
}
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
classify(LETTERS, SYM_FIRST | SYM_REST | KW);
classify("0123456789", SYM_REST | KW);
classify("+-*/<>=?!_%.&", SYM_FIRST | SYM_REST);
classify("'", SYM_REST);
classify("+-*<>=?!_", KW);

/** True when code point `cp` is allowed where flag `f` is required; non-ASCII letters always are. */
function allowed(cp: number, f: number): boolean {
  if (cp < 128) return ((CLASS[cp] as number) & f) !== 0;
  const ch = String.fromCodePoint(cp);
  return f === SYM_FIRST || f === KW ? /\p{L}/u.test(ch) : /[\p{L}\p{N}\p{M}]/u.test(ch);
}

/** The first code point of `s` from index `i` that fails `flag`, or null when all pass. */
function firstBad(s: string, from: number, flag: number): string | null {
  for (let i = from; i < s.length; i++) {
    const cp = s.codePointAt(i) as number;
    // `/` passes here so a keyword like :user/id gets its own, more helpful message.
    if (!allowed(cp, flag) && !(flag === KW && cp === 0x2f)) return String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
  }
  return null;
}

/** A symbol split at its first `/` (spec §2.3): `clojure.string/join` → ns "clojure.string". */
export interface SymParts {
  ns: string | null;
  name: string;
}

/**
 * Validates a symbol token (it does not start with a digit, `:`, `#` or a quote) and splits off
 * its namespace. `/` alone is the division symbol; `clojure.core//` is `/` in that namespace.
 */
export function parseSymbol(tok: string): Parsed<SymParts> {
  const first = tok.codePointAt(0) as number;
  if (!allowed(first, SYM_FIRST)) {
    return { ok: false, error: `invalid symbol "${tok}": a symbol cannot start with "${String.fromCodePoint(first)}"` };
  }
  const wrong = firstBad(tok, first > 0xffff ? 2 : 1, SYM_REST);
  if (wrong !== null) return { ok: false, error: `invalid character "${wrong}" in symbol "${tok}"` };
  const slash = tok.indexOf("/");
  if (slash === -1 || tok === "/") return { ok: true, v: { ns: null, name: tok } };
  if (slash === 0) return { ok: false, error: `invalid symbol "${tok}": nothing before "/"` };
  if (slash === tok.length - 1) return { ok: false, error: `invalid symbol "${tok}": nothing after "/"` };
  return { ok: true, v: { ns: tok.slice(0, slash), name: tok.slice(slash + 1) } };
}

/**
 * Validates the text after `:` and returns the keyword name (spec §2.4, DIV-34, DIV-35). Names use
 * letters, digits and `+ - * < > = ? ! _`. Namespaced keywords (`:user/id`) are refused (DIV-13).
 */
export function parseKeyword(name: string): Parsed<string> {
  if (name === "") return { ok: false, error: 'a keyword needs a name after ":" (for example :name)' };
  if (name[0] === ":")
    return { ok: false, error: `auto-resolved keywords like ":${name}" are not supported; write :${name.slice(1)}` };
  const wrong = firstBad(name, 0, KW);
  if (wrong !== null) {
    return {
      ok: false,
      error: `invalid character "${wrong}" in keyword ":${name}": keywords use letters, digits and + - * < > = ? ! _`,
    };
  }
  if (name.includes("/")) {
    const suggestion = name.replace(/^\/+|\/+$/g, "").replaceAll("/", "-") || "name";
    return {
      ok: false,
      error: `invalid keyword ":${name}": namespaced keywords are not supported; write :${suggestion} instead`,
    };
  }
  return { ok: true, v: name };
}
