/**
 * The Hono app of the HTTP mode, built once per process (or per test) from validated settings.
 *
 *   GET  /health          liveness, unauthenticated
 *   GET  /ready           readiness: 503 while draining, at the session cap or without the store, unauthenticated
 *   GET  <metrics path>   Prometheus text, only with --http-metrics
 *   GET  /.well-known/oauth-protected-resource[<path>]   RFC 9728 metadata, only with --http-oauth-issuer
 *   POST|GET|DELETE <mcp path>
 *        request-log → host-origin → drain → auth rate limit → bearer auth (or oauth bearer) → json body → endpoint
 *
 * The app never opens a socket: `serveOverHttp` puts it on `Bun.serve`, tests call `app.request()`.
 */

import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { Hono } from "hono";
import {
  type Authenticator,
  type AuthRateLimiter,
  type OAuthVerifier,
  type Redactor,
  resourceMetadataUrl,
} from "../../auth/index.ts";
import type { HttpSettings, Logger, UpstreamScope } from "../../config/index.ts";
import { decodeCallerScope, type ScopedServerFactory, type ServerFactory } from "../../mcp/index.ts";
import type { AuditRepo, SessionRepo } from "../../store/index.ts";
import { createAuditBuffer } from "./audit-buffer.ts";
import { createClientAddressOf } from "./client-address.ts";
import { storeAnswers } from "./store-unavailable.ts";
import { createInFlightLedger, type InFlightLedger } from "./in-flight.ts";
import { RPC_ERROR, rpcError } from "./json-rpc.ts";
import { createMcpEndpoint } from "./mcp-endpoint.ts";
import { createHttpMetrics, type HttpMetrics, noMetrics } from "./metrics.ts";
import { bearerAuth } from "./middleware/bearer-auth/index.ts";
import { drainGuard } from "./middleware/drain/index.ts";
import { hostOrigin } from "./middleware/host-origin/index.ts";
import { jsonBody } from "./middleware/json-body/index.ts";
import { oauthBearer } from "./middleware/oauth-bearer/index.ts";
import { authRateLimit } from "./middleware/rate-limit/index.ts";
import { requestLog } from "./middleware/request-log/index.ts";
import { mountProtectedResource } from "./protected-resource.ts";
import { createSessionRegistry, type SessionRegistry } from "./sessions.ts";
import type { HttpEnv } from "./types.ts";

/** What the app is built from. */
export interface HttpAppDeps {
  readonly settings: HttpSettings;
  /** The server core; when it can build scoped servers (`forScope`), a token's upstreams shape them. */
  readonly factory: ServerFactory | ScopedServerFactory;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly limiter: AuthRateLimiter;
  readonly redactor: Redactor;
  /** Session metadata and audit rows; null runs without a store (tests). */
  readonly sessionRepo: SessionRepo | null;
  readonly auditRepo: AuditRepo | null;
  /** Probe of the state store for `/ready` (503 `store_unavailable` when it fails); absent: not probed. */
  readonly storePing?: (() => Promise<void>) | null;
  /** OAuth access tokens beside the bearer tokens (`--http-oauth-issuer`); absent or null: off. */
  readonly oauth?: Pick<OAuthVerifier, "settings" | "verify"> | null;
  readonly now?: () => number;
  /**
   * Read-only apps served under a path prefix (e.g. the trace viewer at `/viewer`, `--http-viewer`),
   * behind the same Host/Origin checks, failed-auth limiter and bearer auth as the MCP endpoint.
   */
  readonly mounts?: readonly { readonly path: string; readonly app: Hono }[];
}

/** The app and the handles the server (and tests) drive it with. */
export interface HttpApp {
  readonly app: Hono<HttpEnv>;
  readonly registry: SessionRegistry;
  readonly ledger: InFlightLedger;
  readonly metrics: HttpMetrics;
  readonly draining: boolean;
  /** Enters drain mode: `/ready` turns 503 and new MCP requests get `server draining`. */
  startDrain(): void;
  /** Cancels everything still running (closes sessions and modern exchanges); stops timers. */
  close(): Promise<void>;
}

/**
 * Factories per upstream scope: a named token limited with `--upstreams` gets servers whose
 * `lisp_eval` describes and reaches only those upstreams (built once per distinct scope).
 */
function scopedFactories(factory: ServerFactory | ScopedServerFactory): (upstreams: UpstreamScope) => ServerFactory {
  const cache = new Map<string, ServerFactory>();
  return (upstreams) => {
    if (upstreams === null || !("forScope" in factory)) return factory;
    const key = JSON.stringify(upstreams);
    let f = cache.get(key);
    if (f === undefined) {
      f = factory.forScope({ allowedServers: upstreams });
      cache.set(key, f);
    }
    return f;
  };
}

/** SSE keep-alive: under Bun's idle timeout and the usual 30-60 s proxy timeouts. */
const KEEP_ALIVE_MS = 10_000;

