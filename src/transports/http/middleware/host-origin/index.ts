/**
 * DNS-rebinding defence for the MCP endpoint (mcp-server-http-deployment.md: "For loopback binds,
 * the MCP endpoint rejects requests whose Host/authority is not loopback. Missing Origin remains
 * valid for non-browser clients, but invalid browser Origin values are rejected.").
 *
 * - Loopback bind: `Host` must name a loopback address (`localhost`, `127.x.x.x`, `[::1]`), any port.
 * - `Origin`, when present, must equal an `--http-allowed-origin` entry exactly, or (loopback
 *   bind only) be a loopback origin. Anything else, `null` included, is refused.
 *
 * Refusals are `403` and never count as failed authentication.
 */

import type { MiddlewareHandler } from "hono";
import { isLoopbackHost } from "../../../../config/index.ts";
import { RPC_ERROR, rpcError } from "../../json-rpc.ts";
import type { HttpEnv } from "../../types.ts";

/** Options of {@link hostOrigin}. */
export interface HostOriginOptions {
  /** Whether the listener is bound to a loopback address. */
  readonly loopback: boolean;
  /** Exact allowed `Origin` values (`--http-allowed-origin`). */
  readonly allowedOrigins: readonly string[];
  /** Called for each refusal (metrics, logs). */
  readonly onReject?: (what: "host" | "origin") => void;
}

/** Hostname of a `Host` header value (`[::1]:7332` → `::1`, `localhost:80` → `localhost`). */
export function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") === -1 ? undefined : h.indexOf("]"));
  const colon = h.lastIndexOf(":");
  return colon === -1 ? h : h.slice(0, colon);
}

/** Creates the middleware. */
export function hostOrigin(options: HostOriginOptions): MiddlewareHandler<HttpEnv> {
  const allowed = new Set(options.allowedOrigins.map((o) => o.toLowerCase()));
  const refuse = (what: "host" | "origin") => {
    options.onReject?.(what);
    return rpcError(
      403,
      RPC_ERROR.invalidRequest,
      what === "host" ? "Forbidden: Host header is not allowed" : "Forbidden: Origin is not allowed",
    );
  };
  return async function hostOrigin(c, next) {
    if (options.loopback) {
      // Bun builds the request URL from the Host header, so the URL stands in when it is absent.
      const host = c.req.header("host") ?? new URL(c.req.url).host;
      if (!isLoopbackHost(hostnameOf(host))) return refuse("host");
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !allowed.has(origin.toLowerCase())) {
      let loopbackOrigin = false;
      try {
        const u = new URL(origin);
        loopbackOrigin = (u.protocol === "http:" || u.protocol === "https:") && isLoopbackHost(u.hostname);
      } catch {
        // Unparseable (or "null"): refused below.
      }
      if (!(options.loopback && loopbackOrigin)) return refuse("origin");
    }
    return next();
  };
}
