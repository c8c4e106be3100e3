/**
 * Newline-delimited JSON-RPC over a pair of byte streams (the MCP stdio binding), with the
 * frame-size cap of `--max-frame-bytes`.
 *
 * Differs from the SDK's `StdioServerTransport` in the two ways the reference requires
 * (mcp-server.md "Limits"): a frame over the cap is answered with JSON-RPC `-32700` and skipped
 * while the connection stays up (the SDK transport closes), and a line that is not JSON is
 * answered with `-32700` instead of being dropped silently. Chunks of a short line are kept in a
 * list and joined once; a line past {@link LARGE_FRAME_BYTES} is copied chunk by chunk into one
 * growing buffer, so a multi-megabyte frame costs one copy and its chunks are garbage at once.
 *
 * The context of a large `lisp_eval` call is cut out of its frame (context-cut.ts, decision 0025):
 * the SDK parses the frame with a placeholder object in its place, and the context's bytes
 * go to the program's worker, which parses them once. The main thread never parses, walks or
 * copies it. A frame the scan does not vouch for is parsed whole, as before.
 *
 * JSON-RPC batches are accepted only when `initialize` negotiated a revision that has them
 * (2025-03-26; see `batches.ts`), and answered with one array line; otherwise a batch line gets
 * `-32600`.
 */

import type { Readable, Writable } from "node:stream";
import {
  deserializeMessage,
  ProtocolErrorCode,
  type JSONRPCMessage,
  parseJSONRPCMessage,
  serializeMessage,
  type Transport,
} from "@modelcontextprotocol/server";
import { rememberFrameText } from "../mcp/index.ts";
import { BatchCollector, batchRefusal } from "./batches.ts";
import { LARGE_FRAME_BYTES, parseWithoutContext, startContextScan, utf8 } from "./context-cut.ts";
import type { ContextSpanScan } from "./context-span.ts";
import { GrowingBuffer, SpareBuffer } from "./growing-buffer.ts";

/** JSON-RPC 2.0 error codes used here. */
const PARSE_ERROR = ProtocolErrorCode.ParseError;
const INVALID_REQUEST = ProtocolErrorCode.InvalidRequest;
const NEWLINE = 0x0a;

/** Options for {@link NdjsonTransport}. */
export interface NdjsonTransportOptions {
  /** Largest accepted frame in bytes, newline excluded. */
  readonly maxFrameBytes: number;
  /** Called once after the transport closed, whatever the cause (stdin EOF, stdout error, close()). */
  readonly onClosed?: () => void;
}

