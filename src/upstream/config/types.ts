/**
 * The normalized upstreams configuration handed to the runtime. It holds no resolved secret:
 * credential bindings name where a value comes from (a literal's value is kept apart, see
 * `ParsedUpstreams.literals`), and stdio `env` values keep their `${VAR}` templates until the
 * process is spawned.
 */

/** Where a credential binding's value comes from. */
export type CredentialSource =
  | { source: "env"; var: string }
  | { source: "file"; path: string }
  | { source: "literal" };

/** An auth emitter: which binding, rendered how. */
export type AuthSpec =
  | { scheme: "bearer"; binding: string }
  | { scheme: "basic"; binding: string }
  | { scheme: "custom_header"; binding: string; header: string };

/** Settings shared by the HTTP-speaking upstreams. */
export interface HttpSettings {
  /** Auth emitters in order. */
  readonly auth: readonly AuthSpec[];
  /** Literal non-secret headers. */
  readonly staticHeaders: Readonly<Record<string, string>>;
  /** Per-request timeout in ms for schema fetches and OpenAPI calls (MCP calls use the runtime's). */
  readonly requestTimeoutMs: number | undefined;
  /** Connect/handshake timeout in ms. */
  readonly connectTimeoutMs: number | undefined;
}

/** An MCP server launched as a child process, spoken to over stdio. */
export interface StdioUpstreamSpec {
  readonly kind: "mcp_stdio";
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment; values may contain `${VAR}` placeholders resolved at spawn. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | undefined;
  readonly description: string | undefined;
}

/** An MCP server reached over Streamable HTTP. */
export interface HttpUpstreamSpec extends HttpSettings {
  readonly kind: "mcp_http";
  readonly name: string;
  readonly url: string;
  readonly description: string | undefined;
}

/** Per-operation settings of an OpenAPI upstream. */
export interface OperationOverride {
  /** Arguments merged under the program's arguments. */
  readonly defaultArgs: Readonly<Record<string, unknown>>;
  /** Catalog name to use instead of the operationId. */
  readonly name: string | undefined;
  /** Description to use instead of the schema's summary. */
  readonly description: string | undefined;
}

/** Read-only JSON GET operations compiled from an OpenAPI document. */
export interface OpenApiUpstreamSpec extends HttpSettings {
  readonly kind: "openapi";
  readonly name: string;
  readonly baseUrl: string;
  readonly schema: { readonly file: string } | { readonly url: string };
  readonly includeOperations: readonly string[];
  readonly overrides: Readonly<Record<string, OperationOverride>>;
  /** Cap on one response body in bytes (the runtime's cap when unset). */
  readonly maxResponseBytes: number | undefined;
  /** Cap on the schema document in bytes. */
  readonly schemaMaxBytes: number;
  readonly description: string | undefined;
}

/** Any configured upstream. */
export type UpstreamSpec = StdioUpstreamSpec | HttpUpstreamSpec | OpenApiUpstreamSpec;

/** The whole configuration. */
export interface UpstreamsConfig {
  /** Where it was read from, for messages (`--upstreams-config`, a path, or `inline`). */
  readonly source: string;
  readonly credentials: Readonly<Record<string, CredentialSource>>;
  /** Upstreams by configured name. */
  readonly upstreams: Readonly<Record<string, UpstreamSpec>>;
}
