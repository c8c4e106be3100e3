/**
 * Reads and parses the JSON body of a POST under a byte cap (`--http-max-body-bytes`) and a read
 * deadline (`--http-request-timeout-ms`). A present `Content-Type` must be JSON
 * (`application/json` or a `+json` type), else `415`. The parsed value is put in `c.get("body")`.
 * Other methods pass through untouched.
 *
 * The bytes are pre-scanned as they arrive (body-scan.ts): a body nested too deep, or naming a
 * method or tool far too long, is never decoded or parsed; `c.get("bodyProblem")` says why and
 * the endpoint refuses it. A large `lisp_eval` body is parsed with its context cut out
 * (context-cut.ts, decision 0025): the context's bytes go to the program's worker unparsed.
 */

import type { MiddlewareHandler } from "hono";
import { LARGE_FRAME_BYTES, parseWithoutContext, utf8 } from "../../../context-cut.ts";
import { type BodyProblem, BodyScanner } from "../../body-scan.ts";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  readonly maxBytes: number;
  readonly readTimeoutMs: number;
}

/** Whether a `Content-Type` value names JSON. */
export function isJsonMediaType(value: string): boolean {
  const essence = (value.split(";")[0] ?? "").trim().toLowerCase();
  return essence === "application/json" || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+json$/.test(essence);
}

type ReadResult =
  | { ok: true; bytes: Uint8Array; problem: null }
  | { ok: true; bytes: null; problem: BodyProblem }
  | { ok: false; status: 408 | 413 };

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  timeoutMs: number,
): Promise<ReadResult> {
  if (body === null) return { ok: true, bytes: new Uint8Array(0), problem: null };
  const reader = body.getReader();
  const scanner = new BodyScanner();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return { ok: false, status: 413 };
      }
      // Once the scan has found a problem the rest is read (so the client gets an answer, not a
      // reset) but neither kept nor looked at.
      if (scanner.problem !== null) continue;
      scanner.feed(value);
      if (scanner.problem === null) chunks.push(value);
      else chunks.length = 0;
    }
  } catch {
    if (timedOut) return { ok: false, status: 408 };
    throw new Error("request body could not be read");
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) return { ok: false, status: 408 };
  if (scanner.problem !== null) return { ok: true, bytes: null, problem: scanner.problem };
  // Buffer.concat shares its pool only below 4 KiB (Buffer.poolSize / 2), so a large body, whose
  // context's bytes may move to a worker, gets an ArrayBuffer of its own.
  return { ok: true, bytes: Buffer.concat(chunks, size), problem: null };
}

/** Creates the middleware. */
export function jsonBody(options: JsonBodyOptions): MiddlewareHandler<HttpEnv> {
  if (!(options?.maxBytes > 0)) throw new Error('json body middleware requires a positive "maxBytes"');
  const tooLarge = () =>
    rpcError(
      413,
      RPC_ERROR.server,
      `Payload Too Large: the body is over ${options.maxBytes} bytes (--http-max-body-bytes)`,
    );
  return async function jsonBody(c, next) {
    if (c.req.method !== "POST") return next();
    const type = c.req.header("content-type");
    if (type !== undefined && !isJsonMediaType(type)) {
      return rpcError(415, RPC_ERROR.server, "Unsupported Media Type: Content-Type must be application/json");
    }
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > options.maxBytes) return tooLarge();
    let read: ReadResult;
    try {
      read = await readCapped(c.req.raw.body, options.maxBytes, options.readTimeoutMs);
    } catch {
      return rpcError(400, RPC_ERROR.parse, "Parse error: the request body could not be read");
    }
    if (!read.ok)
      return read.status === 413
        ? tooLarge()
        : rpcError(408, RPC_ERROR.server, "Request Timeout: the body was not received in time");
    if (read.problem !== null) {
      c.set("bodyProblem", read.problem);
      return next();
    }
    const { bytes } = read;
    try {
      const cut = bytes.length < LARGE_FRAME_BYTES ? undefined : parseWithoutContext(bytes, JSON.parse);
      c.set("body", cut ?? JSON.parse(utf8(bytes, 0, bytes.length)));
    } catch {
      return rpcError(400, RPC_ERROR.parse, "Parse error: the body is not valid JSON");
    }
    return next();
  };
}
