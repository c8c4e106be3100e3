/**
 * Compiles the included operations of an OpenAPI 3 document into catalog tools and call plans
 * (upstream-runtime.md "OpenAPI v1 Contract"). Only `GET` operations are accepted; an operation
 * with a request body, a header or cookie parameter, or a success response that is neither JSON
 * nor an empty 204 is refused when the upstream starts, so callers never branch on body formats
 * at run time. Names: `operation_overrides.<id>.name`, else `x-ptc-name`, else the operationId.
 */

import type { OpenApiUpstreamSpec } from "../config/types.ts";
import type { CatalogTool, JsonObject } from "../catalog/types.ts";

/** One compiled operation: how to turn arguments into a request. */
export interface OperationPlan {
  readonly operationId: string;
  /** Catalog name. */
  readonly tool: string;
  /** Path template, e.g. `/traces/{id}`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  /** Parameters the caller must give (after defaults). */
  readonly required: readonly string[];
  readonly defaultArgs: Readonly<Record<string, unknown>>;
}

/** The result of compiling a document. */
export interface CompiledApi {
  readonly tools: CatalogTool[];
  readonly plans: ReadonlyMap<string, OperationPlan>;
  /** `info.title` of the document. */
  readonly title: string;
}

/** A document that cannot be compiled for this upstream; the message names the operation. */
export class OpenApiCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpenApiCompileError";
  }
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Compiles `doc` for `spec`. @throws {OpenApiCompileError} */
export function compileOpenApi(doc: unknown, spec: OpenApiUpstreamSpec): CompiledApi {
  if (typeof doc !== "object" || doc === null) throw new OpenApiCompileError("the schema is not a JSON object");
  const root = doc as JsonObject;
  const paths = asObject(root.paths);
  const found = new Map<string, { path: string; method: string; op: JsonObject; shared: unknown[] }>();
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = asObject(item);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (typeof op !== "object" || op === null) continue;
      const id = (op as JsonObject).operationId;
      if (typeof id === "string")
        found.set(id, { path, method, op: op as JsonObject, shared: asArray(pathItem.parameters) });
    }
  }
  const tools: CatalogTool[] = [];
  const plans = new Map<string, OperationPlan>();
  for (const id of spec.includeOperations) {
    const hit = found.get(id);
    if (hit === undefined) throw new OpenApiCompileError(`operation "${id}" is not in the schema`);
    const { path, method, op } = hit;
    const where = `operation "${id}" (${method.toUpperCase()} ${path})`;
    if (method !== "get") throw new OpenApiCompileError(`${where}: only GET operations are supported`);
    if (op.requestBody !== undefined) throw new OpenApiCompileError(`${where}: request bodies are not supported`);
    const params = mergeParams(root, hit.shared, asArray(op.parameters), where);
    const output = successSchema(root, op, where);
    const override = spec.overrides[id];
    const defaults = override?.defaultArgs ?? {};
    const properties: JsonObject = {};
    const required: string[] = [];
    const pathParams: string[] = [];
    const queryParams: string[] = [];
    for (const p of params) {
      const schema = { ...asObject(resolve(root, p.schema)) };
      if (typeof p.description === "string" && schema.description === undefined) schema.description = p.description;
      if (p.name in defaults) schema.default = defaults[p.name];
      properties[p.name] = schema;
      if (p.in === "path") pathParams.push(p.name);
      else queryParams.push(p.name);
      if ((p.required || p.in === "path") && !(p.name in defaults)) required.push(p.name);
    }
    const tool = override?.name ?? (typeof op["x-ptc-name"] === "string" ? (op["x-ptc-name"] as string) : id);
    if (plans.has(tool)) throw new OpenApiCompileError(`${where}: the tool name "${tool}" is used twice`);
    const description = override?.description ?? String(op.summary ?? op.description ?? "");
    tools.push({
      server: spec.name,
      name: tool,
      description,
      inputSchema: { type: "object", properties, required },
      outputSchema: output,
      annotations: { readOnlyHint: true },
      meta: { _ptc: { operationId: id, method: "GET", path } },
    });
    plans.set(tool, { operationId: id, tool, path, pathParams, queryParams, required, defaultArgs: defaults });
  }
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tools, plans, title: String(asObject(root.info).title ?? "") };
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  description: unknown;
}

