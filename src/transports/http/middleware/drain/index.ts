/**
 * Refuses new MCP requests while the server drains for shutdown: `503` with the JSON-RPC error
 * `server draining` (mcp-server-http-deployment.md "Rolling Deploy Drain"). Requests already
 * running are not affected.
 */

import type { MiddlewareHandler } from "hono";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import type { HttpEnv } from "../../types.ts";

/** Something that knows whether the server is draining. */
export interface DrainState {
  readonly draining: boolean;
}

/** Creates the middleware. */
export function drainGuard(state: DrainState): MiddlewareHandler<HttpEnv> {
  if (!state) throw new Error("drain guard middleware requires a drain state");
  return async function drainGuard(_c, next) {
    if (state.draining) {
      return rpcError(503, RPC_ERROR.server, "server draining", {
        headers: { connection: "close", "retry-after": "1" },
      });
    }
    return next();
  };
}
