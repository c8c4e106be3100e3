/**
 * `GET /.well-known/oauth-protected-resource` and its path-suffixed forms (RFC 9728 §3), mounted
 * when OAuth is on. The document is public (no auth, any origin may read it: browser-based MCP
 * clients fetch it cross-origin) and cacheable for an hour.
 */

import type { Hono } from "hono";
import { metadataPaths, protectedResourceMetadata } from "../../auth/index.ts";
import type { OAuthSettings } from "../../config/index.ts";
import { MCP_SERVER_NAME } from "../../config/index.ts";
import type { HttpEnv } from "./types.ts";

/** Mounts the metadata routes on `app` for the MCP endpoint at `localPath`; returns the paths. */
export function mountProtectedResource(app: Hono<HttpEnv>, settings: OAuthSettings, localPath: string): string[] {
  const body = JSON.stringify(protectedResourceMetadata(settings, MCP_SERVER_NAME));
  const headers = {
    "content-type": "application/json",
    "cache-control": "public, max-age=3600",
    "access-control-allow-origin": "*",
  };
  const paths = metadataPaths(settings.resource, localPath);
  for (const path of paths) app.get(path, (c) => c.body(body, 200, headers));
  return paths;
}
