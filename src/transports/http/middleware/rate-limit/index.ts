/**
 * Failed-auth rate limiting around bearer auth (mcp-server-http-deployment.md "Failed-auth rate
 * limiting"). Mounted just before `bearerAuth`: a blocked source gets `429` + `Retry-After` and no
 * `WWW-Authenticate` (it is not told whether its token was missing or wrong); a failure recorded
 * after `bearerAuth` may turn that very `401` into the first `429`; a success clears the source.
 * The source is the client address: the connection's peer IP, or through one of
 * `--http-trusted-proxies` the address `X-Forwarded-For` names (client-address.ts).
 */

import type { MiddlewareHandler } from "hono";
import type { AuthRateLimiter, RateLimitVerdict } from "../../../../auth/index.ts";
import type { Logger } from "../../../../config/index.ts";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import type { ClientAddressOf } from "../../client-address.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link authRateLimit}. */
export interface AuthRateLimitOptions {
  readonly limiter: AuthRateLimiter;
  readonly logger: Logger;
  /** The client address of a request; absent: the connection's peer. */
  readonly clientAddress?: ClientAddressOf;
  /** Called when a source becomes blocked (metrics). */
  readonly onBlock?: () => void;
}

const CLEAN: RateLimitVerdict = { blocked: false, known: false };

function tooManyRequests(retryAfterSeconds: number): Response {
  return rpcError(429, RPC_ERROR.server, "Too Many Requests: too many failed authentications from this address", {
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}

/** Creates the middleware. */
export function authRateLimit(options: AuthRateLimitOptions): MiddlewareHandler<HttpEnv> {
  if (!options?.limiter) throw new Error('auth rate limit middleware requires a "limiter"');
  const { limiter, logger } = options;
  return async function authRateLimit(c, next) {
    // The peer address costs a syscall-ish lookup: ask for it only when a decision needs it.
    let peer: string | undefined;
    const source = () => (peer ??= options.clientAddress?.(c) ?? c.env?.peerOf?.() ?? c.env?.peer ?? "unknown");
    const before = limiter.tracking ? await limiter.check(source()) : CLEAN;
    if (before.blocked) return tooManyRequests(before.retryAfterSeconds);
    await next();
    if (c.get("authFailure") !== undefined) {
      const after = await limiter.fail(source());
      if (after.blocked) {
        // The raw source IP is logged on purpose (operators act on it); never the token.
        logger.warn("http_auth_rate_limited", {
          source: source(),
          retry_after_s: after.retryAfterSeconds,
          request_id: c.get("requestId"),
        });
        options.onBlock?.();
        c.res = undefined;
        c.res = tooManyRequests(after.retryAfterSeconds);
      }
    } else if (c.get("principal") !== undefined && before.known) {
      await limiter.succeed(source());
    }
  };
}
