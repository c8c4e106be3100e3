/**
 * The upstreams JSON document (aggregator-mode.md "Configuration", mcp-server-configuration.md
 * "Upstream Config Format" and "OpenAPI Upstreams") as valibot schemas. Every object is a
 * `strictObject`, so a misspelt key is an error that names its path. Cross-field rules (https,
 * bindings, header names) live in `load.ts`, which turns these raw shapes into the normalized
 * {@link UpstreamsConfig} of `types.ts`.
 */

import * as v from "valibot";

const NonEmpty = v.pipe(v.string("expected a string"), v.minLength(1, "must not be empty"));
const PositiveInt = v.pipe(
  v.number("expected a number"),
  v.safeInteger("expected an integer"),
  v.minValue(1, "must be at least 1"),
);
const StringMap = v.record(v.string(), v.string("expected a string"), "expected an object of strings");
const SchemeHint = v.optional(
  v.picklist(["bearer", "basic", "custom_header"], "expected bearer, basic or custom_header"),
);

/** `credentials.<name>` with `source: "env"`: the value of an environment variable. */
export const EnvCredentialSchema = v.strictObject({ source: v.literal("env"), var: NonEmpty, scheme_hint: SchemeHint });
/** `credentials.<name>` with `source: "file"`: a file's content, trailing whitespace trimmed. */
export const FileCredentialSchema = v.strictObject({
  source: v.literal("file"),
  path: NonEmpty,
  scheme_hint: SchemeHint,
});
/** `credentials.<name>` with `source: "literal"`: the value written in the config. */
export const LiteralCredentialSchema = v.strictObject({
  source: v.literal("literal"),
  value: NonEmpty,
  scheme_hint: SchemeHint,
});

/** One `auth` emitter: `bearer`, `basic`, or `custom_header` with its header name. */
export const AuthSchema = v.variant(
  "scheme",
  [
    v.strictObject({ scheme: v.literal("bearer"), binding: NonEmpty }),
    v.strictObject({ scheme: v.literal("basic"), binding: NonEmpty }),
    v.strictObject({ scheme: v.literal("custom_header"), binding: NonEmpty, header: NonEmpty }),
  ],
  "expected scheme bearer, basic or custom_header",
);

/** `transport: "mcp_stdio"` (also the shorthand `{command, args}` without a transport). */
export const StdioUpstreamSchema = v.strictObject({
  transport: v.optional(v.literal("mcp_stdio")),
  command: NonEmpty,
  args: v.optional(v.array(v.string("expected a string"), "expected an array of strings")),
  env: v.optional(StringMap),
  cwd: v.optional(NonEmpty),
  description: v.optional(v.string("expected a string")),
});

const HttpOptions = {
  auth: v.optional(v.array(AuthSchema, "expected an array of auth emitters")),
  static_headers: v.optional(StringMap),
  allow_insecure_http: v.optional(v.boolean("expected true or false")),
  allow_insecure_auth: v.optional(v.boolean("expected true or false")),
  request_timeout_ms: v.optional(PositiveInt),
  connect_timeout_ms: v.optional(PositiveInt),
  description: v.optional(v.string("expected a string")),
};

/** `transport: "mcp_http"`: a Streamable HTTP MCP server. */
export const HttpUpstreamSchema = v.strictObject({ transport: v.literal("mcp_http"), url: NonEmpty, ...HttpOptions });

/** `operation_overrides.<operationId>`. */
export const OperationOverrideSchema = v.strictObject({
  default_args: v.optional(v.record(v.string(), v.unknown(), "expected an object")),
  name: v.optional(NonEmpty),
  description: v.optional(v.string("expected a string")),
});

/** `transport: "openapi"`: curated read-only JSON GET operations. */
export const OpenApiUpstreamSchema = v.strictObject({
  transport: v.literal("openapi"),
  base_url: NonEmpty,
  schema_file: v.optional(NonEmpty),
  schema_url: v.optional(NonEmpty),
  include_operations: v.pipe(
    v.array(NonEmpty, "expected an array of operationId strings"),
    v.minLength(1, "must list at least one operationId"),
  ),
  operation_overrides: v.optional(v.record(v.string(), OperationOverrideSchema, "expected an object")),
  max_response_bytes: v.optional(PositiveInt),
  schema_max_bytes: v.optional(PositiveInt),
  ...HttpOptions,
});

/** The document: named credential bindings and named upstreams (each checked by its transport). */
export const UpstreamsFileSchema = v.strictObject({
  credentials: v.optional(v.record(v.string(), v.unknown(), "expected an object"), {}),
  upstreams: v.record(v.string(), v.unknown(), "expected an object"),
});

/** Raw credential entry after validation. */
export type CredentialInput =
  | v.InferOutput<typeof EnvCredentialSchema>
  | v.InferOutput<typeof FileCredentialSchema>
  | v.InferOutput<typeof LiteralCredentialSchema>;
/** Raw upstream entries after validation. */
export type StdioUpstreamInput = v.InferOutput<typeof StdioUpstreamSchema>;
export type HttpUpstreamInput = v.InferOutput<typeof HttpUpstreamSchema>;
export type OpenApiUpstreamInput = v.InferOutput<typeof OpenApiUpstreamSchema>;
/** One raw auth emitter. */
export type AuthInput = v.InferOutput<typeof AuthSchema>;
