/**
 * An `openapi` upstream: loads and compiles its schema when the runtime starts (from
 * `schema_file`, or `schema_url` with `schema_max_bytes` enforced before decoding), then answers
 * `tool/call` with one HTTPS GET per call. Arguments fill path parameters (URL-encoded) and the
 * query string; configured `default_args` fill in what the call leaves out.
 *
 * Outcomes: a 2xx JSON body is `:json`, a 204 is `:none`; a non-2xx status is `tool_error` (the
 * API reported a failure), an unreachable host `upstream_unavailable`, no answer in time `timeout`,
 * a body over the cap `response_too_large`. Unknown or missing arguments are programmer faults,
 * since the compiled schema proves them wrong.
 */

import { readFileSync, statSync } from "node:fs";
import type { OpenApiUpstreamSpec } from "../config/types.ts";
import type { CatalogTool } from "../catalog/types.ts";
import type { CredentialVault } from "../credentials.ts";
import { readCapped } from "../mcp/http-fetch.ts";
import type { Redactor } from "../redact.ts";
import { clipMessage } from "../results.ts";
import { type CallOutcome, UnavailableError, type UpstreamClient } from "../types.ts";
import { type CompiledApi, compileOpenApi, isJsonType, type OperationPlan } from "./compile.ts";

/** What an {@link OpenApiUpstream} needs. */
export interface OpenApiUpstreamOptions {
  readonly spec: OpenApiUpstreamSpec;
  readonly vault: CredentialVault;
  readonly redactor: Redactor;
  /** Response cap when the upstream sets no `max_response_bytes`. */
  readonly maxResponseBytes: number;
  /** Timeout for the schema fetch when the upstream sets no `request_timeout_ms`. */
  readonly defaultTimeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** A compiled OpenAPI upstream. */
export class OpenApiUpstream implements UpstreamClient {
  readonly kind = "openapi";
  readonly name: string;
  private constructor(
    private readonly options: OpenApiUpstreamOptions,
    private readonly api: CompiledApi,
  ) {
    this.name = options.spec.name;
  }

  /** Loads and compiles the schema. @throws {Error} naming the upstream and the problem */
  static async load(options: OpenApiUpstreamOptions): Promise<OpenApiUpstream> {
    const doc = await loadSchema(options);
    return new OpenApiUpstream(options, compileOpenApi(doc, options.spec));
  }

  description(): string {
    return this.options.spec.description ?? this.options.redactor.scrub(this.api.title);
  }

  async listTools(): Promise<CatalogTool[]> {
    const r = this.options.redactor;
    return this.api.tools.map((t) => ({
      ...t,
      description: r.scrub(t.description),
      inputSchema: r.scrubJson(t.inputSchema),
    }));
  }

  async call(
    tool: string,
    args: Readonly<Record<string, unknown>>,
    timeoutMs: number,
    cancel?: AbortSignal,
  ): Promise<CallOutcome> {
    const plan = this.api.plans.get(tool);
    if (plan === undefined)
      return { ok: false, fault: { code: "unknown_tool", message: `no tool '${tool}' in upstream '${this.name}'` } };
    const merged = { ...plan.defaultArgs, ...args };
    const problem = argumentProblem(plan, merged);
    if (problem !== null)
      return {
        ok: false,
        fault: { code: "type_error", message: `tool '${this.name}.${tool}' rejected args: ${problem}` },
      };
    const { spec, vault, redactor } = this.options;
    const url = buildUrl(spec.baseUrl, plan, merged);
    const cap = spec.maxResponseBytes ?? this.options.maxResponseBytes;
    const limit = spec.requestTimeoutMs ?? timeoutMs;
    const signal = AbortSignal.timeout(limit);
    // The deadline can pass while connecting or while reading the body: one answer for both.
    const timedOut = (): CallOutcome => ({
      ok: false,
      reason: "timeout",
      message: `upstream '${this.name}' did not answer within ${limit} ms`,
      bytes: 0,
    });
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: "GET",
        headers: { accept: "application/json", ...spec.staticHeaders, ...vault.headersFor(spec.auth) },
        signal: cancel ? AbortSignal.any([signal, cancel]) : signal,
        redirect: "error",
      });
    } catch (e) {
      if (signal.aborted) return timedOut();
      return {
        ok: false,
        reason: "upstream_unavailable",
        message: redactor.scrub(`upstream '${this.name}' unreachable: ${(e as Error).message}`),
        bytes: 0,
      };
    }
    try {
      const body =
        response.body === null ? { ok: true as const, bytes: new Uint8Array(0) } : await readCapped(response.body, cap);
      if (!body.ok) {
        return {
          ok: false,
          reason: "response_too_large",
          message: `upstream '${this.name}': response exceeds the ${cap}-byte cap`,
          bytes: body.bytes,
        };
      }
      const bytes = body.bytes.byteLength;
      const text = new TextDecoder().decode(body.bytes);
      if (!response.ok) {
        return {
          ok: false,
          reason: "tool_error",
          message: redactor.scrub(clipMessage(`HTTP ${response.status}: ${text}`)),
          bytes,
        };
      }
      if (response.status === 204 || bytes === 0)
        return { ok: true, value: { value: null, value_kind: "none" }, bytes };
      if (!isJsonType(response.headers.get("content-type") ?? "")) {
        return {
          ok: false,
          reason: "upstream_error",
          message: `upstream '${this.name}' answered ${response.headers.get("content-type") ?? "no content type"}, not JSON`,
          bytes,
        };
      }
      return { ok: true, value: { value: JSON.parse(text), value_kind: "json" }, bytes };
    } catch (e) {
      if (signal.aborted) return timedOut();
      return {
        ok: false,
        reason: "upstream_error",
        message: redactor.scrub(clipMessage(`upstream '${this.name}': ${(e as Error).message}`)),
        bytes: 0,
      };
    }
  }

  async close(): Promise<void> {}
}

