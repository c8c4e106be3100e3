/**
 * The states of the resumable JSON scan in context-span.ts (decision 0029), with the byte codes
 * and the transitions that need no scanner state: what may follow a backslash, and the parts of a
 * number (RFC 8259 §6: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
 */

import { BACKSLASH, QUOTE } from "./json-bytes.ts";

export const MINUS = 0x2d;
export const PLUS = 0x2b;
export const DOT = 0x2e;
export const ZERO = 0x30;
export const NINE = 0x39;

/** Bytes of `true`, `false`, `null`, by their first byte. */
export const LITERALS = new Map<number, readonly number[]>([
  [0x74, [0x74, 0x72, 0x75, 0x65]],
  [0x66, [0x66, 0x61, 0x6c, 0x73, 0x65]],
  [0x6e, [0x6e, 0x75, 0x6c, 0x6c]],
]);

const LETTER_U = 0x75;

// Scanner states: what the next byte may be.
export const VALUE = 0; // a value (after `:`, after `,` in an array, at the start)
export const ARRAY_FIRST = 1; // a value or `]` (after `[`)
export const OBJECT_FIRST = 2; // a key or `}` (after `{`)
export const KEY = 3; // a key (after `,` in an object)
export const AFTER_KEY = 4; // `:`
export const AFTER_VALUE = 5; // `,` or the container's close
export const DONE = 6; // whitespace only
export const STRING = 7;
export const ESCAPE = 8; // after `\` in a string
export const HEX = 9; // `hex` more hex digits of a `\u` escape
export const LITERAL = 10;
export const FAILED = 11;
// Number states; those marked "end" may end the number.
export const AFTER_MINUS = 12;
export const AFTER_ZERO = 13; // end
export const INT = 14; // end
export const AFTER_DOT = 15;
export const FRACTION = 16; // end
export const AFTER_E = 17;
export const AFTER_E_SIGN = 18;
export const EXPONENT = 19; // end

/** The state after byte `c` follows a backslash in a string: {@link STRING}, {@link HEX} (then 4 hex digits) or {@link FAILED}. */
export function escapeStep(c: number): number {
  if (c === LETTER_U) return HEX;
  if (c === QUOTE || c === BACKSLASH || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e) return STRING;
  return c === 0x72 || c === 0x74 ? STRING : FAILED;
}

/**
 * The state after byte `c` in one of the number states that take exactly one byte ({@link AFTER_MINUS},
 * {@link AFTER_ZERO}, {@link AFTER_DOT}, {@link AFTER_E}, {@link AFTER_E_SIGN}). {@link AFTER_VALUE}
 * means the number ended before `c` (only after a lone `0`), which is then read again.
 */
export function numberStep(state: number, c: number): number {
  const digit = c >= ZERO && c <= NINE;
  switch (state) {
    case AFTER_MINUS:
      if (c === ZERO) return AFTER_ZERO;
      return digit ? INT : FAILED;
    case AFTER_ZERO:
      if (c === DOT) return AFTER_DOT;
      return c === 0x65 || c === 0x45 ? AFTER_E : AFTER_VALUE;
    case AFTER_DOT:
      return digit ? FRACTION : FAILED;
    case AFTER_E:
      return c === PLUS || c === MINUS ? AFTER_E_SIGN : digit ? EXPONENT : FAILED;
    default:
      return digit ? EXPONENT : FAILED; // AFTER_E_SIGN
  }
}

/** Whether `c` is an ASCII hex digit. */
export function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** JSON whitespace (RFC 8259 §2: space, tab, line feed, carriage return). */
export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
