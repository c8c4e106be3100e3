/**
 * A parser for the subset of RE2 syntax (as regex-syntax.ts emits it) whose meaning is the same
 * under the JS engine's `RegExp` once written out explicitly, and the writer of that JS source.
 * Used by regex-linear.ts to decide whether a pattern may run on the native engine.
 *
 * Everything is made explicit so no JS-specific reading applies: `.` becomes `[^\n]` (JS's `.`
 * also stops at `\r`, U+2028, U+2029), `\d \w \s` become their RE2 ASCII sets (JS's `\s` is
 * Unicode), `(?m)^` / `(?m)$` become lookarounds on `\n` alone (JS's multiline mode also breaks at
 * `\r`), and the result is compiled with the `u` flag so both engines step by code point.
 * Case-insensitive mode is written out too (JS's `i` flag would also widen `\w` and `\b`): each
 * set gets its case partners, which for ASCII letters are the other case plus U+212A (Kelvin) for
 * k and U+017F (long s) for s, as RE2's simple case folding has it. Sets whose case partners need
 * Unicode tables, and anything else outside the subset (`\p{...}` tables, lookbehind, `\C`,
 * unknown escapes), make {@link parseRe2} return null and the pattern stays on re2js.
 */
import {
  CONTROL,
  caseFold,
  complement,
  DIGIT,
  MAX_CP,
  normalize,
  POSIX,
  type Ranges,
  SPACE,
  WORD,
} from "./regex-sets.ts";

/** A pattern node. */
export type Node =
  | { readonly k: "chr"; readonly set: Ranges }
  | { readonly k: "assert"; readonly what: "start" | "end" | "bol" | "eol" | "word" | "nonword" }
  | { readonly k: "cat"; readonly items: Node[] }
  | { readonly k: "alt"; readonly items: Node[] }
  | { readonly k: "group"; readonly capture: boolean; readonly body: Node }
  | { readonly k: "rep"; readonly min: number; readonly max: number; readonly lazy: boolean; readonly body: Node };

/** Thrown inside the parser for anything outside the subset; never escapes {@link parseRe2}. */
class Outside extends Error {}

/** The case-insensitive closure of `r`, or Outside. */
function folded(r: Ranges): Ranges {
  const f = caseFold(r);
  if (f === null) throw new Outside();
  return f;
}

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

type MutableFlags = { -readonly [K in keyof Flags]: boolean };

