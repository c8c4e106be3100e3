/**
 * One client factory per upstream transport kind, in an exhaustive table (as the response
 * renderers are): adding a transport means a schema in config/, a client, and one row here; the
 * runtime only calls {@link startClient}.
 */

import type { CatalogTool } from "./catalog/types.ts";
import type { HttpUpstreamSpec, OpenApiUpstreamSpec, StdioUpstreamSpec, UpstreamSpec } from "./config/types.ts";
import type { CredentialVault } from "./credentials.ts";
import { UpstreamStartError } from "./errors.ts";
import { McpUpstream } from "./mcp/client.ts";
import { OpenApiUpstream } from "./openapi/client.ts";
import type { Redactor } from "./redact.ts";
import type { UpstreamClient } from "./types.ts";

/** What every factory may draw on. Units are in the field names. */
export interface ClientContext {
  readonly vault: CredentialVault;
  readonly redactor: Redactor;
  /** Parent environment (stdio children inherit its basics; `${VAR}` values). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--max-upstream-response-bytes`. */
  readonly maxResponseBytes: number;
  /** `--upstream-call-timeout-ms`; also bounds a schema fetch. */
  readonly callTimeoutMs: number;
  /** Cap on starting and the `initialize` handshake. */
  readonly connectTimeoutMs: number;
  /** Identity sent in `initialize`. */
  readonly clientInfo: { readonly name: string; readonly version: string };
  readonly now?: (() => number) | undefined;
}

/** A client ready to use; `fixedTools` is its whole catalog when that never changes (compiled OpenAPI). */
export interface StartedClient {
  readonly client: UpstreamClient;
  readonly fixedTools?: readonly CatalogTool[];
}

type Factory<S extends UpstreamSpec> = (spec: S, context: ClientContext) => Promise<StartedClient>;

/** MCP upstreams start lazily (on first use, or when the runtime freezes its snapshot). */
const mcp: Factory<StdioUpstreamSpec | HttpUpstreamSpec> = async (spec, c) => ({
  client: new McpUpstream({
    spec,
    vault: c.vault,
    redactor: c.redactor,
    env: c.env,
    maxResponseBytes: c.maxResponseBytes,
    connectTimeoutMs: c.connectTimeoutMs,
    clientInfo: c.clientInfo,
    now: c.now,
  }),
});

/** OpenAPI upstreams load and compile their schema now; a failure names the upstream. */
const openapi: Factory<OpenApiUpstreamSpec> = async (spec, c) => {
  const client = await OpenApiUpstream.load({
    spec,
    vault: c.vault,
    redactor: c.redactor,
    maxResponseBytes: c.maxResponseBytes,
    defaultTimeoutMs: c.callTimeoutMs,
  }).catch((e: unknown) => {
    throw new UpstreamStartError(
      spec.name,
      c.redactor.scrub(`upstream '${spec.name}' (openapi): ${(e as Error).message}`),
    );
  });
  return { client, fixedTools: await client.listTools() };
};

const FACTORIES: { readonly [K in UpstreamSpec["kind"]]: Factory<Extract<UpstreamSpec, { kind: K }>> } = {
  mcp_stdio: mcp,
  mcp_http: mcp,
  openapi,
};

/**
 * Creates the client of one configured upstream.
 *
 * @throws {UpstreamStartError} when it cannot start (OpenAPI schema unreachable or invalid)
 */
export function startClient(spec: UpstreamSpec, context: ClientContext): Promise<StartedClient> {
  return (FACTORIES[spec.kind] as Factory<UpstreamSpec>)(spec, context);
}
