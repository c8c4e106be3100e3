/**
 * Character-level scanning for the reader (spec §2): whitespace and comments, token boundaries,
 * string / regex / character literals, and 1-based source positions. Everything works on indices
 * into the source string; no regex runs per character.
 */

import { LispError, type Pos } from "../errors.ts";

const WS = 1;
const TERM = 2;

/** Per-ASCII-code flags: WS = skipped between forms, TERM = ends a symbol/number/keyword token. */
const ASCII = new Uint8Array(128);
for (const ch of " \t\n\r\f\v,") ASCII[ch.charCodeAt(0)] = WS | TERM;
// `\ @ ^ ` ~` end a token as in Clojure, so `a@b` reads as `a` then a (rejected) `@b`.
for (const ch of '()[]{}";\\@^`~') ASCII[ch.charCodeAt(0)] = TERM;

/** True for whitespace outside ASCII that editors and chat UIs tend to insert (nbsp, BOM...). */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** True when char code `c` ends a token (whitespace, comma, delimiter or Clojure macro char). */
export function isTerminator(c: number): boolean {
  return c < 128 ? ((ASCII[c] as number) & TERM) !== 0 : isUnicodeSpace(c);
}

/**
 * Cursor over one program's text. `i` is the UTF-16 index of the next unread character.
 * Positions count lines from 1 (`\n` starts a line) and columns in code points from 1.
 */
export class Scanner {
  i = 0;
  readonly len: number;
  private pIdx = 0;
  private pLine = 1;
  private pCol = 1;

  constructor(readonly src: string) {
    this.len = src.length;
  }

  /**
   * The line/column of index `idx`. Cheap when called with non-decreasing indices (the reader's
   * pattern); an earlier index restarts the count from the top.
   */
  posAt(idx: number): Pos {
    if (idx < this.pIdx) {
      this.pIdx = 0;
      this.pLine = 1;
      this.pCol = 1;
    }
    const s = this.src;
    let line = this.pLine;
    let col = this.pCol;
    for (let k = this.pIdx; k < idx; k++) {
      const c = s.charCodeAt(k);
      if (c === 10) {
        line++;
        col = 1;
      } else if ((c & 0xfc00) !== 0xdc00) {
        col++; // a low surrogate belongs to the code point already counted
      }
    }
    this.pIdx = idx;
    this.pLine = line;
    this.pCol = col;
    return { line, column: col };
  }

  /** Throws a `parse_error` located at index `idx`. */
  fail(message: string, idx: number): never {
    throw new LispError("parse_error", message, this.posAt(idx));
  }

  /** `line L, column C` of index `idx`, for messages that point somewhere else. */
  where(idx: number): string {
    const p = this.posAt(idx);
    return `line ${p.line}, column ${p.column}`;
  }

