/**
 * A linear pre-scan of a JSON-RPC body's bytes, fed chunk by chunk as the body arrives, that finds
 * the shapes no MCP request can have before the body is decoded and parsed on the main thread
 * (issue #10): nesting deeper than {@link MAX_BODY_DEPTH}, and a `method` or `params.name` of
 * a message far longer than any name a server could have. A 100,000-deep body costs `JSON.parse`
 * hundreds of milliseconds and a 2 MiB name costs a decode, a parse and the garbage of several
 * multi-megabyte strings; the scan costs a pass over the bytes, spread over the chunks, and
 * allocates nothing per byte.
 *
 * The scan only refuses what is certainly too big: lengths are counted in raw bytes, and a
 * character takes at most 6 of them (`\uXXXX`), so a string of more than 6 × cap bytes has more
 * than cap characters. Shorter oversize names, and every other rule, are still checked on the
 * parsed body (json-rpc.ts `refuseOversizedNames`). Invalid JSON is not the scan's business:
 * `JSON.parse` reports it as before.
 */

import { MAX_METHOD_CHARS, MAX_TOOL_NAME_CHARS, RPC_ERROR, rpcError } from "./json-rpc.ts";
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "../json-bytes.ts";

/**
 * Deepest nesting a body may have: the deepest accepted context (1000 levels, the language's
 * `MAX_JSON_DEPTH`) plus the JSON-RPC framing around it (batch, message, `params`, `arguments`)
 * with room to spare, so a context one level too deep still gets the tool's own `args_error`.
 */
export const MAX_BODY_DEPTH = 1024;

/** What the scan found wrong. */
export interface BodyProblem {
  readonly kind: "depth" | "method" | "name";
  /** `id` of the (first) message when it was seen before the problem and is short. */
  readonly id: string | number | null;
  /** The first characters of `method`, when seen (for the log and audit row). */
  readonly method: string | undefined;
}

/**
 * The answer to a body the scan refused, as `refuseOversizedNames` answers the same names on a
 * parsed body: `Method not found` for a method, `Invalid params` for a name or a too-deep body
 * (HTTP 200, the request's `id` echoed when it was read); a too-deep body whose `id` was not read
 * gets `400 Invalid Request`.
 */
export function refuseScanned(problem: BodyProblem): Response {
  const { id } = problem;
  if (problem.kind === "method")
    return rpcError(200, -32601, `Method not found: method names are at most ${MAX_METHOD_CHARS} characters`, { id });
  if (problem.kind === "name")
    return rpcError(200, -32602, `Invalid params: tool names are at most ${MAX_TOOL_NAME_CHARS} characters`, { id });
  const why = `the body is nested more than ${MAX_BODY_DEPTH} levels deep (a context may nest at most 1000 levels)`;
  return id === null
    ? rpcError(400, RPC_ERROR.invalidRequest, `Invalid Request: ${why}`)
    : rpcError(200, -32602, `Invalid params: ${why}`, { id });
}

/** Raw bytes a key or captured value is kept to (longer keys are not keys of interest). */
const CAPTURE_BYTES = 256;
/** Byte lengths past which a name certainly has more characters than allowed. */
const METHOD_BYTES = 6 * MAX_METHOD_CHARS;
const NAME_BYTES = 6 * MAX_TOOL_NAME_CHARS;

/** What the string being scanned is. */
enum Str {
  None,
  Key,
  Method,
  Name,
  Id,
  Other,
}

/** The scanner: {@link feed} every chunk in order; {@link problem} is set once something is wrong. */
export class BodyScanner {
  /** The first problem found, or null. */
  problem: BodyProblem | null = null;
  private depth = 0;
  /** Per open container: 1 for an object, 0 for an array. */
  private readonly objects = new Uint8Array(MAX_BODY_DEPTH + 1);
  /** Whether the next string in the current object is a key. */
  private expectKey = false;
  /** The last key read at each of the two levels that matter: the message and its `params`. */
  private messageKey = "";
  private paramsKey = "";
  /** Depth of a message object: 1, or 2 inside a batch. */
  private messageDepth = 1;
  /** Depth of the message's `params` object while inside it, else -1. */
  private paramsDepth = -1;
  private inString: Str = Str.None;
  private escaped = false;
  private stringBytes = 0;
  private readonly capture: number[] = [];
  /** Bytes of a scalar (number) id being read. */
  private scalarId: number[] | null = null;
  private id: string | number | null = null;
  private idSeen = false;
  private method: string | undefined;

