/**
 * The catalog: what the runtime knows about each upstream's tools, in the shape discovery and the
 * `lisp_eval` description render from. Every string in it has been through the redactor.
 */

/** A JSON object as decoded. */
export type JsonObject = Record<string, unknown>;

/** The catalog of one upstream as far as it is known. */
export type CatalogState =
  | { readonly loaded: true; readonly tools: readonly CatalogTool[] }
  | { readonly loaded: false; readonly error: string | null };

/** One callable tool of one upstream. */
export interface CatalogTool {
  /** Configured upstream name. */
  readonly server: string;
  /** Tool name as programs call it. */
  readonly name: string;
  /** Prose description, possibly empty. */
  readonly description: string;
  /** JSON Schema of the arguments (an object schema). */
  readonly inputSchema: JsonObject;
  /** JSON Schema of the structured result, when the upstream declares one. */
  readonly outputSchema?: JsonObject | undefined;
  /** MCP tool annotations (readOnlyHint...), when given. */
  readonly annotations?: JsonObject | undefined;
  /** Provenance kept for `meta`, e.g. `{ _ptc: { operationId } }` for OpenAPI operations. */
  readonly meta?: JsonObject | undefined;
}

/** A server as `(tool/servers)` lists it. */
export interface ServerSummary {
  readonly name: string;
  readonly description: string;
  /** Number of tools, or null when the catalog is not loaded. */
  readonly tool_count: number | null;
  readonly catalog_loaded: boolean;
}
