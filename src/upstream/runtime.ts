/**
 * The upstream runtime: every configured upstream, its tool catalog and the credential vault,
 * shared by all programs of one process (upstream-runtime.md "Snapshot Modes").
 *
 * - `frozen` (the server): every MCP upstream is started and listed at boot; if one fails the
 *   boot fails with an {@link UpstreamStartError} naming it. The catalog never changes afterwards,
 *   so the advertised surface is stable for the life of the process.
 * - `live` (the REPL): MCP upstreams start and are listed on first discovery or call. Each list is
 *   cached for `listTtlMs`; a failed start or list is cached for `negativeTtlMs`, so a dead upstream
 *   stalls only the first call in that window and later ones fail at once.
 *
 * OpenAPI upstreams are compiled at start in both modes. Calls go through {@link UpstreamRuntime.call},
 * which turns "unknown server" and "unknown tool" (when the catalog proves it) into programmer
 * faults; every other failure is a world fault. Values and messages are scrubbed by the redactor.
 */

import type { Logger } from "../config/index.ts";
import { type CatalogText, type CatalogTextOptions, catalogText, type DescribedServer } from "./catalog/description.ts";
import type { CatalogState, CatalogTool, ServerSummary } from "./catalog/types.ts";
import { type ClientContext, startClient } from "./client-factory.ts";
import type { Env, ParsedUpstreams } from "./config/load.ts";
import { CredentialVault } from "./credentials.ts";
import { UpstreamStartError } from "./errors.ts";
import { Redactor } from "./redact.ts";
import { ProgramSession, type SessionOptions } from "./session.ts";
import type { CallOutcome, UpstreamClient } from "./types.ts";

export type { CatalogState } from "./catalog/types.ts";

/** `frozen`: list everything at boot and never again; `live`: list on demand with TTLs. */
export type SnapshotMode = "frozen" | "live";

/** Options of {@link UpstreamRuntime.start}. */
export interface RuntimeOptions {
  readonly parsed: ParsedUpstreams;
  /** Environment for credentials, `${VAR}` values and the inherited basics of stdio children. */
  readonly env: Env;
  readonly mode: SnapshotMode;
  /** `--max-upstream-response-bytes`. */
  readonly maxResponseBytes: number;
  /** `--upstream-call-timeout-ms`; also the default OpenAPI request timeout. */
  readonly callTimeoutMs: number;
  /** Cap on starting an upstream (spawn + initialize + first list), in ms. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** How long a tool list stays fresh in live mode, in ms. Default 60 s. */
  readonly listTtlMs?: number;
  /** How long a failed start or list is remembered in live mode, in ms. Default 5 s. */
  readonly negativeTtlMs?: number;
  /** Identity sent to MCP upstreams in `initialize`. */
  readonly clientInfo: { readonly name: string; readonly version: string };
  readonly logger?: Logger;
  /** Registry of secrets to scrub; a fresh one when absent. */
  readonly redactor?: Redactor;
  /** Clock, swappable in tests. */
  readonly now?: () => number;
}

interface CacheEntry {
  tools: readonly CatalogTool[] | null;
  error: string | null;
  at: number;
  /** Never expires (frozen snapshot, compiled OpenAPI). */
  fixed: boolean;
}

/** All upstreams of the process. */
export class UpstreamRuntime {
  readonly redactor: Redactor;
  readonly mode: SnapshotMode;
  private readonly clients = new Map<string, UpstreamClient>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly loading = new Map<string, Promise<CacheEntry>>();
  private readonly now: () => number;

  /** The start options minus the environment (which holds credential values). */
  private readonly options: Omit<RuntimeOptions, "env" | "parsed">;

  private constructor(options: RuntimeOptions, redactor: Redactor) {
    const { env: _env, parsed: _parsed, ...rest } = options;
    this.options = rest;
    this.redactor = redactor;
    this.mode = options.mode;
    this.now = options.now ?? Date.now;
  }

  /**
   * Resolves credentials, compiles OpenAPI upstreams and, in frozen mode, starts and lists every
   * MCP upstream (concurrently).
   *
   * @throws {UpstreamConfigError} when a credential cannot be resolved
   * @throws {UpstreamStartError} naming the first upstream that could not start
   */
  static async start(options: RuntimeOptions): Promise<UpstreamRuntime> {
    const redactor = options.redactor ?? new Redactor();
    const { config, literals } = options.parsed;
    const vault = CredentialVault.resolve(config.credentials, literals, options.env, redactor);
    const rt = new UpstreamRuntime(options, redactor);
    const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    try {
      const context: ClientContext = {
        vault,
        redactor,
        env: options.env,
        maxResponseBytes: options.maxResponseBytes,
        callTimeoutMs: options.callTimeoutMs,
        connectTimeoutMs,
        clientInfo: options.clientInfo,
        now: options.now,
      };
      for (const spec of Object.values(config.upstreams)) {
        const { client, fixedTools } = await startClient(spec, context);
        rt.clients.set(spec.name, client);
        if (fixedTools) rt.cache.set(spec.name, { tools: fixedTools, error: null, at: rt.now(), fixed: true });
      }
      if (options.mode === "frozen") await rt.freeze();
    } catch (e) {
      await rt.close();
      throw e;
    }
    options.logger?.info("upstreams_ready", {
      mode: options.mode,
      servers: rt.names().join(","),
      source: config.source,
    });
    return rt;
  }

