/**
 * Bearer authentication with OAuth access tokens beside the static and named tokens, used in
 * place of `bearerAuth` when `--http-oauth-issuer` is set (MCP authorization; RFC 6750 §3,
 * RFC 9728 §5.1).
 *
 * - A token shaped like `ptc_pat_…`, or equal to the static token, takes the existing path
 *   (unless `--http-oauth-only`); anything else is an OAuth access token for the verifier.
 * - Every 401 carries `WWW-Authenticate: Bearer resource_metadata="<metadata URL>"` so MCP clients
 *   can discover the authorization server; a presented but bad token adds `error="invalid_token"`.
 * - A valid token without the required scopes gets 403 `error="insufficient_scope"` with `scope`
 *   naming them; it is not a failed authentication (the limiter does not count it).
 * - When the keys or the introspection endpoint cannot be reached: 503, not counted either.
 *
 * Like `bearerAuth`, success puts the {@link Principal} in `c.get("principal")` and failure leaves
 * the reason in `authFailure` for the rate limiter mounted before this.
 */

import type { MiddlewareHandler } from "hono";
import type { AuthFailureReason, Authenticator } from "../../../../auth/index.ts";
import type { OAuthOutcome } from "../../../../auth/index.ts";
import { TOKEN_PREFIX } from "../../../../auth/index.ts";
import type { Logger } from "../../../../config/index.ts";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import { authenticateOrStoreDown } from "../../store-unavailable.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link oauthBearer}. */
export interface OAuthBearerOptions {
  /** The static and named tokens. */
  readonly authenticator: Authenticator;
  readonly verifier: { verify(token: string): Promise<OAuthOutcome> };
  /** The `resource_metadata` URL put in every challenge. */
  readonly resourceMetadataUrl: string;
  /** Scopes every token must carry; named in the 401 challenge as `scope` (MCP "Scope Selection"). */
  readonly requiredScopes: readonly string[];
  /** `--http-oauth-only`: the static and named tokens are not consulted. */
  readonly only: boolean;
  readonly logger?: Logger;
  /** Called with each failed authentication (metrics). */
  readonly onFailure?: (reason: AuthFailureReason) => void;
}

/** A value fit for a quoted auth-param (RFC 6750 §3: no `"` or `\`, printable ASCII). */
function quoted(text: string): string {
  return `"${text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "'")}"`;
}

/** The credential of a `Bearer` header, or null when absent, empty or another scheme. */
function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** Creates the middleware. */
export function oauthBearer(options: OAuthBearerOptions): MiddlewareHandler<HttpEnv> {
  if (!options?.authenticator || !options.verifier)
    throw new Error('oauth bearer middleware requires an "authenticator" and a "verifier"');
  const base = `Bearer resource_metadata=${quoted(options.resourceMetadataUrl)}`;
  const scopeParam = options.requiredScopes.length > 0 ? `, scope=${quoted(options.requiredScopes.join(" "))}` : "";

  const unauthorized = (description: string | null): Response => {
    const challenge =
      description === null
        ? `${base}${scopeParam}`
        : `${base}, error="invalid_token", error_description=${quoted(description)}${scopeParam}`;
    return rpcError(401, RPC_ERROR.server, `Unauthorized: ${description ?? "a bearer token is required"}`, {
      headers: { "www-authenticate": challenge },
    });
  };

  return async function oauthBearer(c, next) {
    const header = c.req.header("authorization");
    const raw = bearerOf(header);
    const fail = (reason: AuthFailureReason, description: string | null) => {
      c.set("authFailure", reason);
      options.onFailure?.(reason);
      return unauthorized(description);
    };
    if (raw === null) return fail("missing", null);

    if (!options.only) {
      const outcome = await authenticateOrStoreDown(options.authenticator, header);
      if (outcome instanceof Response) return outcome;
      if (outcome.ok) {
        c.set("principal", outcome.principal);
        return next();
      }
      if (raw.startsWith(TOKEN_PREFIX)) return fail(outcome.reason, `the bearer token is ${outcome.reason}`);
    }

    const result = await options.verifier.verify(raw);
    if (result.ok) {
      c.set("principal", result.principal);
      return next();
    }
    const refusal = result.refusal;
    switch (refusal.kind) {
      case "invalid_token":
        return fail(refusal.reason, refusal.description);
      case "insufficient_scope":
        return rpcError(403, RPC_ERROR.server, `Forbidden: ${refusal.description}`, {
          headers: {
            "www-authenticate": `${base}, error="insufficient_scope", scope=${quoted(refusal.scope)}, error_description=${quoted(refusal.description)}`,
          },
        });
      case "unavailable":
        options.logger?.warn("oauth_unavailable", { message: refusal.description, request_id: c.get("requestId") });
        return rpcError(503, RPC_ERROR.server, "Service Unavailable: the authorization server cannot be reached", {
          headers: { "retry-after": "5" },
        });
    }
  };
}
