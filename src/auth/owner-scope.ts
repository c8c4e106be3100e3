/**
 * Upstream scope per owner, for aggregator mode: which upstream servers the programs of a caller
 * may reach. Named tokens carry the scope given by `token create --upstreams`; every other owner
 * (the static token, `anonymous`, stdio) is unrestricted. Read from the store on each call, so a
 * change applies to the next call. An OAuth owner (`oauth:…`) has no scope of its own — it comes
 * with each access token (`Principal.upstreams`) — so the lookup answers an empty list for it
 * rather than widen to "everything".
 */

import type { TokenRepo } from "../store/index.ts";
import type { UpstreamScope } from "../config/index.ts";

/** `ownerScope(owner)`: the allowed upstream names, or null when the owner is unrestricted. */
export type OwnerScope = (owner: string) => Promise<UpstreamScope>;

/**
 * Creates the scope lookup. An owner `pat:<id>` whose token no longer exists gets an empty list
 * (deny all): a deleted token must not widen to "everything".
 */
export function createOwnerScope(tokens: TokenRepo | null): OwnerScope {
  return async function ownerScope(owner) {
    if (owner.startsWith("oauth:")) return [];
    if (!owner.startsWith("pat:")) return null;
    if (tokens === null) return [];
    const row = await tokens.findById(owner.slice(4));
    return row === null ? [] : row.upstreams;
  };
}
