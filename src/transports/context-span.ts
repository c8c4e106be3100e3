/**
 * Finds where the `context` of a `lisp_eval` `tools/call` frame lies in the frame's bytes, so the
 * transport can hand the SDK the frame without it and the worker the context's text alone (issue
 * #13, decisions 0025 and 0029): the main thread then never parses, walks or copies a big context.
 *
 * One linear pass over the bytes that checks the whole frame against the JSON grammar as
 * `JSON.parse` does, and reads the few keys that matter on the way (`method`, `params.name`,
 * `params.arguments.*`). It answers only when the cut is certainly harmless: the frame is valid
 * JSON, nests at most {@link MAX_BODY_DEPTH} levels (the HTTP pre-scan's cap), the context is an
 * object nesting at most {@link MAX_JSON_DEPTH} levels, no key on the path is repeated (`JSON.parse`
 * keeps the last one) and `lisp_eval`'s argument check cannot fail (only `program` as a string,
 * `context`, and `output_schema` as an object or null). Anything else gets null and the frame
 * takes the ordinary path, so every error it could carry is answered exactly as before.
 *
 * The pass is a resumable state machine ({@link ContextSpanScan}): stdio feeds it each chunk of a
 * large line as it arrives, so the scan overlaps the read instead of following it (decision 0029).
 * Inside data, where nothing is read, whole tokens go through json-data-scan.ts, which hands back
 * to the byte-at-a-time machine here for anything it does not take whole.
 */

import { isAscii } from "node:buffer";
import { MAX_JSON_DEPTH } from "../lisp/index.ts";
import { MAX_BODY_DEPTH } from "./http/body-scan.ts";
import { REG_LEVEL, REG_MAX_LEVEL, REG_PATH, REG_STATE, scanData } from "./json-data-scan.ts";
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./json-bytes.ts";
import {
  MINUS,
  ZERO,
  NINE,
  DOT,
  LITERALS,
  VALUE,
  ARRAY_FIRST,
  OBJECT_FIRST,
  KEY,
  AFTER_KEY,
  AFTER_VALUE,
  DONE,
  STRING,
  ESCAPE,
  HEX,
  LITERAL,
  FAILED,
  AFTER_MINUS,
  AFTER_ZERO,
  INT,
  AFTER_DOT,
  FRACTION,
  AFTER_E,
  AFTER_E_SIGN,
  EXPONENT,
  escapeStep,
  numberStep,
  isHex,
  isJsonSpace,
} from "./json-states.ts";

/** Where the context value is: bytes `[start, end)` of the frame. */
export interface ContextSpan {
  readonly start: number;
  readonly end: number;
  /** True when the context's bytes are all ASCII (it can then be decoded as Latin-1, which is cheaper). */
  readonly ascii: boolean;
}

/**
 * The span of `params.arguments.context` in `frame` (one JSON-RPC line, newline excluded) when it
 * is a `tools/call` of the tool `tool` and the cut is safe (see the module docs); else null.
 */
export function findContextSpan(frame: Uint8Array, tool: string): ContextSpan | null {
  const scan = new ContextSpanScan(tool);
  scan.feed(frame);
  return scan.finish(frame);
}

/** The `lisp_eval` arguments that may sit beside the context. */
const ARGUMENTS = new Set(["program", "context", "output_schema"]);
/** Bytes (quotes included) a key or a read value is decoded from at most: longer ones are none of those read here. */
const KEY_BYTES = 96;
/** Levels of the message, `params` and `arguments` objects; the context object opens one below. */
const ARGUMENTS_LEVEL = 3;

/** What a string being read is: ignored, or a key / `method` / `params.name` whose text is kept. */
const PLAIN = 0;
const PATH_KEY = 1;
const METHOD = 2;
const NAME = 3;

/** A resumable {@link findContextSpan}: {@link feed} the frame's bytes in order, then {@link finish}. */
export class ContextSpanScan {
  private state = VALUE;
  /** Bytes fed so far: the frame offset of the next chunk's first byte. */
  private offset = 0;
  /** Open containers; `objects[l]` is 1 when the one at level `l` is an object. */
  private level = 0;
  private readonly objects = new Uint8Array(MAX_BODY_DEPTH + 2);
  private maxLevel = MAX_BODY_DEPTH;
  /** How many of the outermost open objects are on the path (message, `params`, `arguments`). */
  private path = 0;
  /** Per path level: the keys read in that object, and the last one. */
  private readonly seen: Array<Set<string>> = [];
  private readonly keys: string[] = [];
  /** The string being read: in key position, what it is, its kept bytes (quotes included). */
  private inKey = false;
  private kind = PLAIN;
  private kept: number[] = [];
  private hex = 0;
  private literal: readonly number[] = [];
  private literalAt = 0;
  private method: string | undefined;
  private name: string | undefined;
  private contextStart = -1;
  private contextEnd = -1;
  /** The registers {@link scanData} reads and writes (json-data-scan.ts). */
  private readonly regs = new Int32Array(4);

