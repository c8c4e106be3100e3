/**
 * One program's view of the upstream runtime: the host side of the `HostBridge` protocol that
 * `src/lisp/builtins/tools.ts` speaks, with the per-program budgets, the `upstream_calls` ledger
 * and the servers this caller may see (a token's upstream scope).
 *
 * Protocol — `HostOps` in src/lisp/host-ops.ts is its type; {@link HOST_HANDLERS} must serve every
 * op of it with the payload and result it declares. Every reply is `{ result }` or
 * `{ fault: { code, message, hint? } }` (the program raises a fault as a LispError):
 *
 * | op                | payload                          | result                                   |
 * |-------------------|----------------------------------|------------------------------------------|
 * | `tool.call`       | `{server, tool, args}`           | `{ok true value value_kind}` / `{ok false reason message}` |
 * | `tool.servers`    | `{}`                             | server summaries                         |
 * | `catalog.dir`     | `{server, limit, offset}`        | `"tool - description"` lines, or null    |
 * | `catalog.doc`     | `{server, tool}`                 | the doc text, or null                    |
 * | `catalog.meta`    | `{server, tool}`                 | metadata object, or null                 |
 * | `catalog.apropos` | `{query, limit, load}`           | ranked lines, or null                    |
 *
 * A null result is a discovery world fault (upstream down, result over the byte cap, discovery
 * budget spent). Servers outside the scope are treated exactly like unconfigured ones.
 */

import { dirLine, renderDoc, renderMeta } from "./catalog/doc.ts";
import { byRank, type Ranked, rankTools, serverHint } from "./catalog/search.ts";
import type { CatalogState, CatalogTool, ServerSummary } from "./catalog/types.ts";
import type { UpstreamCallRecord } from "./ledger.ts";
import type { Redactor } from "./redact.ts";
import type { CallOutcome } from "./types.ts";
import type { HostFault, HostOp, HostPayload, HostReply } from "../lisp/index.ts";
import type { UpstreamScope } from "../config/index.ts";

/** Per-program limits and scope. */
export interface SessionOptions {
  /** `--max-upstream-calls-per-program`. */
  readonly maxCalls: number;
  /** `--max-catalog-ops-per-program`. */
  readonly maxCatalogOps: number;
  /** `--max-catalog-result-bytes`. */
  readonly maxCatalogResultBytes: number;
  /** `--upstream-call-timeout-ms`. */
  readonly callTimeoutMs: number;
  /** Servers this program may reach; null or absent means all. */
  readonly allowedServers?: UpstreamScope;
  /**
   * Live mode (`eval`, the REPL): `(tool/servers)` and `(apropos ...)` start and list the upstreams
   * they report on, as if `{:load true}`, so discovery finds tools without a `tool/call` first.
   */
  readonly startOnDiscovery?: boolean;
}

export type { HostReply } from "../lisp/index.ts";

/** One handler per host op: takes that op's payload, answers with that op's result (or a fault). */
type HostHandlers = {
  readonly [O in HostOp]: (session: ProgramSession, p: HostPayload<O>, signal?: AbortSignal) => Promise<HostReply<O>>;
};

/** How each host op is served; the catalog ops share the scope check and the discovery budget. */
const HOST_HANDLERS: HostHandlers = {
  "tool.call": (s, p, signal) => s.toolCall(p, signal),
  "tool.servers": (s) => s.discoveryOp(async () => s.capped(await s.summaries(), true)),
  "catalog.dir": (s, p) =>
    s.catalogOp(p.server, async (tools) => {
      const offset = num(p.offset, 0);
      return s.capped(tools.slice(offset, offset + num(p.limit, 50)).map(dirLine), true);
    }),
  "catalog.doc": (s, p) => s.catalogOp(p.server, async (tools) => s.toolDoc(tools, p, renderDoc)),
  "catalog.meta": (s, p) => s.catalogOp(p.server, async (tools) => s.toolDoc(tools, p, renderMeta)),
  "catalog.apropos": (s, p) =>
    s.discoveryOp(async () => s.capped(await s.apropos(String(p.query), num(p.limit, 8), p.load === true), true)),
};

/** A served reply: the result (null for a discovery world fault) or a programmer fault. */
type Served<R> = { readonly result: R | null } | { readonly fault: HostFault };

/**
 * What a session asks of the runtime that made it; `UpstreamRuntime` passes itself. Declared here
 * so the session does not import the runtime (which imports the session).
 */
