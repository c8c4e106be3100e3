/**
 * The Java regex vocabulary that RE2 spells differently: named whitespace classes, POSIX and
 * `java*` / `Is*` property names, code-point escapes, and the error for features the linear-time
 * engine cannot run. Used by regex-syntax.ts.
 */

import { LispError } from "../errors.ts";

/** The `unsupported_pattern` error for a Java regex feature the engine cannot run. */
export function unsupportedRegex(feature: string, hint: string): LispError {
  return new LispError(
    "unsupported_pattern",
    `regex: ${feature} is not supported (patterns run on a linear-time engine)`,
    null,
    hint,
  );
}

/** Java `\v` (vertical whitespace) as an RE2 class body. */
export const VERTICAL_WS = "\\n\\x{0B}\\f\\r\\x{85}\\x{2028}\\x{2029}";
/** Java `\h` (horizontal whitespace) as an RE2 class body. */
export const HORIZONTAL_WS = " \\t\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";
const UNICODE_WS = `\\t${VERTICAL_WS} \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}`;

/** Java POSIX class names → RE2 ASCII class names. */
export const POSIX: Record<string, string> = {
  Lower: "lower",
  Upper: "upper",
  ASCII: "ascii",
  Alpha: "alpha",
  Digit: "digit",
  Alnum: "alnum",
  Punct: "punct",
  Graph: "graph",
  Print: "print",
  Blank: "blank",
  Cntrl: "cntrl",
  XDigit: "xdigit",
  Space: "space",
};

/** Java's Unicode property spellings → RE2 class bodies. */
export const PROPERTIES: Record<string, string> = {
  IsAlphabetic: "\\p{L}\\p{Nl}",
  javaAlphabetic: "\\p{L}\\p{Nl}",
  IsLetter: "\\p{L}",
  javaLetter: "\\p{L}",
  IsDigit: "\\p{Nd}",
  javaDigit: "\\p{Nd}",
  IsUppercase: "\\p{Lu}",
  javaUpperCase: "\\p{Lu}",
  IsLowercase: "\\p{Ll}",
  javaLowerCase: "\\p{Ll}",
  IsTitlecase: "\\p{Lt}",
  javaTitleCase: "\\p{Lt}",
  IsLetterOrDigit: "\\p{L}\\p{Nd}",
  javaLetterOrDigit: "\\p{L}\\p{Nd}",
  IsWhite_Space: UNICODE_WS,
  IsWhiteSpace: UNICODE_WS,
  javaWhitespace: UNICODE_WS,
  javaSpaceChar: "\\p{Z}",
  IsPunctuation: "\\p{P}",
  IsControl: "\\p{Cc}",
  IsIdeographic: "\\p{Han}",
};

/** A Unicode property name (category or script) as RE2 spells it; blocks raise `unsupported_pattern`. */
export function unicodeName(name: string): string {
  const eq = /^(?:gc|general_category|sc|script|Is)=?(.+)$/.exec(name);
  if (/^(?:In|blk=|block=)/.test(name)) {
    throw unsupportedRegex(
      `the Unicode block \\p{${name}}`,
      "use a script such as \\p{Greek} or \\p{Han}, or a range like [\\x{0370}-\\x{03FF}]",
    );
  }
  return `\\p{${eq === null ? name : eq[1]}}`;
}

/** An RE2 escape for one code point: `\\x{1F600}`. */
export function codePoint(cp: number): string {
  return `\\x{${cp.toString(16).toUpperCase()}}`;
}