/** Builds the app. */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const { settings, logger } = deps;
  const state = { draining: false };
  const ledger = createInFlightLedger(settings.maxInFlightPerSession * settings.maxSessionsPerOwner);
  let registry: SessionRegistry | undefined;
  const metrics = settings.metricsPath
    ? createHttpMetrics({ sessions: () => registry?.size ?? 0, inFlight: () => ledger.total })
    : noMetrics;
  const factoryFor = scopedFactories(deps.factory);
  registry = createSessionRegistry({
    factoryFor,
    limits: {
      maxSessions: settings.maxSessions,
      maxSessionsPerOwner: settings.maxSessionsPerOwner,
      ttlMs: settings.sessionTtlMs,
      idleTimeoutMs: settings.sessionIdleTimeoutMs,
    },
    repo: deps.sessionRepo,
    redactor: deps.redactor,
    logger,
    instance: settings.instanceLabel,
    keepAliveMs: KEEP_ALIVE_MS,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const sessions = registry;
  const modern: McpHttpHandler = createMcpHandler(
    (ctx) => factoryFor(decodeCallerScope(ctx.authInfo?.extra)?.upstreams ?? null)(),
    {
      legacy: "reject",
      keepAliveMs: KEEP_ALIVE_MS,
      maxRequestBodySize: settings.maxBodyBytes,
      onerror: (e) => logger.debug("mcp_http_rejected", { message: e.message }),
    },
  );
  const audit = createAuditBuffer(deps.auditRepo, (e) =>
    logger.warn("store_error", { what: "audit", message: e.message }),
  );
  const endpoint = createMcpEndpoint({
    registry: sessions,
    modern,
    ledger,
    maxInFlightPerSession: settings.maxInFlightPerSession,
    metrics,
    instance: settings.instanceLabel,
    audit: (record) => audit.add(record),
  });

  const app = new Hono<HttpEnv>();
  const clientAddress = createClientAddressOf(settings.trustedProxies ?? []);
  const routeOf = (path: string) =>
    path === settings.path
      ? "mcp"
      : path === "/health"
        ? "health"
        : path === "/ready"
          ? "ready"
          : path === settings.metricsPath
            ? "metrics"
            : "other";
  app.use(
    "*",
    requestLog({
      logger,
      instance: settings.instanceLabel,
      clientAddress,
      onDone: (r) => metrics.request(routeOf(r.path), r.method, r.status),
    }),
  );
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    if (state.draining) return c.json({ status: "draining" }, 503);
    if (sessions.saturated) return c.json({ status: "saturated" }, 503);
    if (deps.storePing && !(await storeAnswers(deps.storePing))) return c.json({ status: "store_unavailable" }, 503);
    return c.json({ status: "ready" });
  });
  if (settings.metricsPath) {
    app.get(settings.metricsPath, async (c) => {
      const out = await metrics.render();
      return out ? c.body(out.body, 200, { "content-type": out.contentType }) : c.notFound();
    });
  }
  const oauth = deps.oauth ?? null;
  if (oauth) mountProtectedResource(app, oauth.settings, settings.path);
  const onAuthFailure = (reason: string) => metrics.authFailure(reason);
  // One auth for /mcp and every mount: with OAuth on (and --http-oauth-only) they must agree.
  const bearer = () =>
    oauth
      ? oauthBearer({
          authenticator: deps.authenticator,
          verifier: oauth,
          resourceMetadataUrl: resourceMetadataUrl(oauth.settings.resource),
          requiredScopes: oauth.settings.requiredScopes,
          only: oauth.settings.only,
          logger,
          onFailure: onAuthFailure,
        })
      : bearerAuth({ authenticator: deps.authenticator, onFailure: onAuthFailure });
  app.on(
    ["POST", "GET", "DELETE"],
    settings.path,
    hostOrigin({
      loopback: settings.loopback,
      allowedOrigins: settings.allowedOrigins,
      onReject: (what) => metrics.rejected(what),
    }),
    drainGuard(state),
    authRateLimit({ limiter: deps.limiter, logger, clientAddress, onBlock: () => metrics.rateLimitBlock() }),
    bearer(),
    jsonBody({ maxBytes: settings.maxBodyBytes, readTimeoutMs: settings.requestTimeoutMs }),
    endpoint,
  );
  for (const mount of deps.mounts ?? []) {
    app.use(
      `${mount.path}/*`,
      hostOrigin({ loopback: settings.loopback, allowedOrigins: settings.allowedOrigins }),
      authRateLimit({ limiter: deps.limiter, logger, clientAddress, onBlock: () => metrics.rateLimitBlock() }),
      bearer(),
    );
    app.route(mount.path, mount.app);
  }
  app.all(settings.path, () =>
    rpcError(405, RPC_ERROR.invalidRequest, "Method Not Allowed", { headers: { allow: "GET, POST, DELETE" } }),
  );
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((e, c) => {
    logger.error("http_internal_error", { request_id: c.get("requestId"), message: e.message });
    return rpcError(500, RPC_ERROR.internal, "Internal error");
  });

  sessions.start();
  return {
    app,
    registry: sessions,
    ledger,
    metrics,
    get draining() {
      return state.draining;
    },
    startDrain() {
      state.draining = true;
    },
    async close() {
      await Promise.all([sessions.closeAll("shutdown"), modern.close().catch(() => {})]);
      await audit.close();
    },
  };
}
