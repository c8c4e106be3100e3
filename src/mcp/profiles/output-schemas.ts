/**
 * The `outputSchema` advertised for `lisp_eval` by the `structured` (compact) and `debug` (full)
 * profiles; `slim` advertises none because it returns text only. Both branch on `status`; the
 * required fields are the ones even a guarded (shrunk) envelope keeps, so every answer the server
 * sends validates against what it advertised.
 */

type JsonSchema = Readonly<Record<string, unknown>>;

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const count = { type: "integer", minimum: 0 } as const;
const strings = { type: "array", items: str } as const;

/** Error reasons (`reason`) the server emits. */
export const ERROR_REASONS = [
  "parse_error",
  "runtime_error",
  "timeout",
  "memory_limit",
  "args_error",
  "fail",
  "validation_error",
  "busy",
  "cancelled",
  "internal_error",
  "session_not_found",
  "session_busy",
  "session_limit",
  "unstorable_value",
  "store_unavailable",
] as const;

const validatedFields = {
  validated: {},
  validated_preview: str,
  validated_preview_truncated: bool,
  validated_bytes: count,
} as const;

const truncationFields = {
  truncated: bool,
  output_truncated: bool,
  prints_truncated: bool,
  feedback_truncated: bool,
} as const;

/** `structured`: `{status, result, …}` with validation and truncation metadata. */
export const COMPACT_OUTPUT_SCHEMA: JsonSchema = {
  type: "object",
  oneOf: [
    {
      type: "object",
      required: ["status"],
      properties: { status: { const: "ok" }, result: str, prints: strings, ...validatedFields, ...truncationFields },
    },
    {
      type: "object",
      required: ["status", "reason"],
      properties: {
        status: { const: "error" },
        reason: str,
        message: str,
        feedback: str,
        result: str,
        prints: strings,
        ...truncationFields,
      },
    },
  ],
};

const upstreamCall = {
  type: "object",
  required: ["server", "tool", "status", "duration_ms"],
  properties: {
    server: str,
    tool: str,
    status: { enum: ["ok", "error"] },
    duration_ms: count,
    started_ms: count,
    reason: str,
    error: str,
    result_bytes: { type: ["integer", "null"], minimum: 0 },
    oversize: bool,
  },
} as const;

const debugFields = {
  duration_ms: { type: "number", minimum: 0 },
  ptc_metrics: { type: ["object", "null"] },
  upstream_calls: { type: "array", items: upstreamCall },
} as const;

/** `debug`: the full payload, with timings, `ptc_metrics` and upstream calls. */
export const FULL_OUTPUT_SCHEMA: JsonSchema = {
  type: "object",
  oneOf: [
    {
      type: "object",
      required: ["status"],
      properties: {
        status: { const: "ok" },
        result: str,
        prints: strings,
        feedback: str,
        ...validatedFields,
        ...truncationFields,
        ...debugFields,
      },
    },
    {
      type: "object",
      required: ["status", "reason"],
      properties: {
        status: { const: "error" },
        reason: { enum: ERROR_REASONS },
        message: str,
        feedback: str,
        result: str,
        prints: strings,
        error_type: str,
        line: count,
        column: count,
        ...truncationFields,
        ...debugFields,
      },
    },
  ],
};
