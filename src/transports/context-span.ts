/**
 * Finds where the `context` of a `lisp_eval` `tools/call` frame lies in the frame's bytes, so the
 * transport can hand the SDK the frame without it and the worker the context's text alone (issue
 * #13, decision 0025): the main thread then never parses, walks or copies a big context.
 *
 * One linear pass over the bytes that checks the whole frame against the JSON grammar as
 * `JSON.parse` does, and reads the few keys that matter on the way (`method`, `params.name`,
 * `params.arguments.*`). It answers only when the cut is certainly harmless: the frame is valid
 * JSON, nests at most {@link MAX_BODY_DEPTH} levels (the HTTP pre-scan's cap), the context is an
 * object nesting at most {@link MAX_JSON_DEPTH} levels, no key on the path is repeated (`JSON.parse`
 * keeps the last one) and `lisp_eval`'s argument check cannot fail (only `program` as a string,
 * `context`, and `output_schema` as an object or null). Anything else gets null and the frame
 * takes the ordinary path, so every error it could carry is answered exactly as before.
 */

import { MAX_JSON_DEPTH } from "../lisp/index.ts";
import { MAX_BODY_DEPTH } from "./http/body-scan.ts";
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./json-bytes.ts";

/** Where the context value is: bytes `[start, end)` of the frame. */
export interface ContextSpan {
  readonly start: number;
  readonly end: number;
  /** True when the context's bytes are all ASCII (it can then be decoded as Latin-1, which is cheaper). */
  readonly ascii: boolean;
}

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Bytes of `true`, `false`, `null`. */
const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** The keys read on the path to the context, and the `lisp_eval` arguments that may sit beside it. */
const ARGUMENTS = new Set(["program", "context", "output_schema"]);

/**
 * The span of `params.arguments.context` in `frame` (one JSON-RPC line, newline excluded) when it
 * is a `tools/call` of the tool `tool` and the cut is safe (see the module docs); else null.
 */
export function findContextSpan(frame: Uint8Array, tool: string): ContextSpan | null {
  return new SpanScanner(frame).scan(tool);
}

/** Bytes a key is decoded from at most (longer keys are none of the keys read here). */
const KEY_BYTES = 96;

class SpanScanner {
  private readonly n: number;
  /** OR of every string byte seen since the last reset: bit 7 set means some byte was not ASCII. */
  private high = 0;

  constructor(private readonly b: Uint8Array) {
    let n = b.length;
    if (n > 0 && b[n - 1] === 0x0d) n--;
    this.n = n;
  }

  scan(tool: string): ContextSpan | null {
    // message → params → arguments → context, each an object whose keys are read.
    let method: string | undefined;
    let name: string | undefined;
    let span: ContextSpan | null = null;
    let ascii = true;
    let end = this.object(this.ws(0), (key, at) => {
      if (key === "method") {
        const e = this.value(at, 1);
        method = e < 0 ? undefined : this.text(at, e);
        return method === undefined ? -1 : e;
      }
      if (key !== "params") return this.value(at, 1);
      return this.object(at, (pkey, pat) => {
        if (pkey === "name") {
          const e = this.value(pat, 2);
          name = e < 0 ? undefined : this.text(pat, e);
          return name === undefined ? -1 : e;
        }
        if (pkey !== "arguments") return this.value(pat, 2);
        return this.object(pat, (akey, aat) => {
          if (!ARGUMENTS.has(akey)) return -1;
          const first = this.b[aat];
          if (akey === "program" && first !== QUOTE) return -1;
          if (akey === "output_schema" && first !== OPEN_OBJECT && first !== NULL[0]) return -1;
          if (akey !== "context") return this.value(aat, 3);
          if (first !== OPEN_OBJECT) return -1;
          this.high = 0;
          // The context is the object opened at level 4: it may nest down to level 3 + MAX_JSON_DEPTH.
          const e = this.value(aat, 3, 3 + MAX_JSON_DEPTH);
          ascii = (this.high & 0x80) === 0;
          if (e >= 0) span = { start: aat, end: e, ascii };
          return e;
        });
      });
    });
    if (end < 0) return null;
    end = this.ws(end);
    if (end !== this.n || method !== "tools/call" || name !== tool) return null;
    return span;
  }

  /**
   * Scans the object at `i`, calling `member` for each key with the index of
   * its value; `member` returns the index after the value, or -1 to give up. Returns the index
   * after the object, or -1 (not an object, invalid, or a key repeated among those `member` saw).
   */
  private object(i: number, member: (key: string, at: number) => number): number {
    const b = this.b;
    if (b[i] !== OPEN_OBJECT) return -1;
    i = this.ws(i + 1);
    if (b[i] === CLOSE_OBJECT) return i + 1;
    const seen = new Set<string>();
    for (;;) {
      if (b[i] !== QUOTE) return -1;
      const keyEnd = this.string(i + 1);
      if (keyEnd < 0) return -1;
      const key = keyEnd - i <= KEY_BYTES ? this.text(i, keyEnd) : "";
      if (key === undefined) return -1;
      if (seen.has(key)) return -1;
      if (key !== "") seen.add(key);
      i = this.ws(keyEnd);
      if (b[i] !== COLON) return -1;
      i = member(key, this.ws(i + 1));
      if (i < 0) return -1;
      i = this.ws(i);
      if (b[i] === CLOSE_OBJECT) return i + 1;
      if (b[i] !== COMMA) return -1;
      i = this.ws(i + 1);
    }
  }

