/**
 * One MCP upstream (`mcp_stdio` or `mcp_http`) driven through the SDK client. It starts on first
 * use (or at boot in frozen snapshot mode), and when it fails — cannot start, or its process exits
 * or its connection drops — it is started again on the next use. Repeated failures back off (no
 * delay after the first, then 250 ms doubling up to 30 s, reset by a successful answer) so a
 * crashing server is not respawned on every call; inside the backoff window calls fail at once
 * with `upstream_unavailable`.
 *
 * Every answer is size-capped before decoding by the transport (see stdio-transport.ts and
 * http-fetch.ts), and every message that leaves this class is scrubbed by the redactor.
 */

import {
  Client,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  StreamableHTTPClientTransport,
  type Transport,
} from "@modelcontextprotocol/client";
import { DEFAULT_INHERITED_ENV_VARS } from "@modelcontextprotocol/client/stdio";
import { PLACEHOLDER } from "../config/load.ts";
import type { HttpUpstreamSpec, StdioUpstreamSpec } from "../config/types.ts";
import type { CatalogTool, JsonObject } from "../catalog/types.ts";
import type { CredentialVault } from "../credentials.ts";
import type { Redactor } from "../redact.ts";
import { clipMessage, outcomeOfResult } from "../results.ts";
import { type CallOutcome, UnavailableError, type UpstreamClient } from "../types.ts";
import { cappedFetch } from "./http-fetch.ts";
import { isOversizeData, OVERSIZE_CODE } from "./oversize.ts";
import { CappedStdioTransport } from "./stdio-transport.ts";

/** What an {@link McpUpstream} needs. */
export interface McpUpstreamOptions {
  readonly spec: StdioUpstreamSpec | HttpUpstreamSpec;
  readonly vault: CredentialVault;
  readonly redactor: Redactor;
  /** Parent environment: the inherited basics and `${VAR}` values come from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--max-upstream-response-bytes`. */
  readonly maxResponseBytes: number;
  /** Cap on starting and the `initialize` handshake, in ms. */
  readonly connectTimeoutMs: number;
  /** Identity sent in `initialize`. */
  readonly clientInfo: { readonly name: string; readonly version: string };
  /** Clock, swappable in tests. */
  readonly now?: () => number;
}

/** Delay before the second restart attempt in a row, in ms; it doubles with each further failure. */
export const BACKOFF_INITIAL_MS = 250;
/** Longest delay between restart attempts, in ms. */
export const BACKOFF_MAX_MS = 30_000;

interface Connection {
  readonly client: Client;
  readonly transport: Transport;
}

/** An MCP upstream with restart-on-next-use. */
export class McpUpstream implements UpstreamClient {
  readonly name: string;
  readonly kind: "mcp_stdio" | "mcp_http";
  private conn: Connection | null = null;
  private starting: Promise<Connection> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastFailure = "";
  private selfDescription = "";
  private closing = false;
  private readonly now: () => number;
  private readonly options: Omit<McpUpstreamOptions, "env">;
  /** The stdio child's environment, `${VAR}`s resolved; private so it never shows when printed. */
  #childEnv: Record<string, string> = {};

  constructor(options: McpUpstreamOptions) {
    const { env, ...rest } = options;
    this.options = rest;
    this.name = options.spec.name;
    this.kind = options.spec.kind;
    this.now = options.now ?? Date.now;
    if (options.spec.kind === "mcp_stdio") this.#childEnv = childEnv(options.spec, env, options.redactor);
  }

  description(): string {
    return this.options.spec.description ?? this.selfDescription;
  }