function argumentProblem(plan: OperationPlan, args: Readonly<Record<string, unknown>>): string | null {
  const known = new Set([...plan.pathParams, ...plan.queryParams]);
  for (const k of Object.keys(args))
    if (!known.has(k)) return `unknown argument :${k} (known: ${[...known].map((x) => `:${x}`).join(" ") || "none"})`;
  for (const r of plan.required)
    if (args[r] === undefined || args[r] === null) return `missing required argument :${r}`;
  return null;
}

function buildUrl(base: string, plan: OperationPlan, args: Readonly<Record<string, unknown>>): string {
  let path = plan.path;
  for (const p of plan.pathParams) path = path.split(`{${p}}`).join(encodeURIComponent(scalar(args[p])));
  const query = new URLSearchParams();
  for (const q of plan.queryParams) {
    const val = args[q];
    if (val === undefined || val === null) continue;
    if (Array.isArray(val)) for (const x of val) query.append(q, scalar(x));
    else query.append(q, scalar(val));
  }
  const qs = query.toString();
  return `${base}${path}${qs === "" ? "" : `?${qs}`}`;
}

function scalar(x: unknown): string {
  return typeof x === "object" && x !== null ? JSON.stringify(x) : String(x);
}

async function loadSchema(options: OpenApiUpstreamOptions): Promise<unknown> {
  const { spec } = options;
  const cap = spec.schemaMaxBytes;
  let text: string;
  if ("file" in spec.schema) {
    const file = spec.schema.file;
    try {
      const size = statSync(file).size;
      if (size > cap)
        throw new UnavailableError(`schema_file ${file} is ${size} bytes, over schema_max_bytes (${cap})`);
      text = readFileSync(file, "utf8");
    } catch (e) {
      if (e instanceof UnavailableError) throw e;
      throw new UnavailableError(
        `cannot read schema_file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  } else {
    const url = spec.schema.url;
    const limit = spec.requestTimeoutMs ?? options.defaultTimeoutMs;
    try {
      const response = await (options.fetch ?? fetch)(url, {
        headers: { accept: "application/json", ...spec.staticHeaders, ...options.vault.headersFor(spec.auth) },
        signal: AbortSignal.timeout(limit),
        redirect: "error",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body =
        response.body === null ? { ok: true as const, bytes: new Uint8Array(0) } : await readCapped(response.body, cap);
      if (!body.ok) throw new Error(`larger than schema_max_bytes (${cap})`);
      text = new TextDecoder().decode(body.bytes);
    } catch (e) {
      throw new UnavailableError(options.redactor.scrub(`cannot fetch schema_url ${url}: ${(e as Error).message}`));
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UnavailableError(`the OpenAPI schema is not valid JSON: ${(e as Error).message}`);
  }
}
