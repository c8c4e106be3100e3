/**
 * Request log middleware: gives every request an `X-Request-Id` (the client's when well-formed,
 * else a fresh UUID), echoes it in the response, and writes one JSON line per request when the
 * response is complete — for a streamed response, when its stream ends. Owner and session appear
 * only as hashes; the line never contains a header value other than the request id and, through a
 * trusted proxy, the client address taken from `X-Forwarded-For` (`client_ip`).
 */

import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { shortHash } from "../../../../auth/index.ts";
import type { Logger } from "../../../../config/index.ts";
import type { ClientAddressOf } from "../../client-address.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link requestLog}. */
export interface RequestLogOptions {
  readonly logger: Logger;
  /** `--http-instance-label`. */
  readonly instance: string;
  /** The client address of a request (`client_ip`); absent: the connection's peer. */
  readonly clientAddress?: ClientAddressOf;
  /** Called with the final status of each request (metrics). */
  readonly onDone?: (info: { path: string; method: string; status: number; durationMs: number }) => void;
}

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Creates the middleware; mount it first so it sees every response. */
export function requestLog(options: RequestLogOptions): MiddlewareHandler<HttpEnv> {
  if (!options.logger) throw new Error("request log middleware requires a logger");
  const { logger, instance } = options;
  return async function requestLog(c, next) {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given !== undefined && CLIENT_ID.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("x-request-id", requestId);
    const status = c.res.status;
    const client = options.clientAddress ? options.clientAddress(c) : (c.env?.peerOf?.() ?? c.env?.peer);
    const finish = () => {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      const principal = c.get("principal");
      logger.info("http_request", {
        instance,
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status,
        duration_ms: durationMs,
        ...(client ? { client_ip: client } : {}),
        ...(principal ? { owner_hash: shortHash(principal.owner) } : {}),
        ...(c.get("sessionHash") ? { session_hash: c.get("sessionHash") } : {}),
        ...(c.get("era") ? { era: c.get("era") } : {}),
        ...(c.get("rpcMethod") ? { rpc_method: c.get("rpcMethod") } : {}),
        ...(c.get("tool") ? { tool: c.get("tool") } : {}),
      });
      options.onDone?.({ path: c.req.path, method: c.req.method, status, durationMs });
    };
    const completion = c.get("completion");
    if (completion) completion.then(finish, finish);
    else finish();
  };
}
