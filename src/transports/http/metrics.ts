/**
 * Prometheus metrics of the HTTP mode (`--http-metrics`), on a registry of their own so several
 * apps (tests) never share counters. Without the flag every recorder is a no-op.
 */

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Recorders used by the app and its middleware. */
export interface HttpMetrics {
  request(route: string, method: string, status: number): void;
  /** An MCP exchange finished (stream end), with its duration. */
  call(era: string, rpcMethod: string, seconds: number): void;
  authFailure(reason: string): void;
  rateLimitBlock(): void;
  busy(scope: "session" | "owner"): void;
  rejected(what: string): void;
  /** The exposition text, or null when metrics are off. */
  render(): Promise<{ body: string; contentType: string } | null>;
}

/** Live values sampled at scrape time. */
export interface MetricSources {
  sessions(): number;
  inFlight(): number;
}

/** Metrics that record nothing. */
export const noMetrics: HttpMetrics = {
  request() {},
  call() {},
  authFailure() {},
  rateLimitBlock() {},
  busy() {},
  rejected() {},
  render: async () => null,
};

const KNOWN_METHODS = new Set([
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "server/discover",
  "notifications/initialized",
]);

/** Creates a registry with the HTTP metrics and the default process metrics (RSS, heap, CPU). */
export function createHttpMetrics(sources: MetricSources): HttpMetrics {
  const registry = new Registry();
  try {
    collectDefaultMetrics({ register: registry });
  } catch {
    // Some process metrics are not available on every runtime; the HTTP ones still work.
  }
  const registers = [registry];
  const requests = new Counter({
    name: "ptc_http_requests_total",
    help: "HTTP requests by route, method and status",
    labelNames: ["route", "method", "status"],
    registers,
  });
  const calls = new Histogram({
    name: "ptc_mcp_request_duration_seconds",
    help: "MCP exchanges over HTTP, until the response is complete",
    labelNames: ["era", "rpc_method"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  new Gauge({
    name: "ptc_http_sessions",
    help: "Open 2025-era protocol sessions",
    registers,
    collect() {
      this.set(sources.sessions());
    },
  });
  new Gauge({
    name: "ptc_mcp_in_flight",
    help: "MCP requests executing",
    registers,
    collect() {
      this.set(sources.inFlight());
    },
  });
  const authFailures = new Counter({
    name: "ptc_http_auth_failures_total",
    help: "Failed bearer authentications by reason",
    labelNames: ["reason"],
    registers,
  });
  const blocks = new Counter({
    name: "ptc_http_auth_rate_limit_blocks_total",
    help: "Sources blocked by the failed-auth rate limiter",
    registers,
  });
  const busy = new Counter({
    name: "ptc_mcp_busy_rejections_total",
    help: "Requests refused by an in-flight cap",
    labelNames: ["scope"],
    registers,
  });
  const rejected = new Counter({
    name: "ptc_http_rejections_total",
    help: "Requests refused before auth (host, origin)",
    labelNames: ["reason"],
    registers,
  });
  return {
    request: (route, method, status) => requests.inc({ route, method, status: String(status) }),
    call: (era, rpcMethod, seconds) =>
      calls.observe({ era, rpc_method: KNOWN_METHODS.has(rpcMethod) ? rpcMethod : "other" }, seconds),
    authFailure: (reason) => authFailures.inc({ reason }),
    rateLimitBlock: () => blocks.inc(),
    busy: (scope) => busy.inc({ scope }),
    rejected: (what) => rejected.inc({ reason: what }),
    render: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  };
}
