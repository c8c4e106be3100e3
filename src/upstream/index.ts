/**
 * Upstream layer: the upstreams config, MCP (stdio, Streamable HTTP) and OpenAPI clients, the
 * shared runtime with its catalog, and the per-program session that serves a program's host calls.
 * `mcp`, `sandbox` and `cli` reach it only through this file.
 */

export { CATALOG_MODES, type CatalogMode, type CatalogText, type CatalogTextOptions } from "./catalog/description.ts";
export type { CatalogTool, ServerSummary } from "./catalog/types.ts";
export {
  type Env,
  LiteralSecrets,
  loadUpstreamsConfig,
  locateUpstreamsConfig,
  type ParsedUpstreams,
  parseUpstreamsConfig,
  UPSTREAMS_ENV,
} from "./config/load.ts";
export type { UpstreamSpec, UpstreamsConfig } from "./config/types.ts";
export { UpstreamConfigError, UpstreamStartError } from "./errors.ts";
export type { UpstreamCallRecord } from "./ledger.ts";
export { REDACTED, Redactor, scrubbingSink } from "./redact.ts";
export { type CatalogState, type RuntimeOptions, type SnapshotMode, UpstreamRuntime } from "./runtime.ts";
export { type HostReply, ProgramSession, type SessionOptions } from "./session.ts";
export type { WorldReason } from "./types.ts";
