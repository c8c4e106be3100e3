/**
 * Parsing a large `lisp_eval` frame without its context (decision 0025), shared by the stdio and
 * HTTP transports: the scan (context-span.ts) finds the context's bytes, the frame is parsed with
 * a placeholder object in their place, and the bytes are recorded beside the placeholder
 * (mcp/frame-text.ts) for `lisp_eval` to hand to the program's worker, which parses them once.
 */

import { CONTEXT_PLACEHOLDER, rememberContextText } from "../mcp/index.ts";
import { ContextSpanScan, findContextSpan } from "./context-span.ts";

/** Frames at least this long are worth scanning for a context to cut out. */
export const LARGE_FRAME_BYTES = 256 * 1024;
/** Contexts shorter than this stay in their frame (cutting saves less than it costs). */
const MIN_CUT_BYTES = 64 * 1024;
/** The tool whose context is cut out of its frame. */
const CUT_TOOL = "lisp_eval";

/** A scan for the `lisp_eval` context to feed a large frame's bytes to as they arrive (stdio). */
export function startContextScan(): ContextSpanScan {
  return new ContextSpanScan(CUT_TOOL);
}

/**
 * `frame` parsed by `parse` with its `lisp_eval` context replaced by a placeholder, the context's bytes
 * recorded for the worker; undefined when the scan does not vouch for the cut, the context is
 * short, or `parse` throws (the caller then parses the whole frame, and answers as before).
 * `scan`, when given, has been fed exactly `frame`'s bytes; otherwise the frame is scanned here.
 * `frame.buffer` must hold nothing else anyone needs: the worker pool moves it to the worker, and
 * `giveBack`, when given, receives it back once the worker has read it (`ContextText.giveBack`).
 */
export function parseWithoutContext(
  frame: Uint8Array,
  parse: (text: string) => unknown,
  scan?: ContextSpanScan,
  giveBack?: (buffer: ArrayBuffer) => void,
): unknown {
  const span = scan === undefined ? findContextSpan(frame, CUT_TOOL) : scan.finish(frame);
  if (span === null || span.end - span.start < MIN_CUT_BYTES) return undefined;
  let message: unknown;
  try {
    message = parse(`${utf8(frame, 0, span.start)}${CONTEXT_PLACEHOLDER}${utf8(frame, span.end, frame.length)}`);
  } catch {
    return undefined;
  }
  const context = { bytes: frame.subarray(span.start, span.end), ascii: span.ascii, transferable: true, giveBack };
  return rememberContextText(message, context, frame.length) ? message : undefined;
}

/** Bytes `[start, end)` of `frame` decoded as UTF-8 (invalid sequences become U+FFFD, as for the whole frame). */
export function utf8(frame: Uint8Array, start: number, end: number): string {
  return Buffer.from(frame.buffer, frame.byteOffset + start, end - start).toString("utf8");
}
