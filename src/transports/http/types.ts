/**
 * Types shared by the HTTP app, its middleware and routes: the Hono environment (bindings from
 * the server, typed context variables) and the era of an MCP request.
 */

import type { Principal } from "../../auth/index.ts";
import type { BodyProblem } from "./body-scan.ts";

/** `legacy`: a 2025-era exchange (`initialize`, `MCP-Session-Id`); `modern`: 2026-07-28, sessionless. */
export type Era = "legacy" | "modern";

/** Values the server passes with each request (`app.fetch(req, bindings)`); tests pass their own. */
export interface HttpBindings {
  /** Peer IP address of the connection (never taken from `X-Forwarded-For`). */
  readonly peer?: string;
  /** Same as `peer`, computed on demand (the server's lookup is not free). */
  readonly peerOf?: () => string;
  /** Lifts the socket idle timeout for a long exchange (an SSE stream, a slow call). */
  readonly keepOpen?: (request: Request) => void;
}

/** Context variables set by middleware, read with `c.get(...)`. */
export interface HttpVariables {
  /** `X-Request-Id` of the request (taken from the client when well-formed, else generated). */
  requestId: string;
  /** Set by bearer-auth once the caller is known. */
  principal: Principal;
  /** Set by bearer-auth on a failed authentication; read by the rate limiter. */
  authFailure: string;
  /** The parsed JSON body of a POST (json-body middleware). */
  body: unknown;
  /** Set instead of `body` when the pre-scan refused the body unparsed (json-body middleware). */
  bodyProblem: BodyProblem;
  /** Hash of the protocol session id, when the request belongs to one. */
  sessionHash: string;
  era: Era;
  /** JSON-RPC method of the request (first message of a batch). */
  rpcMethod: string;
  /** `params.name` of a `tools/call`. */
  tool: string;
  /** The client address (peer, or `X-Forwarded-For` through a trusted proxy), once resolved (client-address.ts). */
  clientAddress: string;
  /** Resolves when the response body has been fully sent (streams); the request log waits for it. */
  completion: Promise<void>;
}

/** The Hono environment of the app. */
export interface HttpEnv {
  Bindings: HttpBindings;
  Variables: HttpVariables;
}