export interface SessionWorld {
  readonly redactor: Redactor;
  /** Configured upstream names, sorted. */
  names(): string[];
  /** True when `name` is configured. */
  has(name: string): boolean;
  /** The catalog as cached now, without starting anything. */
  peek(name: string): CatalogState;
  /** The catalog, starting and listing the upstream when needed. */
  catalog(name: string): Promise<CatalogState>;
  /** One-line description of an upstream. */
  describe(name: string): string;
  /** `(servers)` summaries of the named upstreams. */
  summaries(names: readonly string[]): ServerSummary[];
  /** Calls one upstream tool; `timeoutMs` bounds the call. */
  call(
    server: string,
    tool: string,
    args: Readonly<Record<string, unknown>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallOutcome>;
}

/** The host side of one program's `HostBridge`. */
export class ProgramSession {
  /** Ledger slots in call order; a slot is filled when its call ends (emptied for a programmer fault). */
  private readonly slots: { record: UpstreamCallRecord | null }[] = [];
  private callCount = 0;
  private catalogOps = 0;
  private readonly allowed: ReadonlySet<string> | null;
  /** Time origin of `started_ms` in the ledger. */
  private readonly origin = performance.now();

  constructor(
    private readonly runtime: SessionWorld,
    private readonly options: SessionOptions,
  ) {
    this.allowed = options.allowedServers == null ? null : new Set(options.allowedServers);
  }

  /** The `upstream_calls` ledger of finished calls, in the order the program made them. */
  get calls(): UpstreamCallRecord[] {
    const out: UpstreamCallRecord[] = [];
    for (const slot of this.slots) if (slot.record !== null) out.push(slot.record);
    return out;
  }

  /** Names of the servers this program can see, sorted. */
  visibleServers(): string[] {
    return this.runtime.names().filter((n) => this.allowed === null || this.allowed.has(n));
  }

  /** Answers one request. Never rejects. `signal` aborts upstream calls once the program has ended. */
  readonly handle = async (op: string, payload: unknown, signal?: AbortSignal): Promise<HostReply> => {
    try {
      return await this.dispatch(op, (payload ?? {}) as Record<string, unknown>, signal);
    } catch (e) {
      return fault("runtime_error", this.runtime.redactor.scrub(`host failed on ${op}: ${(e as Error).message}`));
    }
  };

  /** Answers several requests concurrently, replies in request order. */
  readonly handleMany = (requests: readonly { op: string; payload: unknown }[]): Promise<HostReply[]> =>
    Promise.all(requests.map((r) => this.handle(r.op, r.payload)));

  private dispatch(op: string, p: Record<string, unknown>, signal?: AbortSignal): Promise<HostReply> {
    if (!Object.hasOwn(HOST_HANDLERS, op))
      return Promise.resolve(fault("runtime_error", `unknown host operation ${op}`));
    // The payload crossed the worker boundary: each handler still checks the fields it relies on.
    return (HOST_HANDLERS[op as HostOp] as HostHandlers["tool.call"])(this, p as HostPayload<"tool.call">, signal);
  }

  /** A discovery op: spends one op of the budget (null result once it is gone), then runs `serve`. */
  async discoveryOp<R>(serve: () => Promise<Served<R>>): Promise<Served<R>> {
    if (++this.catalogOps > this.options.maxCatalogOps) return { result: null };
    return serve();
  }

  /** A discovery op on one server: refuses a server outside the scope, then serves from its catalog (null when down). */
  catalogOp<R>(server: unknown, serve: (tools: readonly CatalogTool[]) => Promise<Served<R>>): Promise<Served<R>> {
    const name = String(server);
    if (!this.visible(name)) return Promise.resolve(unknownServer(name));
    return this.discoveryOp(async () => {
      const state = await this.runtime.catalog(name);
      return state.loaded ? serve(state.tools) : { result: null };
    });
  }

  /** `(doc ...)` / `(meta ...)` of one tool of a loaded catalog. */
  toolDoc<R>(
    tools: readonly CatalogTool[],
    p: { readonly server: string; readonly tool: string },
    render: (tool: CatalogTool) => R,
  ): Served<R> {
    const tool = String(p.tool);
    const hit = tools.find((t) => t.name === tool);
    if (hit === undefined)
      return fault(
        "unknown_tool",
        `no tool '${tool}' in upstream '${p.server}'`,
        `list its tools with (dir '${p.server})`,
      );
    return this.capped(render(hit), false);
  }

