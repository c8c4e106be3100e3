/**
 * Code point sets for regex-ast.ts: sorted range lists, their complement and overlap, RE2's ASCII
 * classes, and case-insensitive closure for the sets whose case partners are known without
 * Unicode tables.
 */

/** Code point ranges, flattened `[lo0, hi0, lo1, hi1, ...]`, sorted and non-overlapping. */
export type Ranges = number[];

export const MAX_CP = 0x10ffff;
export const DIGIT: Ranges = [0x30, 0x39];
export const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
export const SPACE: Ranges = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20];
export const POSIX: Record<string, Ranges> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0, 0x1f, 0x7f, 0x7f],
  digit: DIGIT,
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};
export const CONTROL: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

/** Sorts and merges ranges. */
export function normalize(r: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= (out[n - 1] as number) + 1) out[n - 1] = Math.max(out[n - 1] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The code points not in `r` (which must be normalized). */
export function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if ((r[i] as number) > next) out.push(next, (r[i] as number) - 1);
    next = (r[i + 1] as number) + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return out;
}

/** True when two normalized range lists share a code point. */
export function overlaps(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i + 1] as number) < (b[j] as number)) i += 2;
    else if ((b[j + 1] as number) < (a[i] as number)) j += 2;
    else return true;
  }
  return false;
}

const KELVIN = 0x212a;
const LONG_S = 0x17f;

/** True when every code point of `r` is ASCII, Kelvin or long s (the ones whose case partners we know). */
function foldable(r: Ranges): boolean {
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    if (hi > 0x7f && !(lo === hi && (lo === KELVIN || lo === LONG_S))) return false;
  }
  return true;
}

/** `r` with the case partners of its code points (`r` must be {@link foldable}). */
function withCases(r: Ranges): Ranges {
  const out: Ranges = [];
  const add = (cp: number) => out.push(cp, cp);
  for (let i = 0; i < r.length; i += 2) {
    for (let cp = r[i] as number; cp <= (r[i + 1] as number); cp++) {
      add(cp);
      const lower = cp === KELVIN ? 0x6b : cp === LONG_S ? 0x73 : cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
      if (lower >= 0x61 && lower <= 0x7a) {
        add(lower);
        add(lower - 32);
        if (lower === 0x6b) add(KELVIN);
        if (lower === 0x73) add(LONG_S);
      }
    }
  }
  return normalize(out);
}

/**
 * The case-insensitive closure of a set (RE2's simple case folding), or null when it would need
 * Unicode case tables: only sets that are ASCII (plus Kelvin and long s), or whose complement is,
 * are handled.
 */
export function caseFold(r: Ranges): Ranges | null {
  if (foldable(r)) return withCases(r);
  const rest = complement(r);
  return foldable(rest) ? complement(withCases(rest)) : null;
}
