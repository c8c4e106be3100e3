/**
 * Finding, reading and validating the upstreams file. Resolution order (aggregator-mode.md
 * "Configuration"): `--upstreams-config`, then `PTC_RUNNER_MCP_UPSTREAMS`, then the XDG default
 * `$XDG_CONFIG_HOME/ptc-mcp/upstreams.json` (`~/.config` when unset), then, for drop-in
 * compatibility, the reference server's `~/.config/ptc_runner_mcp/upstreams.json`. A path given
 * by flag or variable must exist; the defaults are optional.
 *
 * Every fault is an {@link UpstreamConfigError} whose message names the offending field by its
 * dotted path, e.g. `upstreams.gh.auth[0].binding: no credential named "pat"`.
 */

import { accessSync, constants, readFileSync, realpathSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import * as v from "valibot";
import { UpstreamConfigError } from "../errors.ts";
import type { Env } from "./locate.ts";
import { customHeaderProblem, staticHeaderProblem } from "./headers.ts";
import {
  type AuthInput,
  EnvCredentialSchema,
  FileCredentialSchema,
  HttpUpstreamSchema,
  LiteralCredentialSchema,
  OpenApiUpstreamSchema,
  StdioUpstreamSchema,
  UpstreamsFileSchema,
} from "./schema.ts";
import type {
  AuthSpec,
  CredentialSource,
  HttpSettings,
  OperationOverride,
  UpstreamSpec,
  UpstreamsConfig,
} from "./types.ts";

export { type Env, locateUpstreamsConfig, UPSTREAMS_ENV } from "./locate.ts";

/** Default cap on an OpenAPI schema document (`schema_max_bytes`). */
export const DEFAULT_SCHEMA_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Values of `source: "literal"` credential bindings, split off the config object. They sit in a
 * private field, so printing or serialising this object shows nothing; only the credential vault
 * reads them.
 */
export class LiteralSecrets {
  #values = new Map<string, string>();
  /** Stores the value of binding `name`. */
  set(name: string, value: string): void {
    this.#values.set(name, value);
  }
  /** The value of binding `name`, if it is a literal. */
  get(name: string): string | undefined {
    return this.#values.get(name);
  }
}

/** A validated configuration plus the literal credential values, kept out of the config object. */
export interface ParsedUpstreams {
  readonly config: UpstreamsConfig;
  /** Values of `literal` bindings; hand them to the credential vault only. */
  readonly literals: LiteralSecrets;
}

/** Options of {@link parseUpstreamsConfig}. */
export interface ParseOptions {
  /** Environment for `${VAR}` checks and PATH lookups. */
  readonly env: Env;
  /** Label of where the document came from, used in messages. */
  readonly source: string;
  /** Resolved path of the running ptc-mcp executable; a stdio upstream launching it is refused. */
  readonly selfPath?: string | null | undefined;
}

/**
 * Reads and validates the file at `path`.
 *
 * @throws {UpstreamConfigError} `unreadable`, `invalid_json`, `invalid_config` or `unresolved_env`
 */
export function loadUpstreamsConfig(path: string, options: Omit<ParseOptions, "source">): ParsedUpstreams {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UpstreamConfigError("unreadable", `${path}: cannot read: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UpstreamConfigError("invalid_json", `${path}: not valid JSON: ${(e as Error).message}`);
  }
  return parseUpstreamsConfig(doc, { ...options, source: path });
}

/**
 * Validates a decoded document and normalizes it.
 *
 * @throws {UpstreamConfigError} naming the source and the dotted path of the first bad field
 */
export function parseUpstreamsConfig(doc: unknown, options: ParseOptions): ParsedUpstreams {
  const fail = (path: string, message: string, code: "invalid_config" | "unresolved_env" = "invalid_config"): never => {
    throw new UpstreamConfigError(code, `${options.source}: ${path === "" ? "" : `${path}: `}${message}`, path);
  };
  const top = check(UpstreamsFileSchema, doc, "", fail);
  const credentials: Record<string, CredentialSource> = {};
  const literals = new LiteralSecrets();
  for (const [name, raw] of Object.entries(top.credentials)) {
    const path = `credentials.${name}`;
    const source = (raw as { source?: unknown } | null)?.source;
    if (source === "env") credentials[name] = { source: "env", var: check(EnvCredentialSchema, raw, path, fail).var };
    else if (source === "file")
      credentials[name] = { source: "file", path: check(FileCredentialSchema, raw, path, fail).path };
    else if (source === "literal") {
      literals.set(name, check(LiteralCredentialSchema, raw, path, fail).value);
      credentials[name] = { source: "literal" };
    } else if (source === "exec")
      fail(`${path}.source`, `"exec" is reserved and not supported; use env, file or literal`);
    else fail(`${path}.source`, `expected env, file or literal, got ${JSON.stringify(source ?? null)}`);
  }

  const upstreams: Record<string, UpstreamSpec> = {};
  for (const [name, raw] of Object.entries(top.upstreams)) {
    const path = `upstreams.${name}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      fail(path, "an upstream name uses letters, digits, '_', '.' and '-' and starts with a letter or digit");
    }
    upstreams[name] = upstreamSpec(name, raw, path, credentials, options, fail);
  }
  return { config: { source: options.source, credentials, upstreams }, literals };
}

