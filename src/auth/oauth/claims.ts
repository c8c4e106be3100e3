/**
 * From validated access-token claims (a JWT payload, RFC 9068 §2.2, or an introspection answer,
 * RFC 7662 §2.2) to the {@link Principal} a request acts for: the owner, the granted scopes and
 * the upstream scope given by the scope map.
 *
 * Owner: `oauth:<sub>`, else `oauth:<client_id>` (a client-credentials token may carry only the
 * client). Like every owner it keys sessions, in-flight budgets and audit rows, and is logged hashed.
 */

import type { ScopeMap, UpstreamScope } from "../../config/index.ts";
import type { Principal } from "../authenticator.ts";

/** Scopes granted by a token: `scope` (space-separated, RFC 9068 §2.2.3) or `scp` (array or string). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === "string") return raw.split(" ").filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === "string" && s !== "");
  return [];
}

/** The client the token was issued to: `client_id` (RFC 9068), else `azp` (OIDC), else `cid` (Okta). */
export function clientIdOf(claims: Record<string, unknown>): string | null {
  for (const k of ["client_id", "azp", "cid"]) {
    const v = claims[k];
    if (typeof v === "string" && v !== "") return v;
  }
  return null;
}

/**
 * The upstream servers the granted scopes reach: null (every upstream) without a map or when a
 * granted scope maps to `"*"`; otherwise the union of the mapped lists, in map order — empty when
 * no granted scope is in the map (the program still runs, with no upstream).
 */
export function upstreamsFor(scopes: readonly string[], map: ScopeMap | null): UpstreamScope {
  if (map === null) return null;
  const granted = new Set(scopes);
  const out = new Set<string>();
  for (const [scope, servers] of map) {
    if (!granted.has(scope)) continue;
    if (servers === "*") return null;
    for (const s of servers) out.add(s);
  }
  return [...out];
}

/** The principal of validated claims, or null when they name neither a subject nor a client. */
export function principalOf(claims: Record<string, unknown>, map: ScopeMap | null): Principal | null {
  const sub = typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : null;
  const clientId = clientIdOf(claims);
  const id = sub ?? clientId;
  if (id === null) return null;
  const scopes = scopesOf(claims);
  return { owner: `oauth:${id}`, kind: "oauth", tokenName: clientId, upstreams: upstreamsFor(scopes, map), scopes };
}