  async listTools(): Promise<CatalogTool[]> {
    const conn = await this.connection();
    try {
      const { tools } = await conn.client.listTools(undefined, { timeout: this.options.connectTimeoutMs });
      this.failures = 0;
      const scrub = this.options.redactor;
      return tools
        .map(
          (t): CatalogTool => ({
            server: this.name,
            name: t.name,
            description: scrub.scrub(t.description ?? t.title ?? ""),
            inputSchema: scrub.scrubJson(t.inputSchema as JsonObject),
            outputSchema: t.outputSchema === undefined ? undefined : scrub.scrubJson(t.outputSchema as JsonObject),
            annotations: t.annotations === undefined ? undefined : scrub.scrubJson(t.annotations as JsonObject),
          }),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw new UnavailableError(this.scrub(`tools/list failed: ${errorText(e)}`));
    }
  }

  async call(
    tool: string,
    args: Readonly<Record<string, unknown>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallOutcome> {
    let conn: Connection;
    try {
      conn = await this.connection();
    } catch (e) {
      return { ok: false, reason: "upstream_unavailable", message: (e as Error).message, bytes: 0 };
    }
    try {
      const result = await conn.client.callTool(
        { name: tool, arguments: { ...args } },
        { timeout: timeoutMs, ...(signal ? { signal } : {}) },
      );
      this.failures = 0;
      return outcomeOfResult(result, Buffer.byteLength(JSON.stringify(result), "utf8"));
    } catch (e) {
      if (signal?.aborted)
        return {
          ok: false,
          reason: "upstream_error",
          message: "the program ended before the upstream answered",
          bytes: 0,
        };
      return this.failure(e, timeoutMs);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const pending = this.starting;
    if (pending !== null) await pending.catch(() => {});
    const conn = this.conn;
    this.conn = null;
    if (conn !== null) await conn.client.close().catch(() => {});
  }

  /** The live connection, starting the upstream when needed. @throws {UnavailableError} */
  private connection(): Promise<Connection> {
    if (this.conn !== null) return Promise.resolve(this.conn);
    if (this.starting !== null) return this.starting;
    if (this.closing) return Promise.reject(new UnavailableError(`upstream '${this.name}' is shutting down`));
    const wait = this.retryAt - this.now();
    if (wait > 0) {
      return Promise.reject(
        new UnavailableError(`${this.lastFailure}; upstream '${this.name}' is recovering, next start in ${wait} ms`),
      );
    }
    this.starting = this.connect().then(
      (c) => {
        this.starting = null;
        this.conn = c;
        return c;
      },
      (e: unknown) => {
        this.starting = null;
        this.noteFailure(this.scrub(`upstream '${this.name}' could not start: ${errorText(e)}`));
        throw new UnavailableError(this.lastFailure);
      },
    );
    return this.starting;
  }

  private async connect(): Promise<Connection> {
    const { spec, clientInfo, connectTimeoutMs } = this.options;
    const transport = spec.kind === "mcp_stdio" ? this.stdioTransport(spec) : this.httpTransport(spec);
    const client = new Client({ name: clientInfo.name, version: clientInfo.version });
    try {
      await client.connect(transport, { timeout: connectTimeoutMs });
    } catch (e) {
      await client.close().catch(() => {});
      const stderr = transport instanceof CappedStdioTransport ? lastLines(transport.stderrTail) : "";
      throw new Error(`${errorText(e)}${stderr === "" ? "" : ` (stderr: ${stderr})`}`);
    }
    const info = client.getServerVersion();
    this.selfDescription = this.scrub(oneLineOf(info?.title ?? info?.name ?? ""));
    const conn: Connection = { client, transport };
    client.onclose = () => {
      if (this.conn !== conn) return;
      this.conn = null;
      if (!this.closing) this.noteFailure(`upstream '${this.name}' closed its connection`);
    };
    return conn;
  }

  private stdioTransport(spec: StdioUpstreamSpec): CappedStdioTransport {
    return new CappedStdioTransport({
      command: spec.command,
      args: spec.args,
      env: this.#childEnv,
      cwd: spec.cwd,
      maxMessageBytes: this.options.maxResponseBytes,
    });
  }

  private httpTransport(spec: HttpUpstreamSpec): StreamableHTTPClientTransport {
    const { vault } = this.options;
    const fetch = cappedFetch({
      maxBodyBytes: this.options.maxResponseBytes,
      headers: () => ({ ...spec.staticHeaders, ...vault.headersFor(spec.auth) }),
    });
    return new StreamableHTTPClientTransport(new URL(spec.url), { fetch });
  }

  private noteFailure(message: string): void {
    this.failures++;
    this.lastFailure = message;
    const delay = this.failures <= 1 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** (this.failures - 2));
    this.retryAt = this.now() + delay;
  }

  private failure(e: unknown, timeoutMs: number): CallOutcome {
    if (e instanceof ProtocolError) {
      if (e.code === OVERSIZE_CODE && isOversizeData(e.data)) {
        const bytes = (e.data as { bytes?: number }).bytes ?? 0;
        return { ok: false, reason: "response_too_large", message: `upstream '${this.name}': ${e.message}`, bytes };
      }
      return {
        ok: false,
        reason: "upstream_error",
        message: this.scrub(clipMessage(`JSON-RPC error ${e.code}: ${e.message}`)),
        bytes: 0,
      };
    }
    if (e instanceof SdkError) {
      if (e.code === SdkErrorCode.RequestTimeout) {
        return {
          ok: false,
          reason: "timeout",
          message: `upstream '${this.name}' did not answer within ${timeoutMs} ms`,
          bytes: 0,
        };
      }
      if (
        e.code === SdkErrorCode.ConnectionClosed ||
        e.code === SdkErrorCode.NotConnected ||
        e.code === SdkErrorCode.SendFailed
      ) {
        return {
          ok: false,
          reason: "upstream_unavailable",
          message: this.scrub(`upstream '${this.name}' connection lost: ${e.message}`),
          bytes: 0,
        };
      }
    }
    return { ok: false, reason: "upstream_error", message: this.scrub(clipMessage(errorText(e))), bytes: 0 };
  }

  private scrub(text: string): string {
    return this.options.redactor.scrub(text);
  }
}

/**
 * The environment of a stdio upstream: the basics the SDK also passes (HOME, PATH, ...) plus the
 * configured `env`, with `${VAR}` placeholders resolved from `parent`. Resolved values are
 * registered with the redactor, since they usually are tokens.
 */
function childEnv(
  spec: StdioUpstreamSpec,
  parent: Readonly<Record<string, string | undefined>>,
  redactor: Redactor,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of DEFAULT_INHERITED_ENV_VARS) {
    const val = parent[key];
    // Values starting with "()" are exported shell functions; the SDK skips them too.
    if (val !== undefined && !val.startsWith("()")) env[key] = val;
  }
  for (const [key, template] of Object.entries(spec.env)) {
    env[key] = template.replace(PLACEHOLDER, (_m, ref: string) => {
      const resolved = parent[ref] ?? "";
      redactor.add(resolved);
      return resolved;
    });
  }
  return env;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function oneLineOf(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The last non-empty stderr lines, joined, at most 300 characters. */
function lastLines(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const tail = lines.slice(-3).join(" | ");
  return tail.length <= 300 ? tail : `…${tail.slice(-299)}`;
}