type Fail = (path: string, message: string, code?: "invalid_config" | "unresolved_env") => never;

function upstreamSpec(
  name: string,
  raw: unknown,
  path: string,
  credentials: Readonly<Record<string, CredentialSource>>,
  options: ParseOptions,
  fail: Fail,
): UpstreamSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(path, "expected an object");
  const transport = (raw as { transport?: unknown }).transport;
  if (transport === "stdio" || transport === "http") {
    return fail(`${path}.transport`, `"${transport}" is an old name: use "mcp_${transport}"`);
  }
  if (transport === undefined && !("command" in raw)) {
    return fail(
      `${path}.transport`,
      "required: one of mcp_stdio, mcp_http, openapi (or give a command for the stdio shorthand)",
    );
  }
  if (transport === undefined || transport === "mcp_stdio") {
    const s = check(StdioUpstreamSchema, raw, path, fail);
    const env = s.env ?? {};
    for (const [key, value] of Object.entries(env)) {
      for (const m of value.matchAll(PLACEHOLDER)) {
        const ref = m[1] as string;
        if (options.env[ref] === undefined)
          fail(`${path}.env.${key}`, `\${${ref}} is not set in the environment`, "unresolved_env");
      }
    }
    if (options.selfPath && launchesSelf(s.command, s.cwd, options.env, options.selfPath)) {
      fail(`${path}.command`, "launches this ptc-mcp executable: an upstream cannot be the server itself");
    }
    return {
      kind: "mcp_stdio",
      name,
      command: s.command,
      args: s.args ?? [],
      env,
      cwd: s.cwd,
      description: s.description,
    };
  }
  if (transport === "mcp_http") {
    const h = check(HttpUpstreamSchema, raw, path, fail);
    const http = httpSettings(h, path, credentials, fail);
    checkUrl(h.url, `${path}.url`, h.allow_insecure_http, http.auth.length > 0, h.allow_insecure_auth, fail);
    return { kind: "mcp_http", name, url: h.url, description: h.description, ...http };
  }
  if (transport === "openapi") {
    const o = check(OpenApiUpstreamSchema, raw, path, fail);
    const http = httpSettings(o, path, credentials, fail);
    checkUrl(o.base_url, `${path}.base_url`, o.allow_insecure_http, http.auth.length > 0, o.allow_insecure_auth, fail);
    if ((o.schema_file === undefined) === (o.schema_url === undefined))
      fail(path, "give exactly one of schema_file or schema_url");
    if (o.schema_url !== undefined)
      checkUrl(
        o.schema_url,
        `${path}.schema_url`,
        o.allow_insecure_http,
        http.auth.length > 0,
        o.allow_insecure_auth,
        fail,
      );
    const included = new Set<string>();
    o.include_operations.forEach((id, i) => {
      if (included.has(id)) fail(`${path}.include_operations[${i}]`, `"${id}" is listed twice`);
      included.add(id);
    });
    const overrides: Record<string, OperationOverride> = {};
    for (const [id, ov] of Object.entries(o.operation_overrides ?? {})) {
      if (!included.has(id))
        fail(`${path}.operation_overrides.${id}`, "overrides an operation that include_operations does not list");
      overrides[id] = { defaultArgs: ov.default_args ?? {}, name: ov.name, description: ov.description };
    }
    return {
      kind: "openapi",
      name,
      baseUrl: o.base_url.replace(/\/+$/, ""),
      schema: o.schema_file !== undefined ? { file: o.schema_file } : { url: o.schema_url as string },
      includeOperations: o.include_operations,
      overrides,
      maxResponseBytes: o.max_response_bytes,
      schemaMaxBytes: o.schema_max_bytes ?? DEFAULT_SCHEMA_MAX_BYTES,
      description: o.description,
      ...http,
    };
  }
  return fail(`${path}.transport`, `expected mcp_stdio, mcp_http or openapi, got ${JSON.stringify(transport)}`);
}

