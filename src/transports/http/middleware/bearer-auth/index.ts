/**
 * Bearer authentication for the MCP endpoint. On success the caller's {@link Principal} is put in
 * the context (`c.get("principal")`); on failure the answer is `401` with a `WWW-Authenticate`
 * challenge and the reason is left in `authFailure` for the rate limiter mounted before this.
 */

import type { MiddlewareHandler } from "hono";
import type { Authenticator, AuthFailureReason } from "../../../../auth/index.ts";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import { authenticateOrStoreDown } from "../../store-unavailable.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  readonly authenticator: Authenticator;
  /** Realm named in the challenge. */
  readonly realm?: string;
  /** Called with each failure reason (metrics). */
  readonly onFailure?: (reason: AuthFailureReason) => void;
}

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: "Unauthorized: a bearer token is required",
  invalid: "Unauthorized: the bearer token is not valid",
  revoked: "Unauthorized: the bearer token was revoked",
  expired: "Unauthorized: the bearer token has expired",
};

/** Creates the middleware. */
export function bearerAuth(options: BearerAuthOptions): MiddlewareHandler<HttpEnv> {
  if (!options?.authenticator) throw new Error('bearer auth middleware requires an "authenticator"');
  const realm = options.realm ?? "ptc-mcp";
  return async function bearerAuth(c, next) {
    // The token table cannot be read: refuse at once, and not as a failed authentication.
    const outcome = await authenticateOrStoreDown(options.authenticator, c.req.header("authorization"));
    if (outcome instanceof Response) return outcome;
    if (outcome.ok) {
      c.set("principal", outcome.principal);
      return next();
    }
    c.set("authFailure", outcome.reason);
    options.onFailure?.(outcome.reason);
    const challenge =
      outcome.reason === "missing" ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="invalid_token"`;
    return rpcError(401, RPC_ERROR.server, MESSAGES[outcome.reason], { headers: { "www-authenticate": challenge } });
  };
}