  /** Skips whitespace, commas and `;` comments; returns the next char code or -1 at the end. */
  skipTrivia(): number {
    const s = this.src;
    let i = this.i;
    while (i < this.len) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (((ASCII[c] as number) & WS) !== 0) {
          i++;
        } else if (c === 59 /* ; */) {
          const nl = s.indexOf("\n", i);
          i = nl === -1 ? this.len : nl + 1;
        } else {
          this.i = i;
          return c;
        }
      } else if (isUnicodeSpace(c)) {
        i++;
      } else {
        this.i = i;
        return c;
      }
    }
    this.i = i;
    return -1;
  }

  /** Index just past the token starting at `start` (a token runs until a terminator). */
  tokenEnd(start: number): number {
    const s = this.src;
    let i = start;
    while (i < this.len && !isTerminator(s.charCodeAt(i))) i++;
    return i;
  }

  /** Reads a token at `i` and moves past it. */
  readToken(): string {
    const start = this.i;
    this.i = this.tokenEnd(start);
    return this.src.slice(start, this.i);
  }

  /**
   * Reads a string literal whose opening quote is at `i`; returns its value. Escapes: `\\ \" \n
   * \t \r \b \f \uXXXX`. Literal newlines are kept.
   */
  readString(): string {
    const s = this.src;
    const open = this.i;
    let i = open + 1;
    let chunkStart = i;
    let out = "";
    for (;;) {
      if (i >= this.len) {
        this.fail(
          `unterminated string starting at ${this.where(open)}: expected a closing '"' before end of input`,
          open,
        );
      }
      const c = s.charCodeAt(i);
      if (c === 34 /* " */) break;
      if (c !== 92 /* \ */) {
        i++;
        continue;
      }
      out += s.slice(chunkStart, i);
      const e = s[i + 1];
      const esc = e === undefined ? undefined : STRING_ESCAPES[e];
      if (esc !== undefined) {
        out += esc;
        i += 2;
      } else if (e === "u") {
        out += this.unicodeEscape(i);
        i += 6;
      } else if (e === undefined) {
        this.fail(
          `unterminated string starting at ${this.where(open)}: expected a closing '"' before end of input`,
          open,
        );
      } else {
        const shown = String.fromCodePoint(s.codePointAt(i + 1) as number);
        this.fail(
          `unsupported escape "\\${shown}" in string: use one of \\\\ \\" \\n \\t \\r \\b \\f \\uXXXX (write \\\\ for a literal backslash)`,
          i,
        );
      }
      chunkStart = i;
    }
    out += s.slice(chunkStart, i);
    this.i = i + 1;
    return out;
  }

  /** Decodes `\uXXXX` whose backslash is at `at`. */
  private unicodeEscape(at: number): string {
    const hex = this.src.slice(at + 2, at + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
      this.fail(`invalid unicode escape "\\u${hex}" in string: expected exactly 4 hex digits`, at);
    }
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  /**
   * Reads a regex literal whose `#` is at `i`; returns the text between the quotes exactly as
   * written. A backslash always takes the next character with it, so only an unescaped `"` ends it.
   */
  readRegexSource(): string {
    const s = this.src;
    const open = this.i;
    let i = open + 2;
    while (i < this.len) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return s.slice(open + 2, i);
      }
      i += c === 92 ? 2 : 1;
    }
    return this.fail(
      `unterminated regex starting at ${this.where(open)}: expected a closing '"' before end of input`,
      open,
    );
  }

  /**
   * Reads a character literal whose backslash is at `i` (spec §3.5); returns the one-character
   * string. The first character after `\` is always taken, then the token continues to a
   * terminator, so `\(` and `\\` are characters while `\ab` is an error.
   */
  readChar(): string {
    const s = this.src;
    const at = this.i;
    if (at + 1 >= this.len) this.fail('invalid character literal: "\\" at end of input', at);
    const first = s.codePointAt(at + 1) as number;
    const afterFirst = at + 1 + (first > 0xffff ? 2 : 1);
    const end = this.tokenEnd(afterFirst);
    const token = s.slice(at + 1, end);
    this.i = end;
    if (end === afterFirst) return token;
    const named = CHAR_NAMES.get(token);
    if (named !== undefined) return named;
    if (/^u[0-9a-fA-F]{4}$/.test(token)) return String.fromCharCode(Number.parseInt(token.slice(1), 16));
    if (isOneGrapheme(token)) return token;
    return this.fail(
      `invalid character literal "\\${token}": write one character such as \\a, or one of \\newline \\space \\tab \\return \\backspace \\formfeed \\uXXXX`,
      at,
    );
  }
}

const STRING_ESCAPES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  "\\": "\\",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
});

const CHAR_NAMES = new Map([
  ["newline", "\n"],
  ["space", " "],
  ["tab", "\t"],
  ["return", "\r"],
  ["backspace", "\b"],
  ["formfeed", "\f"],
]);

let segmenter: Intl.Segmenter | undefined;

/** True when `s` is one user-perceived character (e.g. `é` written as e + combining accent). */
function isOneGrapheme(s: string): boolean {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const it = segmenter.segment(s)[Symbol.iterator]();
  const first = it.next();
  return !first.done && first.value.segment === s;
}
