/**
 * The `fetch` handed to the SDK's Streamable HTTP client transport for an `mcp_http` upstream. It
 * adds the configured headers to every request — auth headers are rendered from the credential
 * vault per request, so no transport or request object keeps them — and caps the response body of
 * each POST (which carries the answers to our requests) before anything decodes it: the body is
 * read up to the cap, and past it the read is cancelled and the JSON-RPC requests of that POST get
 * a synthesized `response_too_large` error instead.
 */

import type { FetchLike } from "@modelcontextprotocol/client";
import { oversizeError } from "./oversize.ts";

/** Options of {@link cappedFetch}. */
export interface CappedFetchOptions {
  /** Largest response body accepted for a POST, in bytes. */
  readonly maxBodyBytes: number;
  /** Headers to add to every request (called per request). */
  readonly headers: () => Readonly<Record<string, string>>;
  /** The underlying fetch (the global one by default). */
  readonly fetch?: typeof fetch;
}

/** Builds the capped, header-adding fetch. */
export function cappedFetch(options: CappedFetchOptions): FetchLike {
  const base = options.fetch ?? fetch;
  return async function upstreamFetch(input, init) {
    const headers = new Headers(init?.headers);
    for (const [k, val] of Object.entries(options.headers())) headers.set(k, val);
    const response = await base(input, { ...init, headers });
    if ((init?.method ?? "GET").toUpperCase() !== "POST" || response.body === null) return response;
    const body = await readCapped(response.body, options.maxBodyBytes);
    if (body.ok)
      return new Response(body.bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    const ids = requestIds(init?.body);
    const errors = ids.map((id) => oversizeError(id, body.bytes, options.maxBodyBytes));
    return new Response(JSON.stringify(errors.length === 1 ? errors[0] : errors), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
}

/** Reads a stream fully unless it exceeds `cap` bytes; then cancels it and reports the bytes seen. */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  cap: number,
): Promise<{ ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; bytes: number }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      return { ok: false, bytes: size };
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { ok: true, bytes: out };
}

/** The ids of the JSON-RPC requests in a POST body (a message or a batch). */
function requestIds(body: unknown): (string | number)[] {
  if (typeof body !== "string") return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    return messages
      .map((m) => (m as { id?: unknown; method?: unknown }).id)
      .filter((id): id is string | number => typeof id === "string" || typeof id === "number");
  } catch {
    return [];
  }
}