  constructor(private readonly tool: string) {}

  /** Scans the next `bytes` of the frame. */
  feed(bytes: Uint8Array): void {
    const b = bytes;
    const n = b.length;
    const base = this.offset;
    this.offset += n;
    let state = this.state;
    let i = 0;
    const regs = this.regs;
    while (i < n && state !== FAILED) {
      if (state <= AFTER_VALUE && this.level > this.path) {
        // Inside data: whole tokens at a time, until something needs this byte-at-a-time scanner.
        regs[REG_STATE] = state;
        regs[REG_LEVEL] = this.level;
        regs[REG_PATH] = this.path;
        regs[REG_MAX_LEVEL] = this.maxLevel;
        i = scanData(b, i, n, regs, this.objects);
        state = regs[REG_STATE] as number;
        this.level = regs[REG_LEVEL] as number;
        if (i >= n) break;
      }
      const c = b[i] as number;
      switch (state) {
        case STRING:
          if (this.kind !== PLAIN) {
            state = this.keptByte(c);
            i++;
            break;
          }
          // The body of a string that is not read: the hot loop.
          for (;;) {
            const d = b[i++] as number;
            if (d === QUOTE) {
              if (!this.inKey) state = AFTER_VALUE;
              else if (i < n && b[i] === COLON) {
                // `"key":` in one go, the common case.
                i++;
                state = VALUE;
              } else state = AFTER_KEY;
              break;
            }
            if (d === BACKSLASH) {
              state = ESCAPE;
              break;
            }
            if (d < 0x20) {
              state = FAILED;
              break;
            }
            if (i >= n) break;
          }
          break;
        case ESCAPE:
          this.keep(c);
          i++;
          state = escapeStep(c);
          if (state === HEX) this.hex = 4;
          break;
        case HEX:
          if (!isHex(c)) state = FAILED;
          else {
            this.keep(c);
            i++;
            if (--this.hex === 0) state = STRING;
          }
          break;
        case INT:
        case FRACTION:
        case EXPONENT:
          if (c >= ZERO && c <= NINE) {
            i++;
            while (i < n && (b[i] as number) >= ZERO && (b[i] as number) <= NINE) i++;
          } else if (state === INT && c === DOT) {
            i++;
            state = AFTER_DOT;
          } else if (state !== EXPONENT && (c === 0x65 || c === 0x45)) {
            i++;
            state = AFTER_E;
          } else state = AFTER_VALUE; // the number ended before `c`, which is read again
          break;
        case AFTER_MINUS:
        case AFTER_ZERO:
        case AFTER_DOT:
        case AFTER_E:
        case AFTER_E_SIGN:
          state = numberStep(state, c);
          // Only a number ending after its `0` leaves `c` to be read again.
          if (state !== AFTER_VALUE) i++;
          break;
        case LITERAL:
          if (c !== this.literal[this.literalAt]) state = FAILED;
          else {
            i++;
            if (++this.literalAt === this.literal.length) state = AFTER_VALUE;
          }
          break;
        case VALUE:
        case ARRAY_FIRST:
          i++;
          if (isJsonSpace(c)) break;
          if (state === ARRAY_FIRST && c === CLOSE_ARRAY) state = this.close(base + i - 1);
          else state = this.value(c, base + i - 1);
          break;
        case OBJECT_FIRST:
        case KEY:
          i++;
          if (isJsonSpace(c)) break;
          if (c === QUOTE) {
            if (this.level !== this.path) {
              this.inKey = true;
              state = STRING;
            } else state = this.openString(true);
          } else state = state === OBJECT_FIRST && c === CLOSE_OBJECT ? this.close(base + i - 1) : FAILED;
          break;
        case AFTER_KEY:
          i++;
          if (c === COLON) state = VALUE;
          else if (!isJsonSpace(c)) state = FAILED;
          break;
        case AFTER_VALUE: {
          i++;
          const inObject = this.objects[this.level] === 1;
          if (c === COMMA) state = inObject ? KEY : VALUE;
          else if (c === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) state = this.close(base + i - 1);
          else if (!isJsonSpace(c)) state = FAILED;
          break;
        }
        default:
          // DONE: whitespace only.
          i++;
          if (!isJsonSpace(c)) state = FAILED;
          break;
      }
    }
    this.state = state;
  }