  /** The string value of the JSON string at `[i, end)`, or undefined when it is not a string. */
  private text(i: number, end: number): string | undefined {
    if (this.b[i] !== QUOTE) return undefined;
    const raw = Buffer.from(this.b.buffer, this.b.byteOffset + i, end - i).toString("utf8");
    return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  /** Index of the first byte at or after `i` that is not JSON whitespace. */
  private ws(i: number): number {
    const b = this.b;
    const n = this.n;
    while (i < n) {
      const c = b[i] as number;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
      i++;
    }
    return i;
  }

  /**
   * Skips the JSON value at `i`, which sits inside `level` open containers, checking it against
   * the grammar; nesting is capped at `maxLevel` (at most {@link MAX_BODY_DEPTH}). Returns the
   * index after the value, or -1.
   */
  private value(i: number, level: number, maxLevel = MAX_BODY_DEPTH): number {
    const b = this.b;
    const n = this.n;
    const base = level;
    // Per open container below `base`: 1 for an object, 0 for an array.
    const kinds = new Uint8Array(Math.max(0, maxLevel - base) + 1);
    for (;;) {
      // A value at i.
      i = this.ws(i);
      if (i >= n) return -1;
      const c = b[i] as number;
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++level > maxLevel) return -1;
        const isObject = c === OPEN_OBJECT;
        kinds[level - base] = isObject ? 1 : 0;
        i = this.ws(i + 1);
        if (b[i] === (isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          level--;
          i++;
        } else {
          if (isObject) i = this.key(i);
          if (i < 0) return -1;
          continue;
        }
      } else if (c === QUOTE) {
        i = this.string(i + 1);
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        i = this.number(i);
      } else if (c === TRUE[0]) {
        i = this.literal(i, TRUE);
      } else if (c === FALSE[0]) {
        i = this.literal(i, FALSE);
      } else if (c === NULL[0]) {
        i = this.literal(i, NULL);
      } else {
        return -1;
      }
      if (i < 0) return -1;
      // After a value: close containers, or a comma and the next value.
      for (;;) {
        if (level === base) return i;
        i = this.ws(i);
        const d = b[i];
        const isObject = kinds[level - base] === 1;
        if (d === COMMA) {
          i = this.ws(i + 1);
          if (isObject) i = this.key(i);
          if (i < 0) return -1;
          break;
        }
        if (d !== (isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) return -1;
        level--;
        i++;
      }
    }
  }

  /** Scans `"key" :` at `i`; returns the index after the colon, or -1. */
  private key(i: number): number {
    if (this.b[i] !== QUOTE) return -1;
    i = this.string(i + 1);
    if (i < 0) return -1;
    i = this.ws(i);
    return this.b[i] === COLON ? i + 1 : -1;
  }

  /** Scans string contents from `i` (after the opening quote); returns the index after the closing quote, or -1. */
  private string(i: number): number {
    const b = this.b;
    const n = this.n;
    let high = 0;
    while (i < n) {
      const c = b[i++] as number;
      if (c === QUOTE) {
        this.high |= high;
        return i;
      }
      if (c === BACKSLASH) {
        const e = b[i++];
        if (e === 0x75) {
          // \uXXXX
          if (i + 4 > n || !isHex(b[i]) || !isHex(b[i + 1]) || !isHex(b[i + 2]) || !isHex(b[i + 3])) return -1;
          i += 4;
        } else if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e)) {
          if (!(e === 0x72 || e === 0x74)) return -1;
        }
      } else if (c < 0x20) {
        return -1;
      } else {
        high |= c;
      }
    }
    return -1;
  }

  /** Scans a number at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`); returns the index after it, or -1. */
  private number(i: number): number {
    const b = this.b;
    if (b[i] === MINUS) i++;
    if (b[i] === ZERO) i++;
    else if (isDigit(b[i])) while (isDigit(b[++i]));
    else return -1;
    if (b[i] === DOT) {
      if (!isDigit(b[++i])) return -1;
      while (isDigit(b[++i]));
    }
    const e = b[i];
    if (e === 0x65 || e === 0x45) {
      const s = b[++i];
      if (s === PLUS || s === MINUS) i++;
      if (!isDigit(b[i])) return -1;
      while (isDigit(b[++i]));
    }
    return i <= this.n ? i : -1;
  }

  private literal(i: number, word: readonly number[]): number {
    for (let k = 0; k < word.length; k++) if (this.b[i + k] !== word[k]) return -1;
    return i + word.length <= this.n ? i + word.length : -1;
  }
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= ZERO && c <= NINE;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}
