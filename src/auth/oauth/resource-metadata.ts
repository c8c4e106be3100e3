/**
 * The OAuth 2.0 Protected Resource Metadata document of this server (RFC 9728 §2) and where it is
 * published (§3.1: `/.well-known/oauth-protected-resource` inserted before the resource's path).
 * MCP clients find it through the `resource_metadata` parameter of a 401 challenge, or by probing
 * those URLs, and learn from it which authorization server issues tokens for this resource.
 */

import type { OAuthSettings } from "../../config/index.ts";

/** The well-known prefix (RFC 9728 §3). */
export const WELL_KNOWN_PREFIX = "/.well-known/oauth-protected-resource";

/** The metadata document (the fields this server sets). */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_signing_alg_values_supported?: readonly string[];
  readonly resource_name: string;
}

/** The document for `settings`; `scopes_supported` lists the required scopes and the scope map's keys. */
export function protectedResourceMetadata(settings: OAuthSettings, name: string): ProtectedResourceMetadata {
  const scopes = new Set<string>(settings.requiredScopes);
  for (const s of settings.scopeMap?.keys() ?? []) scopes.add(s);
  return {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: [...scopes],
    bearer_methods_supported: ["header"],
    resource_name: name,
  };
}

/** The metadata URL for `resource` (RFC 9728 §3.1), the value of `resource_metadata` in challenges. */
export function resourceMetadataUrl(resource: string): string {
  const u = new URL(resource);
  const path = u.pathname === "/" ? "" : u.pathname.replace(/\/+$/, "");
  return `${u.origin}${WELL_KNOWN_PREFIX}${path}`;
}

/**
 * Local paths the document is served at: the bare well-known path, the path-suffixed form for the
 * local MCP path, and the one for the public URL's path when a proxy maps it elsewhere.
 */
export function metadataPaths(resource: string, localPath: string): string[] {
  const publicPath = new URL(resource).pathname.replace(/\/+$/, "");
  const paths = new Set([WELL_KNOWN_PREFIX, `${WELL_KNOWN_PREFIX}${localPath === "/" ? "" : localPath}`]);
  if (publicPath !== "") paths.add(`${WELL_KNOWN_PREFIX}${publicPath}`);
  return [...paths];
}