  private async freeze(): Promise<void> {
    const mcp = [...this.clients.values()].filter((c) => c.kind !== "openapi");
    const results = await Promise.allSettled(mcp.map((c) => c.listTools()));
    results.forEach((r, i) => {
      const c = mcp[i] as UpstreamClient;
      if (r.status === "rejected") {
        throw new UpstreamStartError(
          c.name,
          this.redactor.scrub(`upstream '${c.name}' failed to start at boot: ${(r.reason as Error).message}`),
        );
      }
      this.cache.set(c.name, { tools: r.value, error: null, at: this.now(), fixed: true });
    });
  }

  /** Configured upstream names, sorted. */
  names(): string[] {
    return [...this.clients.keys()].sort();
  }

  /** True when `name` is configured. */
  has(name: string): boolean {
    return this.clients.has(name);
  }

  /** The catalog as cached now, without starting anything. */
  peek(name: string): CatalogState {
    const e = this.cache.get(name);
    if (e?.tools != null && (e.fixed || this.now() - e.at < this.listTtl())) return { loaded: true, tools: e.tools };
    return { loaded: false, error: e?.error ?? null };
  }

  /** The catalog, starting and listing the upstream when needed (live mode). `refresh` skips a fresh positive entry. */
  async catalog(name: string, refresh = false): Promise<CatalogState> {
    const now = this.now();
    const e = this.cache.get(name);
    if (e !== undefined) {
      if (e.fixed) return e.tools !== null ? { loaded: true, tools: e.tools } : { loaded: false, error: e.error };
      if (e.tools !== null && !refresh && now - e.at < this.listTtl()) return { loaded: true, tools: e.tools };
      if (e.error !== null && now - e.at < (this.options.negativeTtlMs ?? 5_000))
        return { loaded: false, error: e.error };
    }
    const client = this.clients.get(name);
    if (client === undefined) return { loaded: false, error: `no upstream '${name}' configured` };
    let pending = this.loading.get(name);
    if (pending === undefined) {
      pending = client.listTools().then(
        (tools): CacheEntry => ({ tools, error: null, at: this.now(), fixed: false }),
        (err: unknown): CacheEntry => ({
          tools: null,
          error: this.redactor.scrub((err as Error).message),
          at: this.now(),
          fixed: false,
        }),
      );
      this.loading.set(name, pending);
      pending.then(
        (entry) => {
          this.loading.delete(name);
          this.cache.set(name, entry);
          if (entry.error !== null)
            this.options.logger?.warn("upstream_unavailable", { server: name, message: entry.error });
        },
        () => this.loading.delete(name),
      );
    }
    const entry = await pending;
    return entry.tools !== null ? { loaded: true, tools: entry.tools } : { loaded: false, error: entry.error };
  }

  private listTtl(): number {
    return this.options.listTtlMs ?? 60_000;
  }

  /** One-line description of an upstream. */
  describe(name: string): string {
    return this.redactor.scrub(this.clients.get(name)?.description() ?? "");
  }

  /** `(tool/servers)` rows for the given names (configured ones only), sorted. */
  summaries(names: readonly string[]): ServerSummary[] {
    return names
      .filter((n) => this.clients.has(n))
      .sort()
      .map((name) => {
        const state = this.peek(name);
        return {
          name,
          description: this.describe(name),
          tool_count: state.loaded ? state.tools.length : null,
          catalog_loaded: state.loaded,
        };
      });
  }

  /** The catalog part of the `lisp_eval` description, over the servers in `names` (all when absent). */
  catalogText(options: CatalogTextOptions, names: readonly string[] = this.names()): CatalogText {
    const servers: DescribedServer[] = names
      .filter((n) => this.clients.has(n))
      .sort()
      .map((name) => {
        const state = this.peek(name);
        return { name, description: this.describe(name), tools: state.loaded ? state.tools : null };
      });
    const out = catalogText(servers, options);
    return { mode: out.mode, text: this.redactor.scrub(out.text) };
  }

  /**
   * Calls `tool` on `server`. Unknown servers, and tools the catalog proves absent, come back as
   * programmer faults; an upstream whose catalog cannot be loaded is `upstream_unavailable`.
   */
  async call(
    server: string,
    tool: string,
    args: Readonly<Record<string, unknown>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallOutcome> {
    const client = this.clients.get(server);
    if (client === undefined)
      return { ok: false, fault: { code: "unknown_tool", message: `no upstream '${server}' configured` } };
    let state = await this.catalog(server);
    if (!state.loaded)
      return {
        ok: false,
        reason: "upstream_unavailable",
        message: state.error ?? `upstream '${server}' is unavailable`,
        bytes: 0,
      };
    if (!state.tools.some((t) => t.name === tool) && this.mode === "live") state = await this.catalog(server, true);
    if (state.loaded && !state.tools.some((t) => t.name === tool)) {
      return {
        ok: false,
        fault: {
          code: "unknown_tool",
          message: `no tool '${tool}' in upstream '${server}'`,
          hint: `list its tools with (dir '${server})`,
        },
      };
    }
    const outcome = await client.call(tool, args, timeoutMs, signal);
    if (outcome.ok)
      return {
        ...outcome,
        value: { value: this.redactor.scrubJson(outcome.value.value), value_kind: outcome.value.value_kind },
      };
    if ("reason" in outcome) return { ...outcome, message: this.redactor.scrub(outcome.message) };
    return outcome;
  }

  /** A per-program view with its own budgets, ledger and visible servers. */
  session(options: SessionOptions): ProgramSession {
    return new ProgramSession(this, options);
  }

  /** Stops every upstream. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.close()));
  }
}