/** An MCP {@link Transport} reading frames from `input` and writing them to `output`. */
export class NdjsonTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: JSONRPCMessage) => void) | undefined;

  private chunks: Buffer[] = [];
  private pendingBytes = 0;
  /**
   * The line being read once it passed {@link LARGE_FRAME_BYTES} (then holding all `pendingBytes`),
   * and the context scan fed each of its parts as it arrives (overlapping the read).
   */
  private large: { readonly buffer: GrowingBuffer; readonly scan: ContextSpanScan } | null = null;
  /** A large line's buffer moved back by the worker that read its context, for the next large line. */
  private readonly spare = new SpareBuffer();
  /** True while skipping the rest of an oversized frame. */
  private skipping = false;
  private started = false;
  private closed = false;
  /** Revision agreed by `initialize` (read from our answer to it), once known. */
  private negotiated: string | null = null;
  private initializeId: string | number | undefined;
  private readonly batches = new BatchCollector();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: NdjsonTransportOptions,
  ) {}

  /** Starts reading `input`. */
  async start(): Promise<void> {
    if (this.started) throw new Error("NdjsonTransport already started");
    this.started = true;
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.on("close", this.onEnd);
    this.input.on("error", this.onInputError);
    this.output.on("error", this.onOutputError);
    if (this.input.readableEnded || this.input.destroyed) setImmediate(this.onEnd);
  }

  /** Writes one message as one line; resolves once the stream accepted it (waits for `drain`). */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("transport is closed"));
    const m = message as { id?: unknown; result?: { protocolVersion?: unknown } };
    if (this.initializeId !== undefined && m.id === this.initializeId) {
      const version = m.result?.protocolVersion;
      if (typeof version === "string") this.negotiated = version;
      this.initializeId = undefined;
    }
    const batch = this.batches.take(message);
    if (batch === null) return Promise.resolve();
    return this.writeLine(batch === undefined ? serializeMessage(message) : `${JSON.stringify(batch)}\n`);
  }

  private writeLine(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.output.write(line, (err) => (err ? reject(err) : undefined));
      if (ok) resolve();
      else this.output.once("drain", () => resolve());
    });
  }

  /** Stops reading and reports the close once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.input.off("close", this.onEnd);
    this.input.off("error", this.onInputError);
    this.input.pause();
    this.chunks = [];
    this.large = null;
    this.spare.clear();
    this.batches.clear();
    this.onclose?.();
    this.options.onClosed?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    while (buf.length > 0 && !this.closed) {
      const nl = buf.indexOf(NEWLINE);
      if (this.skipping) {
        if (nl === -1) return;
        this.skipping = false;
        buf = buf.subarray(nl + 1);
        continue;
      }
      if (nl === -1) {
        this.buffer(buf);
        return;
      }
      const head = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (this.pendingBytes + head.length > this.options.maxFrameBytes) {
        this.rejectOversized();
        continue;
      }
      const bytes = this.pendingBytes + head.length;
      if (this.large === null && bytes < LARGE_FRAME_BYTES) {
        this.chunks.push(head);
        const line = Buffer.concat(this.chunks).toString("utf8");
        this.chunks = [];
        this.pendingBytes = 0;
        this.handleLine(line, bytes);
      } else {
        if (!this.append(head)) {
          this.rejectOversized();
          continue;
        }
        const { buffer, scan } = this.large as NonNullable<typeof this.large>;
        this.large = null;
        this.pendingBytes = 0;
        this.handleLarge(buffer.bytes(), scan);
      }
    }
  };

  /** Keeps a partial line, switching to skip mode as soon as it exceeds the cap. */
  private buffer(part: Buffer): void {
    if (this.pendingBytes + part.length > this.options.maxFrameBytes) {
      this.rejectOversized();
      this.skipping = true;
      return;
    }
    if (this.large === null && this.pendingBytes + part.length < LARGE_FRAME_BYTES) {
      this.pendingBytes += part.length;
      this.chunks.push(part);
      return;
    }
    if (!this.append(part)) {
      this.rejectOversized();
      this.skipping = true;
    }
  }

  /** Adds `part` to the large-line buffer (made from the chunks so far on first use); false when it cannot hold it. */
  private append(part: Uint8Array): boolean {
    if (this.large === null) {
      // Reserved up to the frame cap, committed as it grows: growing never moves the bytes.
      // Written into the last line's memory when its worker gave it back (decision 0040).
      const buffer = new GrowingBuffer(
        this.options.maxFrameBytes + 1,
        Math.max(this.pendingBytes + part.length, LARGE_FRAME_BYTES),
        this.spare.take(),
      );
      const scan = startContextScan();
      for (const c of this.chunks) {
        buffer.append(c);
        scan.feed(c);
      }
      this.chunks = [];
      this.large = { buffer, scan };
    }
    if (!this.large.buffer.append(part)) return false;
    // Scanned from the part (a plain buffer), not the growing one: faster to index, and done while
    // the rest of the line is still on its way.
    this.large.scan.feed(part);
    this.pendingBytes += part.length;
    return true;
  }

  /**
   * A line of at least {@link LARGE_FRAME_BYTES}: with its `lisp_eval` context cut out when the scan
   * vouches for the cut (context-cut.ts), else decoded and handled whole.
   */
  private handleLarge(frame: Uint8Array, scan: ContextSpanScan): void {
    const message = parseWithoutContext(frame, deserializeMessage, scan, this.keepSpare) as JSONRPCMessage | undefined;
    if (message === undefined) this.handleLine(utf8(frame, 0, frame.length), frame.length);
    else this.deliver(message);
  }

  /** Takes a line's buffer back from the worker that read its context (on the main thread). */
  private readonly keepSpare = (buffer: ArrayBuffer): void => {
    if (!this.closed) this.spare.keep(buffer);
  };

  private rejectOversized(): void {
    this.chunks = [];
    this.large = null;
    this.pendingBytes = 0;
    this.replyError(null, PARSE_ERROR, `frame exceeds ${this.options.maxFrameBytes} bytes (--max-frame-bytes)`);
  }

  private handleLine(raw: string, bytes: number): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    if (line.trimStart().startsWith("[")) {
      this.handleBatch(line);
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (e) {
      if (e instanceof SyntaxError) this.replyError(null, PARSE_ERROR, "Parse error: frame is not valid JSON");
      else this.replyError(idOf(line), INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
      return;
    }
    // A `lisp_eval` context is decoded again in its worker from this text, not re-serialised.
    rememberFrameText(message, line, bytes);
    this.deliver(message);
  }

  private deliver(message: JSONRPCMessage): void {
    const m = message as { id?: unknown; method?: unknown; params?: { requestId?: unknown } };
    if (m.method === "initialize" && (typeof m.id === "string" || typeof m.id === "number")) this.initializeId = m.id;
    this.onmessage?.(message);
    // A cancelled batched request is never answered by the server; fill its place so the batch completes.
    const cancelled = m.method === "notifications/cancelled" ? m.params?.requestId : undefined;
    if ((typeof cancelled === "string" || typeof cancelled === "number") && this.batches.has(cancelled)) {
      const error = { code: -32000, message: "request cancelled", data: { reason: "cancelled" } };
      void this.send({ jsonrpc: "2.0", id: cancelled, error } as JSONRPCMessage).catch(() => {});
    }
  }

  /** A batch line: refused unless the negotiated revision has batches, else split and collected. */
  private handleBatch(line: string): void {
    let items: unknown;
    try {
      items = JSON.parse(line);
    } catch {
      this.replyError(null, PARSE_ERROR, "Parse error: frame is not valid JSON");
      return;
    }
    const batch = items as unknown[];
    const refusal = batchRefusal(this.negotiated, batch);
    if (refusal !== null) {
      this.replyError(null, INVALID_REQUEST, refusal);
      return;
    }
    const messages: JSONRPCMessage[] = [];
    const invalid: unknown[] = [];
    const ids: Array<string | number> = [];
    for (const item of batch) {
      try {
        const message = parseJSONRPCMessage(item);
        messages.push(message);
        const id = (message as { id?: unknown; method?: unknown }).id;
        if ("method" in message && (typeof id === "string" || typeof id === "number")) ids.push(id);
      } catch {
        const id = (item as { id?: unknown } | null)?.id;
        const error = { code: INVALID_REQUEST, message: "Invalid Request: not a JSON-RPC 2.0 message" };
        invalid.push({ jsonrpc: "2.0", id: typeof id === "string" || typeof id === "number" ? id : null, error });
      }
    }
    const now = this.batches.open(ids, invalid);
    if (now !== null) this.writeLine(`${JSON.stringify(now)}\n`).catch((err) => this.onerror?.(toError(err)));
    for (const message of messages) this.deliver(message);
  }

  private replyError(id: string | number | null, code: number, message: string): void {
    // `id: null` is what JSON-RPC 2.0 prescribes when the request id cannot be known; the SDK's
    // message type does not model it, hence the cast.
    const response = { jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(response).catch((err) => this.onerror?.(toError(err)));
  }

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onInputError = (err: Error): void => {
    this.onerror?.(err);
  };

  private readonly onOutputError = (err: Error): void => {
    if (this.closed) return;
    this.onerror?.(err);
    void this.close();
  };
}

/** The `id` of a JSON object line that is not a valid message, if it has a usable one. */
function idOf(line: string): string | number | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === "string" || typeof id === "number" ? id : null;
  } catch {
    return null;
  }
}

function toError(x: unknown): Error {
  return x instanceof Error ? x : new Error(String(x));
}
