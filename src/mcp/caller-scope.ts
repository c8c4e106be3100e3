/**
 * What an authenticated HTTP caller carries into the MCP server. The SDK hands it through
 * `authInfo.extra`, an untyped bag; {@link encodeCallerScope} is the only writer (the HTTP
 * transport) and {@link decodeCallerScope} the only reader (the server and the transport's
 * session code), so the bag's shape is defined once.
 */

import type { UpstreamScope } from "../config/index.ts";
import type { CallFactsSink } from "./call-facts.ts";

/** The caller behind one HTTP request. */
export interface CallerScope {
  /** Owner id (a token is its own owner). */
  readonly owner: string;
  /** Name of the named token used, or null (static token, auth disabled). */
  readonly tokenName: string | null;
  /** Upstream servers the caller may reach (aggregator mode). */
  readonly upstreams: UpstreamScope;
  /** Hashed ids for trace files: `owner_hash`, `mcp_session_hash`, `transport_request_id`. */
  readonly trace?: Readonly<Record<string, string>> | undefined;
  /** Where the facts of a finished tool call go (the request's audit row); in-process only. */
  readonly report?: CallFactsSink | undefined;
}

/** The `authInfo.extra` bag for `scope`. */
export function encodeCallerScope(scope: CallerScope): Record<string, unknown> {
  return {
    owner: scope.owner,
    tokenName: scope.tokenName,
    upstreams: scope.upstreams,
    trace: scope.trace,
    ...(scope.report ? { report: scope.report } : {}),
  };
}

/**
 * The scope in an `authInfo.extra` bag; null when there is none (stdio, no auth info). A field of
 * the wrong type reads as absent; a list of `upstreams` keeps only its strings.
 */
export function decodeCallerScope(extra: Record<string, unknown> | undefined): CallerScope | null {
  if (extra === undefined) return null;
  const u = extra.upstreams;
  const t = extra.trace;
  let trace: Record<string, string> | undefined;
  if (t !== null && typeof t === "object") {
    trace = {};
    for (const [k, v] of Object.entries(t)) if (typeof v === "string") trace[k] = v;
  }
  return {
    owner: typeof extra.owner === "string" ? extra.owner : "",
    tokenName: typeof extra.tokenName === "string" ? extra.tokenName : null,
    upstreams: Array.isArray(u) ? u.filter((x): x is string => typeof x === "string") : null,
    trace,
    report: typeof extra.report === "function" ? (extra.report as CallFactsSink) : undefined,
  };
}

/** The servers allowed by both scopes (null = unrestricted). */
export function narrowScope(a: UpstreamScope, b: UpstreamScope | undefined): UpstreamScope {
  if (b == null) return a;
  if (a == null) return b;
  return a.filter((x) => b.includes(x));
}