/** The tree of an RE2-syntax pattern, or null when it uses anything outside the subset. */
export function parseRe2(src: string): Node | null {
  try {
    const p = new Parser(src);
    const n = p.alternation({ i: false, m: false, s: false });
    return p.i === src.length ? n : null;
  } catch (e) {
    if (e instanceof Outside) return null;
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(flags: Flags): Node {
    const items: Node[] = [];
    const f = { ...flags };
    for (;;) {
      items.push(this.concatenation(f));
      if (this.s[this.i] !== "|") break;
      this.i++;
    }
    return items.length === 1 ? (items[0] as Node) : { k: "alt", items };
  }

  /** Items up to `|` or `)`; a bare `(?flags)` changes `flags` for the rest of the group. */
  private concatenation(flags: MutableFlags): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== "|" && this.s[this.i] !== ")") {
      const atom = this.atom(flags);
      if (atom !== null) items.push(this.quantified(atom));
    }
    return items.length === 1 ? (items[0] as Node) : { k: "cat", items };
  }

  private quantified(atom: Node): Node {
    const c = this.s[this.i];
    let min: number;
    let max: number;
    if (c === "*" || c === "+" || c === "?") {
      min = c === "+" ? 1 : 0;
      max = c === "?" ? 1 : Number.POSITIVE_INFINITY;
      this.i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 24));
      if (m === null) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
      this.i += m[0].length;
    } else {
      return atom;
    }
    const lazy = this.s[this.i] === "?";
    if (lazy) this.i++;
    if (/^[*+?]|^\{\d/.test(this.s.slice(this.i, this.i + 2))) throw new Outside();
    return { k: "rep", min, max, lazy, body: atom };
  }

  /** One atom, or null for a flag group that only changes `flags`. */
  private atom(flags: MutableFlags): Node | null {
    const c = this.s[this.i] as string;
    if (c === "(") return this.group(flags);
    const n = c === "[" ? this.charClass(flags.i) : c === "\\" ? this.escape() : this.plain(flags);
    return n.k === "chr" && flags.i && c !== "[" ? { k: "chr", set: folded(n.set) } : n;
  }

  private plain(flags: Flags): Node {
    const c = this.s[this.i] as string;
    this.i++;
    if (c === ".") return { k: "chr", set: flags.s ? [0, MAX_CP] : [0, 9, 11, MAX_CP] };
    if (c === "^") return { k: "assert", what: flags.m ? "bol" : "start" };
    if (c === "$") return { k: "assert", what: flags.m ? "eol" : "end" };
    if (c === "*" || c === "+" || c === "?") throw new Outside();
    const cp = this.s.codePointAt(this.i - 1) as number;
    if (cp > 0xffff) this.i++;
    return { k: "chr", set: [cp, cp] };
  }

  private group(flags: MutableFlags): Node | null {
    const rest = this.s.slice(this.i, this.i + 3);
    let capture = true;
    let inner: Flags = flags;
    if (
      rest.startsWith("(?P<") ||
      (rest.startsWith("(?<") && /^\(\?<[A-Za-z_]/.test(this.s.slice(this.i, this.i + 4)))
    ) {
      const close = this.s.indexOf(">", this.i);
      if (close === -1) throw new Outside();
      this.i = close + 1;
    } else if (rest.startsWith("(?")) {
      const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([):])/.exec(this.s.slice(this.i, this.i + 24));
      if (m === null) throw new Outside();
      const next = { i: flags.i, m: flags.m, s: flags.s };
      for (const [letters, on] of [
        [m[1] ?? "", true],
        [m[2] ?? "", false],
      ] as const) {
        for (const f of letters) {
          if (f === "i") next.i = on;
          else if (f === "m") next.m = on;
          else if (f === "s") next.s = on;
          else throw new Outside();
        }
      }
      this.i += m[0].length;
      if (m[3] === ")") {
        flags.i = next.i;
        flags.m = next.m;
        flags.s = next.s;
        return null;
      }
      capture = false;
      inner = next;
    } else {
      this.i++;
    }
    const body = this.alternation(inner);
    if (this.s[this.i] !== ")") throw new Outside();
    this.i++;
    return { k: "group", capture, body };
  }

  private escape(): Node {
    const d = this.s[this.i + 1];
    if (d === undefined) throw new Outside();
    if (d === "A" || d === "z" || d === "b" || d === "B") {
      this.i += 2;
      const what = d === "A" ? "start" : d === "z" ? "end" : d === "b" ? "word" : "nonword";
      return { k: "assert", what };
    }
    return { k: "chr", set: this.classEscape() };
  }

  /** An escape that stands for a set of code points (also inside a class). */
  private classEscape(): Ranges {
    const d = this.s[this.i + 1] as string;
    this.i += 2;
    switch (d) {
      case "d":
        return DIGIT;
      case "D":
        return complement(DIGIT);
      case "w":
        return WORD;
      case "W":
        return complement(WORD);
      case "s":
        return SPACE;
      case "S":
        return complement(SPACE);
      case "x": {
        const m = /^\{([0-9a-fA-F]{1,6})\}|^([0-9a-fA-F]{2})/.exec(this.s.slice(this.i, this.i + 8));
        if (m === null) throw new Outside();
        this.i += m[0].length;
        const cp = Number.parseInt((m[1] ?? m[2]) as string, 16);
        if (cp > MAX_CP) throw new Outside();
        return [cp, cp];
      }
      default: {
        const ctl = CONTROL[d];
        if (ctl !== undefined) return [ctl, ctl];
        if (!/[!-/:-@[-`{-~]/.test(d)) throw new Outside();
        const cp = d.charCodeAt(0);
        return [cp, cp];
      }
    }
  }

  /** A bracketed class; under `(?i)` its members get their case partners before any negation, as in RE2. */
  private charClass(fold: boolean): Node {
    this.i++;
    const negated = this.s[this.i] === "^";
    if (negated) this.i++;
    const set: Ranges = [];
    let first = true;
    while (this.i < this.s.length && (this.s[this.i] !== "]" || first)) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.s.slice(this.i, this.i + 12));
      if (posix !== null) {
        const r = POSIX[posix[2] as string];
        if (r === undefined) throw new Outside();
        set.push(...(posix[1] === "^" ? complement(r) : r));
        this.i += posix[0].length;
        continue;
      }
      const lo = this.classAtom();
      if (lo.length === 2 && lo[0] === lo[1] && this.s[this.i] === "-" && this.s[this.i + 1] !== "]") {
        this.i++;
        const hi = this.classAtom();
        if (hi.length !== 2 || hi[0] !== hi[1] || (hi[0] as number) < (lo[0] as number)) throw new Outside();
        set.push(lo[0] as number, hi[0] as number);
      } else {
        set.push(...lo);
      }
    }
    if (this.s[this.i] !== "]") throw new Outside();
    this.i++;
    const norm = fold ? folded(normalize(set)) : normalize(set);
    return { k: "chr", set: negated ? complement(norm) : norm };
  }

  private classAtom(): Ranges {
    if (this.s[this.i] === "\\") {
      const d = this.s[this.i + 1];
      if (d === "b" || d === "A" || d === "z" || d === "B") throw new Outside();
      return this.classEscape();
    }
    const cp = this.s.codePointAt(this.i) as number;
    this.i += cp > 0xffff ? 2 : 1;
    return [cp, cp];
  }
}

const ASSERT_JS: Record<string, string> = {
  start: "^",
  end: "$",
  bol: "(?<![^\\n])",
  eol: "(?![^\\n])",
  word: "\\b",
  nonword: "\\B",
};

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** The JS `RegExp` source (for the `u` flag) that means what `n` means to RE2. */
export function toJs(n: Node): string {
  switch (n.k) {
    case "chr": {
      // One code point is written bare: YARR compares a run of bare characters several at a time,
      // while each one-member set is a test of its own (same meaning under the `u` flag).
      if (n.set.length === 2 && n.set[0] === n.set[1]) return hex(n.set[0] as number);
      let body = "";
      for (let i = 0; i < n.set.length; i += 2) {
        const lo = n.set[i] as number;
        const hi = n.set[i + 1] as number;
        body += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
      }
      return `[${body}]`;
    }
    case "assert":
      return ASSERT_JS[n.what] as string;
    case "cat":
      return n.items.map(toJs).join("");
    case "alt":
      return `(?:${n.items.map(toJs).join("|")})`;
    case "group":
      return n.capture ? `(${toJs(n.body)})` : `(?:${toJs(n.body)})`;
    case "rep": {
      const q = n.max === Number.POSITIVE_INFINITY ? `{${n.min},}` : `{${n.min},${n.max}}`;
      // A bare set repeats as a counted loop; the same set in a group costs YARR state per iteration.
      let body = n.body;
      while (body.k === "group" && !body.capture) body = body.body;
      const atom = body.k === "chr" ? toJs(body) : `(?:${toJs(n.body)})`;
      return `${atom}${q}${n.lazy ? "?" : ""}`;
    }
  }
}