  /** Scans the next chunk of the body. */
  feed(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n && this.problem === null) {
      if (this.inString !== Str.None) {
        i = this.scanString(chunk, i);
        continue;
      }
      const b = chunk[i++] as number;
      if (this.scalarId !== null) {
        if (b === COMMA || b === CLOSE_OBJECT || (b <= 0x20 && this.scalarId.length > 0)) this.endScalarId();
        else if (b <= 0x20) continue;
        else if (this.scalarId.length < 32) this.scalarId.push(b);
      }
      switch (b) {
        case QUOTE:
          this.startString();
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.open(b === OPEN_OBJECT);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === this.paramsDepth) this.paramsDepth = -1;
          if (this.depth > 0) this.depth--;
          this.expectKey = false;
          break;
        case COLON:
          this.expectKey = false;
          if (this.depth === this.messageDepth && this.messageKey === "id" && !this.idSeen) this.scalarId = [];
          break;
        case COMMA:
          this.expectKey = this.objects[this.depth] === 1;
          break;
      }
    }
  }

  private open(isObject: boolean): void {
    if (this.depth === 0 && !isObject) this.messageDepth = 2;
    if (this.scalarId !== null) this.scalarId = null;
    if (isObject && this.depth === this.messageDepth && this.messageKey === "params" && this.paramsDepth === -1)
      this.paramsDepth = this.depth + 1;
    if (++this.depth > MAX_BODY_DEPTH) {
      this.fail("depth");
      return;
    }
    this.objects[this.depth] = isObject ? 1 : 0;
    this.expectKey = isObject;
  }

  private startString(): void {
    this.scalarId = null;
    this.stringBytes = 0;
    this.escaped = false;
    this.capture.length = 0;
    if (this.expectKey) this.inString = Str.Key;
    else if (this.depth === this.messageDepth && this.messageKey === "method") this.inString = Str.Method;
    else if (this.depth === this.messageDepth && this.messageKey === "id" && !this.idSeen) this.inString = Str.Id;
    else if (this.depth === this.paramsDepth && this.paramsKey === "name") this.inString = Str.Name;
    else this.inString = Str.Other;
  }

  /** Scans string bytes from `i`; returns the index after what it consumed. */
  private scanString(chunk: Uint8Array, from: number): number {
    const kind = this.inString;
    let i = from;
    if (kind === Str.Other) {
      // Long strings (programs, context text) are skipped at memchr speed: find the next quote,
      // then count the backslashes right before it (an odd run escapes it).
      const n = chunk.length;
      if (this.escaped) {
        if (i >= n) return n;
        this.escaped = false;
        i++;
      }
      for (;;) {
        const q = chunk.indexOf(QUOTE, i);
        if (q === -1) {
          this.escaped = trailingBackslashes(chunk, i, n) % 2 === 1;
          return n;
        }
        if (trailingBackslashes(chunk, i, q) % 2 === 0) {
          this.inString = Str.None;
          return q + 1;
        }
        i = q + 1;
      }
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i++] as number;
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) {
        this.endString(kind);
        return i;
      }
      this.stringBytes++;
      if (this.capture.length < CAPTURE_BYTES) this.capture.push(c);
      if (kind === Str.Method && this.stringBytes > METHOD_BYTES) {
        this.method = this.captured();
        this.fail("method");
        return n;
      }
      if (kind === Str.Name && this.stringBytes > NAME_BYTES) {
        this.fail("name");
        return n;
      }
    }
    return n;
  }

  private endString(kind: Str): void {
    this.inString = Str.None;
    if (kind === Str.Key) {
      const key = this.stringBytes <= CAPTURE_BYTES ? this.captured() : "";
      if (this.depth === this.messageDepth) this.messageKey = key;
      else if (this.depth === this.paramsDepth) this.paramsKey = key;
    } else if (kind === Str.Method) {
      this.method ??= this.captured();
    } else if (kind === Str.Id) {
      this.idSeen = true;
      if (this.stringBytes <= CAPTURE_BYTES) this.id = this.captured();
    }
  }

  private endScalarId(): void {
    const text = Buffer.from(this.scalarId ?? []).toString("latin1");
    this.scalarId = null;
    this.idSeen = true;
    const n = Number(text);
    if (text !== "" && Number.isFinite(n)) this.id = n;
  }

  /** The captured bytes as the string they encode (escapes decoded); "" when they do not parse. */
  private captured(): string {
    const raw = Buffer.from(this.capture).toString("utf8");
    if (!raw.includes("\\")) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return "";
    }
  }

  /** Fails the scan with `kind`. */
  private fail(kind: BodyProblem["kind"]): void {
    this.problem = { kind, id: this.id, method: this.method };
  }
}

/** How many backslashes come right before index `end`, looking no further back than `from`. */
function trailingBackslashes(chunk: Uint8Array, from: number, end: number): number {
  let k = end;
  while (k > from && chunk[k - 1] === BACKSLASH) k--;
  return end - k;
}
