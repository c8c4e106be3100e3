/**
 * How one tool is described to a model (aggregator-mode.md "Reading the catalog"): argument labels,
 * argument order, the `doc` text, the `meta` map and one-line descriptions.
 *
 * - Args render as `:name type` (required) and `:name type?` (optional); required args come in the
 *   order of the schema's `required` array, optional ones alphabetically.
 * - Types are the bare JSON Schema names; `enum` renders `enum<type>` when every value shares one
 *   primitive type (bare `enum` otherwise) and `const` renders `const<json>`; both win over `type`.
 */

import type { CatalogTool, JsonObject } from "./types.ts";

/** One argument as rendered. */
export interface ArgInfo {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
}

/** Longest description kept on one catalog line, in characters. */
export const LINE_DESCRIPTION_MAX = 120;
/** Longest description kept in `doc`, in characters. */
export const DOC_DESCRIPTION_MAX = 600;

/** The type label of one property schema. */
export function typeLabel(schema: unknown): string {
  if (typeof schema !== "object" || schema === null) return "any";
  const s = schema as JsonObject;
  if ("const" in s) return `const<${JSON.stringify(s.const) ?? "null"}>`;
  if (Array.isArray(s.enum)) {
    const kinds = new Set(s.enum.map(primitiveKind));
    const only = kinds.size === 1 ? [...kinds][0] : undefined;
    return only !== undefined && only !== "other" ? `enum<${only}>` : "enum";
  }
  const t = s.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t) && t.every((x) => typeof x === "string") && t.length > 0) return t.join("|");
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const parts = ((s.anyOf ?? s.oneOf) as unknown[]).map(typeLabel);
    return [...new Set(parts)].join("|");
  }
  if (typeof s.properties === "object") return "object";
  if (s.items !== undefined) return "array";
  return "any";
}

function primitiveKind(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "string") return "string";
  if (typeof x === "boolean") return "boolean";
  if (typeof x === "number") return Number.isInteger(x) ? "integer" : "number";
  return "other";
}

/** Arguments of an input schema in rendering order. */
export function orderedArgs(inputSchema: JsonObject): ArgInfo[] {
  const props = (
    typeof inputSchema.properties === "object" && inputSchema.properties !== null ? inputSchema.properties : {}
  ) as JsonObject;
  const required = Array.isArray(inputSchema.required)
    ? inputSchema.required.filter((r): r is string => typeof r === "string")
    : [];
  const seen = new Set<string>();
  const out: ArgInfo[] = [];
  for (const name of required) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, label: typeLabel(props[name]), required: true });
  }
  const optional = Object.keys(props)
    .filter((n) => !seen.has(n))
    .sort();
  for (const name of optional) out.push({ name, label: `${typeLabel(props[name])}?`, required: false });
  return out;
}

/** `:path string :head number?` */
export function argsLine(args: readonly ArgInfo[]): string {
  return args.map((a) => `${keyText(a.name)} ${a.label}`).join(" ");
}

/** Prose collapsed to one line and capped at `max` characters (with an ellipsis). */
export function oneLine(text: string | undefined, max = LINE_DESCRIPTION_MAX): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** `tool - description` (or just `tool`), as `dir` lists it. */
export function dirLine(tool: CatalogTool): string {
  const d = oneLine(tool.description);
  return d === "" ? tool.name : `${tool.name} - ${d}`;
}

/** The `Result<...>` shape of a tool's payload. */
export function resultShape(tool: CatalogTool): string {
  const out = tool.outputSchema;
  if (out === undefined) return "Result<json|text>";
  return `Result<${shapeOf(out, 0)}>`;
}

function shapeOf(schema: unknown, depth: number): string {
  if (typeof schema !== "object" || schema === null) return "any";
  const s = schema as JsonObject;
  if (depth < 2 && typeof s.properties === "object" && s.properties !== null) {
    const entries = Object.entries(s.properties as JsonObject).slice(0, 12);
    return `{${entries.map(([k, v]) => `${keyText(k)} ${shapeOf(v, depth + 1)}`).join(" ")}}`;
  }
  if (depth < 2 && s.type === "array" && s.items !== undefined) return `[${shapeOf(s.items, depth + 1)}]`;
  return typeLabel(s);
}

/** A placeholder argument value for the call example. */
function example(label: string): string {
  if (label.startsWith("const<")) return label.slice(6, -1);
  if (label.startsWith("enum")) return "...";
  switch (label) {
    case "string":
      return '"..."';
    case "integer":
    case "number":
      return "1";
    case "boolean":
      return "true";
    case "array":
      return "[]";
    case "object":
      return "{}";
    default:
      return "nil";
  }
}

/** The ready-to-edit `(tool/call ...)` form with the required args filled by placeholders. */
export function callExample(tool: CatalogTool): string {
  const req = orderedArgs(tool.inputSchema).filter((a) => a.required);
  const args = req.map((a) => `${keyText(a.name)} ${example(a.label)}`).join(" ");
  return `(tool/call {:server ${JSON.stringify(tool.server)} :tool ${JSON.stringify(tool.name)} :args {${args}}})`;
}

/** The full `doc` text of a tool. */
export function renderDoc(tool: CatalogTool): string {
  const args = orderedArgs(tool.inputSchema);
  const lines = [`${tool.server}/${tool.name}`];
  const d = oneLine(tool.description, DOC_DESCRIPTION_MAX);
  if (d !== "") lines.push(`  ${d}`);
  lines.push(`  Args: ${args.length === 0 ? "none" : argsLine(args)}`);
  const req = args.filter((a) => a.required).map((a) => keyText(a.name));
  lines.push(`  Required: ${req.length === 0 ? "none" : req.join(" ")}`);
  lines.push(`  Call: ${callExample(tool)}`);
  lines.push(`  Returns: {:ok true :value ${resultShape(tool).slice(7, -1)}} or {:ok false :reason kw :message text}`);
  lines.push(`  Payload: ${resultShape(tool)}`);
  return lines.join("\n");
}

/** Structured metadata of a tool for `meta` (string keys, JSON values). */
export function renderMeta(tool: CatalogTool): JsonObject {
  const args = orderedArgs(tool.inputSchema);
  const out: JsonObject = {
    ref: `${tool.server}/${tool.name}`,
    server: tool.server,
    tool: tool.name,
    description: tool.description,
    args: args.map((a) => ({ name: a.name, type: a.label.replace(/\?$/, ""), required: a.required })),
    required: args.filter((a) => a.required).map((a) => a.name),
    input_schema: tool.inputSchema,
    result: resultShape(tool),
  };
  if (tool.outputSchema !== undefined) out.output_schema = tool.outputSchema;
  if (tool.annotations !== undefined) out.annotations = tool.annotations;
  if (tool.meta !== undefined) Object.assign(out, tool.meta);
  return out;
}

/** A property name as a map key: `:name`, or a string literal when the name is no valid keyword. */
function keyText(name: string): string {
  return /^[A-Za-z_*+!?<>=-][A-Za-z0-9_*+!?<>=.-]*$/.test(name) ? `:${name}` : JSON.stringify(name);
}
