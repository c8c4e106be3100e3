/**
 * Header-name rules for `static_headers` and `custom_header` auth emitters (aggregator-mode.md
 * "Auth emitters", "Static headers"): names follow the RFC 7230 token grammar; the headers the MCP
 * client manages itself are never configurable; secret-bearing names may only come from `auth`.
 */

/** RFC 7230 `token`: one or more tchar. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers the MCP client sets itself (lower case). */
const PROTOCOL_HEADERS = new Set(["mcp-protocol-version", "mcp-session-id", "user-agent"]);

/** Headers that carry secrets and so must come from an `auth` emitter (lower case). */
const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Why `name` cannot be a `static_headers` key, or null when it can. */
export function staticHeaderProblem(name: string): string | null {
  if (!TOKEN.test(name)) return `"${name}" is not a valid header name (RFC 7230 token)`;
  const lower = name.toLowerCase();
  if (PROTOCOL_HEADERS.has(lower)) return `"${name}" is set by the MCP client and cannot be configured`;
  if (SENSITIVE_HEADERS.has(lower))
    return `"${name}" may carry a secret: send it with an auth emitter instead of static_headers`;
  return null;
}

/** Why `name` cannot be the header of a `custom_header` emitter, or null when it can. */
export function customHeaderProblem(name: string): string | null {
  if (!TOKEN.test(name)) return `"${name}" is not a valid header name (RFC 7230 token)`;
  const lower = name.toLowerCase();
  if (lower === "authorization") return `"${name}" is reserved: use the bearer or basic scheme`;
  if (PROTOCOL_HEADERS.has(lower)) return `"${name}" is set by the MCP client and cannot be configured`;
  return null;
}
