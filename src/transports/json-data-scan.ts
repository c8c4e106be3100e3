/**
 * The fast lane of the context-span scan (context-span.ts, decision 0029): runs of JSON *inside
 * data*, below the message's path objects, where nothing is read and the scan only checks the
 * grammar (RFC 8259) and counts nesting. Whole tokens are taken at once with the scanner's state
 * and depth in locals; a big context is almost nothing else, so this is where the scan spends its
 * time.
 *
 * It stops, leaving the rest to the byte-at-a-time scanner, before anything it does not take
 * whole: a token that does not end inside the chunk, a string with an escape or a control byte,
 * a close that leaves data (so the scanner sees the context end), a depth past the cap, and any
 * byte the grammar does not allow there (so the scanner fails it exactly as before). Where it
 * stops, the scanner is in the state it would have reached by itself; it never accepts anything
 * the scanner would refuse.
 */

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./json-bytes.ts";
import {
  AFTER_KEY,
  AFTER_VALUE,
  ARRAY_FIRST,
  DOT,
  isJsonSpace,
  KEY,
  MINUS,
  NINE,
  OBJECT_FIRST,
  PLUS,
  VALUE,
  ZERO,
} from "./json-states.ts";

/**
 * The scanner's registers the fast lane reads and writes: `[state, level]` in, the same out,
 * with `path` (levels of path objects open) and `maxLevel` (the depth cap) read only.
 */
export const REG_STATE = 0;
export const REG_LEVEL = 1;
export const REG_PATH = 2;
export const REG_MAX_LEVEL = 3;

const LETTER_E = 0x65;
const CAPITAL_E = 0x45;

/**
 * Scans bytes `[i, n)` of `b` from the state in `regs`; returns the index it stopped at, with
 * `regs` updated. Call it only inside data (level above path) and in one of the states between
 * tokens ({@link VALUE} … {@link AFTER_VALUE}): it does not check, and in any other state it would
 * misread (whitespace inside a string, say). `objects[l]` is 1 when the container at level `l` is
 * an object (updated as containers open).
 */
export function scanData(b: Uint8Array, i: number, n: number, regs: Int32Array, objects: Uint8Array): number {
  let state = regs[REG_STATE] as number;
  let level = regs[REG_LEVEL] as number;
  const path = regs[REG_PATH] as number;
  const maxLevel = regs[REG_MAX_LEVEL] as number;
  scan: while (i < n) {
    const c = b[i] as number;
    // Whitespace between tokens (none in a compact frame) is tested for last.
    switch (state) {
      case VALUE:
      case ARRAY_FIRST: {
        if (c === QUOTE) {
          const end = stringEnd(b, i + 1, n);
          if (end < 0) break scan;
          i = end + 1;
          state = AFTER_VALUE;
        } else if ((c >= ZERO && c <= NINE) || c === MINUS) {
          const end = numberEnd(b, i, n);
          if (end < 0) break scan;
          i = end;
          state = AFTER_VALUE;
        } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          if (level >= maxLevel) break scan;
          level++;
          objects[level] = c === OPEN_OBJECT ? 1 : 0;
          i++;
          state = c === OPEN_OBJECT ? OBJECT_FIRST : ARRAY_FIRST;
        } else if (c === CLOSE_ARRAY && state === ARRAY_FIRST) {
          // An empty array: its close is read next as any close is.
          state = AFTER_VALUE;
        } else if (isJsonSpace(c)) i++;
        else {
          const end = literalEnd(b, i, n, c);
          if (end < 0) break scan;
          i = end;
          state = AFTER_VALUE;
        }
        break;
      }
      case OBJECT_FIRST:
      case KEY: {
        if (c === QUOTE) {
          const end = stringEnd(b, i + 1, n);
          if (end < 0) break scan;
          i = end + 1;
          // `"key":` in one go, the common case.
          if (i < n && b[i] === COLON) {
            i++;
            state = VALUE;
          } else state = AFTER_KEY;
        } else if (c === CLOSE_OBJECT && state === OBJECT_FIRST) {
          // An empty object: its close is read next as any close is.
          state = AFTER_VALUE;
        } else if (isJsonSpace(c)) i++;
        else break scan;
        break;
      }
      case AFTER_KEY:
        if (c === COLON) state = VALUE;
        else if (!isJsonSpace(c)) break scan;
        i++;
        break;
      case AFTER_VALUE: {
        const inObject = objects[level] === 1;
        if (c === COMMA) {
          i++;
          state = inObject ? KEY : VALUE;
        } else if (c === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          if (level - 1 <= path) break scan;
          level--;
          i++;
        } else if (isJsonSpace(c)) i++;
        else break scan;
        break;
      }
      default:
        break scan;
    }
  }
  regs[REG_STATE] = state;
  regs[REG_LEVEL] = level;
  return i;
}

/**
 * The index of the quote closing a string whose contents start at `i`, or -1 when the string has
 * an escape or a control byte (left to the scanner) or does not end before `n`.
 */
function stringEnd(b: Uint8Array, i: number, n: number): number {
  while (i < n && STRING_STOP[b[i] as number] === 0) i++;
  return i < n && b[i] === QUOTE ? i : -1;
}

/** 1 for the bytes that end a plain run of string contents: the quote, a backslash, a control byte. */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/**
 * The end (exclusive) of the JSON number starting at `i`, or -1 when it does not end before `n`
 * or breaks the grammar where it must go on (a lone `-`, `1.`, `1e`). The byte at the end is not
 * part of the number; whatever it is, the caller reads it next (`01` ends after its `0`, and the
 * `1` is then refused where a value cannot follow).
 */
function numberEnd(b: Uint8Array, i: number, n: number): number {
  if (b[i] === MINUS) i++;
  if (i >= n) return -1;
  let c = b[i] as number;
  if (c === ZERO) i++;
  else if (c > ZERO && c <= NINE) {
    i++;
    while (i < n && (b[i] as number) >= ZERO && (b[i] as number) <= NINE) i++;
  } else return -1;
  if (i >= n) return -1;
  c = b[i] as number;
  if (c === DOT) {
    const from = ++i;
    while (i < n && (b[i] as number) >= ZERO && (b[i] as number) <= NINE) i++;
    if (i === from || i >= n) return -1;
    c = b[i] as number;
  }
  if (c === LETTER_E || c === CAPITAL_E) {
    i++;
    if (i < n && (b[i] === PLUS || b[i] === MINUS)) i++;
    const from = i;
    while (i < n && (b[i] as number) >= ZERO && (b[i] as number) <= NINE) i++;
    if (i === from || i >= n) return -1;
  }
  return i;
}

/** The end (exclusive) of `true`, `false` or `null` starting at `i` with byte `c`, or -1 (not one, or not whole before `n`). */
function literalEnd(b: Uint8Array, i: number, n: number, c: number): number {
  if (c === 0x74) return i + 4 <= n && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1;
  if (c === 0x6e) return i + 4 <= n && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1;
  if (c === 0x66)
    return i + 5 <= n && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
  return -1;
}
