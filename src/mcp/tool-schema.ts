/**
 * The `lisp_eval` input schema and the one bridge between valibot and the MCP SDK.
 *
 * Decision: tools are registered on the SDK's high-level `McpServer` (the low-level `Server` is
 * deprecated in SDK v2). `registerTool` wants a Standard Schema that can also emit JSON Schema, and
 * it rejects failing input with its own generic message. We want every argument fault — wrong
 * type, unknown key, too many bytes — to reach the model the same way, as an `args_error` tool
 * result rendered by the response profile. So {@link advertised} hands the SDK the JSON Schema of
 * our valibot schema (via `@valibot/to-json-schema`) for `tools/list`, but a `validate` that lets
 * every value through; the tool handler then validates with {@link parseLispEvalInput}.
 */

import { toStandardJsonSchema } from "@valibot/to-json-schema";
import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import * as v from "valibot";

/** Arguments of `lisp_eval` (mcp-server.md: `program`, optional `context` and `output_schema`). */
export const LispEvalInputSchema = v.strictObject({
  program: v.pipe(
    v.string("expected a string"),
    v.description("PTC-Lisp source; the value of the last form is the result"),
  ),
  context: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown(), "expected a JSON object"),
      v.description("JSON object readable in the program as data/<key>"),
    ),
  ),
  output_schema: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown(), "expected a JSON object"),
      v.description(
        "JSON Schema the JSON form of the result must match; a mismatch fails with validation_error listing each difference",
      ),
    ),
  ),
});

/** Arguments that must be JSON objects. */
const OBJECT_ARGS = ["context", "output_schema"] as const;

/** `lisp_eval` arguments as sent by a client. */
export type LispEvalInput = v.InferInput<typeof LispEvalInputSchema>;
/** `lisp_eval` arguments after validation. */
export type LispEvalArgs = v.InferOutput<typeof LispEvalInputSchema>;

/** Result of {@link parseLispEvalInput}: the arguments, or a one-line reason for `args_error`. */
export type ParsedInput = { ok: true; args: LispEvalArgs } | { ok: false; reason: string };

/**
 * Validates raw `tools/call` arguments. A `null` optional field counts as absent (some clients
 * send explicit nulls).
 *
 * @returns the typed arguments, or a reason such as `program: expected a string`
 */
export function parseLispEvalInput(raw: unknown): ParsedInput {
  const input = isPlainObject(raw) ? dropNulls(raw) : raw;
  // valibot's record schema accepts arrays (and turns them into objects), so refuse them first.
  for (const key of OBJECT_ARGS) {
    if (isPlainObject(input) && Array.isArray(input[key]))
      return { ok: false, reason: `${key}: expected a JSON object` };
  }
  const result = v.safeParse(LispEvalInputSchema, input ?? {});
  if (result.success) return { ok: true, args: withOwnKeys(result.output, input as Record<string, unknown>) };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  if (path === "") return { ok: false, reason: "arguments: expected a JSON object" };
  if (issue.type === "strict_object") {
    const known = Object.keys(LispEvalInputSchema.entries).join(", ");
    return {
      ok: false,
      reason: issue.input === undefined ? `${path}: required` : `${path}: unknown argument (known: ${known})`,
    };
  }
  return { ok: false, reason: `${path}: ${issue.message}` };
}

/**
 * Wraps a valibot object schema for `McpServer.registerTool`: JSON Schema from valibot for
 * `tools/list`, validation deferred to the handler (see the module docs for why).
 */
export function advertised<S extends v.GenericSchema>(schema: S): StandardSchemaWithJSON<unknown, unknown> {
  const std = toStandardJsonSchema(schema)["~standard"];
  return {
    "~standard": {
      version: 1,
      vendor: "ptc-mcp",
      validate: (value: unknown) => ({ value }),
      jsonSchema: std.jsonSchema,
    },
  };
}

/**
 * Wraps a plain JSON Schema for `McpServer.registerTool` as an `outputSchema`: advertised as is,
 * and never used to reject a result (the renderers build results that match it; a check here
 * would only cost time on every call).
 */
export function advertisedJson(schema: Readonly<Record<string, unknown>>): StandardSchemaWithJSON<unknown, unknown> {
  const emit = () => ({ ...schema });
  return {
    "~standard": {
      version: 1,
      vendor: "ptc-mcp",
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: emit, output: emit },
    },
  };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== null || k === "program") setOwn(out, k, val);
  return out;
}

/** `o[k] = val` as an own data property, even for `__proto__` (which would replace the prototype). */
function setOwn(o: Record<string, unknown>, k: string, val: unknown): void {
  Object.defineProperty(o, k, { value: val, enumerable: true, writable: true, configurable: true });
}

/**
 * The validated arguments with `context` and `output_schema` as the client sent them. valibot's
 * `record` leaves out the keys `__proto__`, `prototype` and `constructor` (its guard against
 * prototype pollution), but they are ordinary JSON keys a program must see as `data/constructor`.
 * The client's objects come from `JSON.parse`, which makes every key an own data property, so no
 * prototype is touched; the values were validated above.
 */
function withOwnKeys(args: LispEvalArgs, input: Record<string, unknown>): LispEvalArgs {
  const out = { ...args };
  for (const key of OBJECT_ARGS) {
    const raw = input[key];
    if (isPlainObject(raw)) out[key] = raw;
  }
  return out;
}
