/**
 * In-process harness for the HTTP app: a real state store in a temp directory, a fake clock, a
 * captured log, and a tiny MCP server with an `echo` tool and a `hold` tool that runs until the
 * test releases it. SDK clients reach the app through `app.fetch`; no socket is opened.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpServer } from "@modelcontextprotocol/server";
import { createAuthenticator } from "../../../src/auth/authenticator.ts";
import { createAuthRateLimiter } from "../../../src/auth/rate-limiter.ts";
import { createRedactor } from "../../../src/auth/redactor.ts";
import { createTokenService } from "../../../src/auth/tokens.ts";
import type { HttpSettings } from "../../../src/config/http-settings.ts";
import { createLogger } from "../../../src/config/logger.ts";
import { openSqliteStore, type Store } from "../../../src/store/index.ts";
import { createHttpApp, type HttpApp } from "../../../src/transports/http/app.ts";

export const STATIC_TOKEN = "static-token-0123456789abcdefghijklmnop";
export const PEER = "192.0.2.10";

export const BASE_SETTINGS: HttpSettings = {
  host: "127.0.0.1",
  port: 0,
  loopback: true,
  path: "/mcp",
  staticToken: STATIC_TOKEN,
  authDisabled: false,
  allowedOrigins: [],
  requestTimeoutMs: 5_000,
  shutdownGraceMs: 1_000,
  maxBodyBytes: 64 * 1024,
  sessionTtlMs: 3_600_000,
  sessionIdleTimeoutMs: 900_000,
  maxSessions: 16,
  maxSessionsPerOwner: 8,
  maxInFlightPerSession: 4,
  rateLimit: { enabled: true, windowMs: 60_000, maxFailures: 5, blockMs: 60_000 },
  metricsPath: null,
  instanceLabel: "test-instance",
  dataDir: "",
};

/** Holds `hold` tool calls until released. */
export class Holds {
  started = 0;
  aborted = 0;
  private waiters: Array<() => void> = [];
  wait(signal: AbortSignal): Promise<void> {
    this.started++;
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      signal.addEventListener(
        "abort",
        () => {
          this.aborted++;
          resolve();
        },
        { once: true },
      );
    });
  }
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** A running in-process app with its store, clock and log. */
export interface Harness {
  readonly http: HttpApp;
  readonly store: Store;
  readonly holds: Holds;
  readonly logs: string[];
  clock: number;
  /** Calls the app like the server would, from `peer`. */
  fetch(input: string | URL | Request, init?: RequestInit, peer?: string): Promise<Response>;
  /** Creates a named token; returns the raw value. */
  token(name: string, ttlMs?: number | null, upstreams?: readonly string[] | null): Promise<string>;
  /** An SDK client of `era` over the in-process fetch, authenticated with `bearer`. */
  client(
    bearer: string | null,
    era?: "legacy" | "modern",
  ): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  close(): Promise<void>;
}

/** A JSON-RPC `initialize` body of the 2025-11-25 revision. */
export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/** Request headers of a raw MCP POST. */
export function mcpHeaders(bearer: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    ...extra,
  };
}

function factory(holds: Holds, scopedTool?: string) {
  return () => {
    const s = new McpServer({ name: "test", version: "1" }, { capabilities: { tools: {} } });
    if (scopedTool)
      s.registerTool(scopedTool, { description: "only for a scoped caller" }, () => ({
        content: [{ type: "text", text: scopedTool }],
      }));
    s.registerTool("echo", { description: "returns ok" }, () => ({ content: [{ type: "text", text: "ok" }] }));
    s.registerTool("trace_meta", { description: "returns the trace metadata the transport attached" }, (ctx) => ({
      content: [{ type: "text", text: JSON.stringify(ctx.http?.authInfo?.extra?.trace ?? null) }],
    }));
    s.registerTool("hold", { description: "waits until released" }, async (ctx) => {
      await holds.wait(ctx.mcpReq.signal);
      return { content: [{ type: "text", text: "released" }] };
    });
    return s;
  };
}

/**
 * Builds a harness; `overrides` replace fields of {@link BASE_SETTINGS}. With `scoped`, the server
 * factory has `forScope`, and a scoped caller's servers carry an extra tool `scoped_<a>_<b>`.
 */
export function harness(overrides: Partial<HttpSettings> = {}, options: { scoped?: boolean } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), "ptc-http-"));
  const store = openSqliteStore(dir);
  const settings = { ...BASE_SETTINGS, ...overrides, dataDir: dir };
  const holds = new Holds();
  const logs: string[] = [];
  const redactor = createRedactor();
  if (settings.staticToken) redactor.register(settings.staticToken);
  const logger = createLogger("debug", (line) => logs.push(redactor.scrub(line)));
  const h: Harness = {
    clock: 1_000_000,
    http: undefined as unknown as HttpApp,
    store,
    holds,
    logs,
    fetch(input, init, peer = PEER) {
      const req = input instanceof Request ? input : new Request(new URL(String(input), "http://127.0.0.1:7332"), init);
      return Promise.resolve(h.http.app.fetch(req, { peer }));
    },
    async token(name, ttlMs = null, upstreams = null) {
      return (await createTokenService(store.tokens, () => h.clock).create(name, { ttlMs, upstreams })).raw;
    },
    async client(bearer, era = "legacy") {
      const client = new Client(
        { name: "in-process", version: "1" },
        era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
      );
      const transport = new StreamableHTTPClientTransport(new URL("http://127.0.0.1:7332/mcp"), {
        fetch: (url, init) => h.fetch(new Request(url, init)),
        requestInit: bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {},
      });
      await client.connect(transport);
      return { client, transport };
    },
    async close() {
      holds.releaseAll();
      await h.http.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const now = () => h.clock;
  (h as { http: HttpApp }).http = createHttpApp({
    settings,
    factory: options.scoped
      ? Object.assign(factory(holds), {
          forScope: (scope: { allowedServers?: readonly string[] | null }) =>
            factory(holds, `scoped_${(scope.allowedServers ?? []).join("_")}`),
        })
      : factory(holds),
    logger,
    authenticator: createAuthenticator({
      staticToken: settings.staticToken,
      tokens: store.tokens,
      disabled: settings.authDisabled,
      now,
    }),
    limiter: createAuthRateLimiter(store.authFailures, settings.rateLimit, { now }),
    redactor,
    sessionRepo: store.sessions,
    auditRepo: store.audit,
    now,
  });
  return h;
}

/** Text of a tool result. */
export function textOf(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
}

/** Resolves once `cond()` holds (polls every 5 ms, fails after `ms`). */
export async function until(cond: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