function mergeParams(root: JsonObject, shared: unknown[], own: unknown[], where: string): Param[] {
  const byKey = new Map<string, Param>();
  for (const raw of [...shared, ...own]) {
    const p = asObject(resolve(root, raw));
    const name = p.name;
    const loc = p.in;
    if (typeof name !== "string" || typeof loc !== "string")
      throw new OpenApiCompileError(`${where}: a parameter lacks name or in`);
    if (loc === "header" || loc === "cookie") {
      throw new OpenApiCompileError(
        `${where}: ${loc} parameter "${name}" is not supported; use auth or static_headers`,
      );
    }
    if (loc !== "path" && loc !== "query")
      throw new OpenApiCompileError(`${where}: parameter location "${loc}" is not supported`);
    byKey.set(`${loc}:${name}`, {
      name,
      in: loc,
      required: p.required === true,
      schema: p.schema,
      description: p.description,
    });
  }
  return [...byKey.values()];
}

/** The JSON schema of the success response (undefined when none is declared or it is a 204). */
function successSchema(root: JsonObject, op: JsonObject, where: string): JsonObject | undefined {
  const responses = asObject(op.responses);
  const codes = Object.keys(responses).filter((c) => /^2(\d\d|XX)$/i.test(c));
  if (codes.length === 0) throw new OpenApiCompileError(`${where}: declares no 2xx response`);
  let schema: JsonObject | undefined;
  for (const code of codes) {
    const response = asObject(resolve(root, responses[code]));
    const content = asObject(response.content);
    const types = Object.keys(content);
    if (types.length === 0) {
      if (code === "204") continue;
      throw new OpenApiCompileError(`${where}: response ${code} has no JSON content (only an empty 204 may)`);
    }
    const json = types.find(isJsonType);
    if (json === undefined || types.some((t) => !isJsonType(t))) {
      throw new OpenApiCompileError(
        `${where}: response ${code} is ${types.join(", ")}; only JSON success responses are supported`,
      );
    }
    const s = asObject(content[json]).schema;
    if (schema === undefined && s !== undefined) schema = asObject(inline(root, s, 0));
  }
  return schema;
}

/** True for `application/json` and `+json` media types. */
export function isJsonType(type: string): boolean {
  const t = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return t === "application/json" || t.endsWith("+json");
}

/** Follows one local `$ref` (`#/components/...`). */
function resolve(root: JsonObject, x: unknown): unknown {
  let cur = x;
  for (
    let i = 0;
    i < 8 && typeof cur === "object" && cur !== null && typeof (cur as JsonObject).$ref === "string";
    i++
  ) {
    const ref = (cur as JsonObject).$ref as string;
    if (!ref.startsWith("#/")) return {};
    cur = ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (o, k) =>
          typeof o === "object" && o !== null
            ? (o as JsonObject)[k.replace(/~1/g, "/").replace(/~0/g, "~")]
            : undefined,
        root,
      );
  }
  return cur ?? {};
}

/** A schema with local refs inlined to a small depth (enough for rendering `Result<...>`). */
function inline(root: JsonObject, x: unknown, depth: number): unknown {
  const s = resolve(root, x);
  if (depth > 3 || typeof s !== "object" || s === null) return s;
  if (Array.isArray(s)) return s.map((y) => inline(root, y, depth + 1));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s as JsonObject)) {
    if (k === "items") out[k] = inline(root, v, depth + 1);
    else if (k === "properties") {
      const props: JsonObject = {};
      for (const [name, p] of Object.entries(asObject(v))) props[name] = inline(root, p, depth + 1);
      out[k] = props;
    } else out[k] = v;
  }
  return out;
}

function asObject(x: unknown): JsonObject {
  return typeof x === "object" && x !== null && !Array.isArray(x) ? (x as JsonObject) : {};
}

function asArray(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}