  /** `(tool/servers)`: summaries of the visible servers (listed first with `startOnDiscovery`). */
  async summaries(): Promise<ServerSummary[]> {
    const names = this.visibleServers();
    if (this.options.startOnDiscovery) await Promise.all(names.map((n) => this.runtime.catalog(n)));
    return this.runtime.summaries(names);
  }

  /** `(tool/call ...)`: one upstream call, counted against the budget and recorded in the ledger. */
  async toolCall(p: HostPayload<"tool.call">, signal?: AbortSignal): Promise<HostReply<"tool.call">> {
    const { server, tool } = p as Record<string, unknown>;
    if (typeof server !== "string" || typeof tool !== "string")
      return fault("type_error", "tool/call needs :server and :tool strings");
    if (!this.visible(server)) return unknownServer(server);
    const args =
      typeof p.args === "object" && p.args !== null && !Array.isArray(p.args)
        ? (p.args as Record<string, unknown>)
        : {};
    const slot: { record: UpstreamCallRecord | null } = { record: null };
    this.slots.push(slot);
    if (++this.callCount > this.options.maxCalls) {
      const message = `upstream call budget of ${this.options.maxCalls} per program is spent (--max-upstream-calls-per-program)`;
      slot.record = {
        server,
        tool,
        status: "error",
        duration_ms: 0,
        result_bytes: 0,
        oversize: false,
        reason: "cap_exhausted",
        error: message,
      };
      return { result: { ok: false, reason: "cap_exhausted", message } };
    }
    const started = performance.now();
    const outcome = await this.runtime.call(server, tool, args, this.options.callTimeoutMs, signal);
    const duration_ms = Math.round(performance.now() - started);
    const started_ms = Math.round(started - this.origin);
    if ("fault" in outcome) {
      this.callCount--;
      return { fault: outcome.fault };
    }
    if (outcome.ok) {
      slot.record = {
        server,
        tool,
        status: "ok",
        duration_ms,
        started_ms,
        result_bytes: outcome.bytes,
        oversize: false,
      };
      return { result: { ok: true, value: outcome.value.value, value_kind: outcome.value.value_kind } };
    }
    slot.record = {
      server,
      tool,
      status: "error",
      duration_ms,
      started_ms,
      result_bytes: outcome.bytes,
      oversize: outcome.reason === "response_too_large",
      reason: outcome.reason,
      error: outcome.message,
    };
    return { result: { ok: false, reason: outcome.reason, message: outcome.message } };
  }

  /** `(apropos ...)`: ranked lines across the visible servers. */
  async apropos(query: string, limit: number, asked: boolean): Promise<string[]> {
    const load = asked || this.options.startOnDiscovery === true;
    const names = this.visibleServers();
    const states = await Promise.all(
      names.map((n) => (load ? this.runtime.catalog(n) : Promise.resolve(this.runtime.peek(n)))),
    );
    const tools: Ranked[] = [];
    const hints: Ranked[] = [];
    states.forEach((state, i) => {
      const name = names[i] as string;
      if (state.loaded) tools.push(...rankTools(query, state.tools));
      else if (!load) hints.push(serverHint(query, name, this.runtime.describe(name)));
    });
    return [...tools.sort(byRank), ...hints.sort(byRank)].slice(0, limit).map((r) => r.text);
  }

  /** The result, or null when its JSON exceeds the byte cap; lists are cut entry by entry instead. */
  capped<T>(value: T, list: boolean): { result: T | null } {
    const cap = this.options.maxCatalogResultBytes;
    const scrubbed = this.runtime.redactor.scrubJson(value);
    if (!list || !Array.isArray(scrubbed)) return { result: jsonBytes(scrubbed) <= cap ? (scrubbed as T) : null };
    const out: unknown[] = [];
    let bytes = 2;
    for (const item of scrubbed) {
      bytes += jsonBytes(item) + 1;
      if (bytes > cap) break;
      out.push(item);
    }
    return { result: out as T };
  }

  private visible(server: string): boolean {
    return this.runtime.has(server) && (this.allowed === null || this.allowed.has(server));
  }
}

function fault(code: HostFault["code"], message: string, hint?: string): { fault: HostFault } {
  return { fault: hint === undefined ? { code, message } : { code, message, hint } };
}

function unknownServer(server: string): { fault: HostFault } {
  return fault("unknown_tool", `no upstream '${server}' configured`, "list the configured servers with (tool/servers)");
}

function num(x: unknown, fallback: number): number {
  return typeof x === "number" && Number.isFinite(x) ? x : fallback;
}

function jsonBytes(x: unknown): number {
  return Buffer.byteLength(JSON.stringify(x) ?? "null", "utf8");
}