  /** The span once the whole frame was fed (`frame` is its bytes); null when the cut is not safe. */
  finish(frame: Uint8Array): ContextSpan | null {
    if (this.state !== DONE || this.method !== "tools/call" || this.name !== this.tool) return null;
    if (this.contextEnd < 0 || this.offset !== frame.length) return null;
    const start = this.contextStart;
    const end = this.contextEnd;
    return { start, end, ascii: isAscii(frame.subarray(start, end)) };
  }

  /** The first byte `c` of a value at frame offset `at`. */
  private value(c: number, at: number): number {
    if (this.level === this.path) {
      // A member of a path object (or the message itself): checked, and maybe on the path.
      const key = this.level === 0 ? "" : (this.keys[this.level] as string);
      let onPath =
        this.level === 0 || (this.level === 1 && key === "params") || (this.level === 2 && key === "arguments");
      if (this.level === ARGUMENTS_LEVEL) {
        if (!ARGUMENTS.has(key)) return FAILED;
        if (key === "program" && c !== QUOTE) return FAILED;
        if (key === "output_schema" && c !== OPEN_OBJECT && c !== 0x6e) return FAILED;
        if (key === "context") {
          if (c !== OPEN_OBJECT) return FAILED;
          this.contextStart = at;
          // The context object opens at level 4 and may nest down to level 3 + MAX_JSON_DEPTH.
          this.maxLevel = ARGUMENTS_LEVEL + MAX_JSON_DEPTH;
        }
        onPath = false;
      }
      if (onPath && c !== OPEN_OBJECT) return FAILED;
      if (onPath) {
        this.path++;
        this.seen[this.path] = new Set();
      }
      if (this.level === 1 && key === "method") return c === QUOTE ? this.openString(false, METHOD) : FAILED;
      if (this.level === 2 && key === "name") return c === QUOTE ? this.openString(false, NAME) : FAILED;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++this.level > this.maxLevel) return FAILED;
      this.objects[this.level] = c === OPEN_OBJECT ? 1 : 0;
      return c === OPEN_OBJECT ? OBJECT_FIRST : ARRAY_FIRST;
    }
    if (c === QUOTE) return this.openString(false);
    if (c === MINUS) return AFTER_MINUS;
    if (c === ZERO) return AFTER_ZERO;
    if (c > ZERO && c <= NINE) return INT;
    const word = LITERALS.get(c);
    if (word === undefined) return FAILED;
    this.literal = word;
    this.literalAt = 1;
    return LITERAL;
  }

  /** Closes the container at the current level (its closing byte is at `at`). */
  private close(at: number): number {
    const level = this.level--;
    if (
      level === ARGUMENTS_LEVEL + 1 &&
      this.path === ARGUMENTS_LEVEL &&
      this.contextStart >= 0 &&
      this.contextEnd < 0
    ) {
      this.contextEnd = at + 1;
      this.maxLevel = MAX_BODY_DEPTH;
    }
    if (level === this.path) this.path--;
    return this.level === 0 ? DONE : AFTER_VALUE;
  }

  /** Starts a string (its opening quote read); a key of a path object, `method` and `name` are kept. */
  private openString(inKey: boolean, kind = PLAIN): number {
    this.inKey = inKey;
    this.kind = inKey && this.level === this.path ? PATH_KEY : kind;
    if (this.kind !== PLAIN) this.kept = [QUOTE];
    return STRING;
  }

  /** Keeps byte `c` of a kept string, up to one more than {@link KEY_BYTES} (then it is too long to be read). */
  private keep(c: number): void {
    if (this.kind !== PLAIN && this.kept.length <= KEY_BYTES) this.kept.push(c);
  }

  /** One byte `c` of a kept string; returns the next state. */
  private keptByte(c: number): number {
    if (c < 0x20) return FAILED;
    this.keep(c);
    if (c === BACKSLASH) return ESCAPE;
    if (c !== QUOTE) return STRING;
    const kept = this.kept;
    let text: string | undefined;
    if (kept.length <= KEY_BYTES) {
      const raw = Buffer.from(kept).toString("utf8");
      text = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    }
    const kind = this.kind;
    this.kind = PLAIN;
    if (kind === METHOD) this.method = text;
    else if (kind === NAME) this.name = text;
    else {
      // Keys longer than any read here are none of them, and not checked for repeats.
      const key = text ?? "";
      const seen = this.seen[this.level] as Set<string>;
      if (seen.has(key)) return FAILED;
      if (key !== "") seen.add(key);
      this.keys[this.level] = key;
      return AFTER_KEY;
    }
    return AFTER_VALUE;
  }
}
