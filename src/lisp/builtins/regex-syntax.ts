/**
 * Java regex syntax (what `#"..."` and `re-pattern` accept, spec §8.10) rewritten into the syntax
 * of the linear-time RE2 engine. Most Java syntax is RE2 syntax already; this pass
 *
 * - spells Java-only escapes the RE2 way: `\uXXXX`, `\0ooo`, `\e`, `\cX`, `\h`, `\v`, `\R`,
 *   `\Q...\E`, Java's POSIX and `java*`/`Is*` property names (`\p{Alpha}`, `\p{IsLatin}`...);
 * - applies the inline flags RE2 lacks: `(?x)` comments mode (from where it appears to the end of
 *   the pattern, or to a later `(?-x)`), `(?u)` and `(?d)` (no-ops here);
 * - notes lookbehind, which the engine runs in linear time when told to;
 * - refuses, with an error naming the feature and an alternative, what no linear-time engine can
 *   do: backreferences, lookahead, atomic groups, possessive quantifiers, and the Java class
 *   operators RE2 would silently misread (`&&` intersection, nested classes).
 *
 * Known differences that remain: case-insensitive matching folds Unicode case (Java folds ASCII
 * unless `(?u)`), `$` without `(?m)` matches only at the very end (Java also before a final
 * newline), and `.` excludes only `\n` (Java also `\r`, U+0085, U+2028, U+2029).
 */

import { LispError } from "../errors.ts";
import {
  codePoint,
  HORIZONTAL_WS,
  POSIX,
  PROPERTIES,
  unicodeName,
  unsupportedRegex,
  VERTICAL_WS,
} from "./regex-java.ts";

/** An RE2 pattern made from a Java one. */
export interface Re2Source {
  /** The pattern in RE2 syntax. */
  source: string;
  /** True when the pattern uses lookbehind (the engine needs a flag for it). */
  lookbehind: boolean;
}

/** Rewrites a Java pattern for RE2; throws `unsupported_pattern` for features it cannot run. */
export function toRe2Syntax(src: string): Re2Source {
  const t = new Translator(src);
  t.run();
  return { source: t.out, lookbehind: t.lookbehind };
}