/** `${NAME}` placeholders of stdio env values. */
export const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface RawHttp {
  auth?: AuthInput[] | undefined;
  static_headers?: Record<string, string> | undefined;
  request_timeout_ms?: number | undefined;
  connect_timeout_ms?: number | undefined;
}

function httpSettings(
  raw: RawHttp,
  path: string,
  credentials: Readonly<Record<string, CredentialSource>>,
  fail: Fail,
): HttpSettings {
  const auth: AuthSpec[] = (raw.auth ?? []).map((a, i) => {
    const at = `${path}.auth[${i}]`;
    if (!(a.binding in credentials)) fail(`${at}.binding`, `no credential named "${a.binding}" in credentials`);
    if (a.scheme === "custom_header") {
      const problem = customHeaderProblem(a.header);
      if (problem !== null) fail(`${at}.header`, problem);
    }
    return a;
  });
  const headers = raw.static_headers ?? {};
  for (const name of Object.keys(headers)) {
    const problem = staticHeaderProblem(name);
    if (problem !== null) fail(`${path}.static_headers.${name}`, problem);
  }
  return {
    auth,
    staticHeaders: headers,
    requestTimeoutMs: raw.request_timeout_ms,
    connectTimeoutMs: raw.connect_timeout_ms,
  };
}

function checkUrl(
  text: string,
  path: string,
  insecureHttp: boolean | undefined,
  hasAuth: boolean,
  insecureAuth: boolean | undefined,
  fail: Fail,
): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(path, `not a valid URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol !== "http:") fail(path, `expected an https:// URL, got ${url.protocol}`);
  if (insecureHttp !== true) fail(path, "plain http:// is refused; use https:// or set allow_insecure_http: true");
  if (hasAuth && insecureAuth !== true)
    fail(path, "sending auth over plain http:// also needs allow_insecure_auth: true");
}

/**
 * Validates `value` with `schema`, failing with the path of the first issue, an unknown key first
 * (`{"upstream": {}}` is a misspelling to report, not a missing `upstreams`).
 */
function check<S extends v.GenericSchema>(schema: S, value: unknown, base: string, fail: Fail): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues.find((i) => i.type === "strict_object" && i.input !== undefined) ?? result.issues[0];
  let path = base;
  for (const item of issue.path ?? []) {
    const key = item.key;
    path = typeof key === "number" ? `${path}[${key}]` : path === "" ? String(key) : `${path}.${String(key)}`;
  }
  if (issue.type === "strict_object" && issue.input !== undefined) return fail(path, "unknown key");
  if (issue.input === undefined && issue.expected !== "never") return fail(path, "required");
  return fail(path, issue.message);
}

/** True when `command` (looked up like a shell would) is the same file as `self`. */
function launchesSelf(command: string, cwd: string | undefined, env: Env, self: string): boolean {
  const target = realOrNull(self);
  if (target === null) return false;
  const candidates = command.includes("/")
    ? [isAbsolute(command) ? command : resolve(cwd ?? process.cwd(), command)]
    : (env.PATH ?? "")
        .split(delimiter)
        .filter((d) => d !== "")
        .map((d) => join(d, command));
  for (const c of candidates) {
    if (!isExecutable(c)) continue;
    return realOrNull(c) === target;
  }
  return false;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