const PUNCT = /[!-/:-@[-`{-~]/;

class Translator {
  out = "";
  lookbehind = false;
  private i = 0;
  private inClass = false;
  /** Index in `src` of the first character of the current class body (after `[` or `[^`). */
  private classBody = -1;
  private comments = false;
  /** 0: last token was not a quantifier; 1: a greedy quantifier; 2: a lazy one (`*?`). */
  private q = 0;

  constructor(private readonly src: string) {}

  run(): void {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (this.comments && !this.inClass && this.skipComment(c)) continue;
      if (c === "\\") {
        this.escape();
        this.q = 0;
      } else if (this.inClass) {
        this.classChar(c);
      } else if (c === "[") {
        this.openClass();
        this.q = 0;
      } else if (c === "(") {
        this.group();
        this.q = 0;
      } else if (
        c === "*" ||
        c === "+" ||
        c === "?" ||
        (c === "{" && /^\{\d+(,\d*)?\}/.test(s.slice(this.i, this.i + 24)))
      ) {
        this.quantifier(c);
      } else {
        this.out += c;
        this.i++;
        this.q = 0;
      }
    }
  }

  /** In comments mode: skips whitespace and `#` comments; true when something was skipped. */
  private skipComment(c: string): boolean {
    if (/\s/.test(c)) {
      this.i++;
      return true;
    }
    if (c !== "#") return false;
    while (this.i < this.src.length && this.src[this.i] !== "\n") this.i++;
    return true;
  }

  private quantifier(c: string): void {
    const s = this.src;
    if (this.q === 1 && c === "+") {
      throw unsupportedRegex(
        "a possessive quantifier (*+, ++, ?+)",
        "drop the trailing + to use the ordinary greedy quantifier",
      );
    }
    if (this.q === 1 && c === "?") {
      this.out += "?";
      this.i++;
      this.q = 2;
      return;
    }
    if (c === "{") {
      const end = s.indexOf("}", this.i);
      this.out += s.slice(this.i, end + 1);
      this.i = end + 1;
    } else {
      this.out += c;
      this.i++;
    }
    this.q = 1;
  }

  private openClass(): void {
    this.out += "[";
    this.i++;
    if (this.src[this.i] === "^") {
      this.out += "^";
      this.i++;
    }
    this.inClass = true;
    this.classBody = this.i;
  }

  private classChar(c: string): void {
    const s = this.src;
    if (c === "]" && this.i !== this.classBody) {
      this.inClass = false;
    } else if (c === "[") {
      const posix = /^\[:\^?[a-z]+:\]/.exec(s.slice(this.i, this.i + 16));
      if (posix === null) {
        throw unsupportedRegex(
          "a nested character class ([a[b]] or [a-z&&[^e]])",
          "write one flat class such as [a-df-z], or combine alternatives with |",
        );
      }
      this.out += posix[0];
      this.i += posix[0].length;
      return;
    } else if (c === "&" && s[this.i + 1] === "&") {
      throw unsupportedRegex(
        "character class intersection (&&)",
        "write one flat class such as [a-df-z] instead of [a-z&&[^e]]",
      );
    }
    this.out += c;
    this.i++;
  }

  private group(): void {
    const s = this.src;
    const rest = s.slice(this.i, this.i + 4);
    if (rest.startsWith("(?=") || rest.startsWith("(?!")) {
      throw unsupportedRegex(
        `lookahead ${rest.slice(0, 3)}...)`,
        "capture the part you would look at and test it separately, e.g. with a second re-find, or match a wider text and take a group",
      );
    }
    if (rest.startsWith("(?>"))
      throw unsupportedRegex("an atomic group (?>...)", "use a plain non-capturing group (?:...)");
    if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
      this.lookbehind = true;
      this.out += rest;
      this.i += 4;
      return;
    }
    const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([):])/.exec(s.slice(this.i, this.i + 24));
    if (flags === null) {
      this.out += "(";
      this.i++;
      return;
    }
    const on = this.flagSet(flags[1] ?? "", true);
    const off = this.flagSet(flags[2] ?? "", false);
    const close = flags[3] as string;
    if (on === "" && off === "") this.out += close === ":" ? "(?:" : "";
    else this.out += `(?${on}${off === "" ? "" : `-${off}`}${close}`;
    this.i += flags[0].length;
  }

  /** The inline flags RE2 understands; applies `x` here and refuses the ones with no meaning. */
  private flagSet(letters: string, on: boolean): string {
    let kept = "";
    for (const f of letters) {
      if (f === "i" || f === "m" || f === "s") kept += f;
      else if (f === "x") this.comments = on;
      else if (f === "u" || f === "d") continue;
      else if (f === "U")
        throw unsupportedRegex("the (?U) Unicode-classes flag", "use \\p{L} or \\p{Nd} for Unicode letters or digits");
      else throw unsupportedRegex(`the inline flag (?${f})`, "supported inline flags: i m s x u d");
    }
    return kept;
  }

  private escape(): void {
    const s = this.src;
    const d = s[this.i + 1];
    if (d === undefined) {
      this.out += "\\";
      this.i++;
      return;
    }
    this.i += 2;
    if (d >= "1" && d <= "9") throw backreference(`\\${d}`);
    switch (d) {
      case "k":
        throw backreference("\\k<name>");
      case "0":
        return this.octal();
      case "u":
        return this.unicodeEscape();
      case "e":
        this.out += "\\x{1B}";
        return;
      case "c": {
        const ch = s[this.i];
        if (ch === undefined) throw new LispError("runtime_error", "regex: \\c must be followed by a letter");
        this.i++;
        this.out += codePoint(ch.charCodeAt(0) ^ 64);
        return;
      }
      case "h":
      case "H":
      case "v":
      case "V":
        return this.spaceClass(d === "h" || d === "H" ? HORIZONTAL_WS : VERTICAL_WS, d === "H" || d === "V", `\\${d}`);
      case "R":
        if (this.inClass)
          throw unsupportedRegex("\\R inside a character class", "use [\\n\\r] or \\R outside the class");
        this.out += `(?:\\r\\n|[${VERTICAL_WS}])`;
        return;
      case "Z":
        throw unsupportedRegex("\\Z (end before a final line break)", "use \\z or $ for the end of the input");
      case "G":
        throw unsupportedRegex("\\G (end of the previous match)", "anchor with ^ or iterate matches with re-seq");
      case "X":
        throw unsupportedRegex(
          "\\X (grapheme cluster)",
          "use . with (?s) or split the string into characters with seq",
        );
      case "Q":
        return this.quoted();
      case "p":
      case "P":
        return this.property(d === "P");
      default:
        // In comments mode an escaped space is a literal space; RE2 has no such escape.
        this.out += /\s/.test(d) ? codePoint(d.charCodeAt(0)) : `\\${d}`;
    }
  }

  /** Java octal escape `\0n`, `\0nn`, `\0mnn` (m ≤ 3). */
  private octal(): void {
    const m = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(this.src.slice(this.i, this.i + 3));
    if (m === null) throw new LispError("runtime_error", "regex: \\0 must be followed by octal digits, e.g. \\0101");
    this.out += codePoint(Number.parseInt(m[0], 8));
    this.i += m[0].length;
  }

  /** `\uXXXX`, joining a `\uD83D\uDE00` surrogate pair into one code point. */
  private unicodeEscape(): void {
    const s = this.src;
    const hex = /^[0-9a-fA-F]{4}/.exec(s.slice(this.i, this.i + 4));
    if (hex === null) throw new LispError("runtime_error", "regex: \\u must be followed by four hex digits");
    let cp = Number.parseInt(hex[0], 16);
    this.i += 4;
    const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(s.slice(this.i, this.i + 6));
    if (cp >= 0xd800 && cp <= 0xdbff && low !== null) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (Number.parseInt(low[1] as string, 16) - 0xdc00);
      this.i += 6;
    }
    this.out += codePoint(cp);
  }

  private spaceClass(body: string, negated: boolean, name: string): void {
    if (!this.inClass) this.out += `[${negated ? "^" : ""}${body}]`;
    else if (!negated) this.out += body;
    else
      throw unsupportedRegex(
        `${name} inside a character class`,
        `use ${name} outside the class, e.g. (?:${name}|[...])`,
      );
  }

  /** `\Q...\E`: every character literal. */
  private quoted(): void {
    const s = this.src;
    const end = s.indexOf("\\E", this.i);
    const text = s.slice(this.i, end === -1 ? s.length : end);
    this.i = end === -1 ? s.length : end + 2;
    for (const ch of text) this.out += PUNCT.test(ch) ? `\\${ch}` : ch;
  }

  /** `\p{Name}` / `\P{Name}` / `\pL`. */
  private property(negated: boolean): void {
    const s = this.src;
    let name: string;
    if (s[this.i] === "{") {
      const end = s.indexOf("}", this.i);
      if (end === -1) throw new LispError("runtime_error", "regex: unclosed \\p{...}");
      name = s.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = s[this.i] ?? "";
      this.i++;
    }
    const posix = POSIX[name];
    if (posix !== undefined) {
      const cls = `[:${negated ? "^" : ""}${posix}:]`;
      this.out += this.inClass ? cls : `[${cls}]`;
      return;
    }
    const body = PROPERTIES[name] ?? unicodeName(name);
    if (!/^\\p\{[^}]+\}$/.test(body)) {
      // A composite class body (several properties or ranges).
      if (!this.inClass) this.out += `[${negated ? "^" : ""}${body}]`;
      else if (!negated) this.out += body;
      else throw unsupportedRegex(`\\P{${name}} inside a character class`, `use \\P{${name}} outside the class`);
      return;
    }
    this.out += negated ? `\\P${body.slice(2)}` : body;
  }
}

function backreference(what: string): LispError {
  return unsupportedRegex(
    `a backreference ${what}`,
    'capture the candidates with groups and compare them in code, e.g. (let [[_ a b] (re-find #"(\\w+) (\\w+)" s)] (= a b))',
  );
}
