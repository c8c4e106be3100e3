/**
 * Cross-flag rules of the HTTP mode, checked once at boot (mcp-server-configuration.md
 * "Streamable HTTP flags", mcp-server-http-deployment.md "Security Posture"):
 *
 * - a non-loopback bind needs `--http-allow-unsafe-network`, and never runs without auth;
 * - `--http-disable-auth` only on a loopback bind, never with `--http-allow-unsafe-network`,
 *   and not together with `--http-auth-token`;
 * - the MCP path differs from `/health`, `/ready`, `/admin/…` and the metrics path.
 *
 * The result is the typed settings object the HTTP transport is built from.
 */

import { ConfigError } from "./errors.ts";
import type { ServerConfig } from "./flags.ts";

/** Paths answered by the HTTP mode itself. */
export const CONTROL_PATHS = { health: "/health", ready: "/ready", adminPrefix: "/admin" } as const;

/** Validated HTTP settings. Durations in ms, sizes in bytes. */
export interface HttpSettings {
  readonly host: string;
  readonly port: number;
  /** Whether `host` is a loopback address (enables the Host-header DNS-rebinding check). */
  readonly loopback: boolean;
  readonly path: string;
  readonly staticToken: string | null;
  readonly authDisabled: boolean;
  readonly allowedOrigins: readonly string[];
  readonly requestTimeoutMs: number;
  readonly shutdownGraceMs: number;
  readonly maxBodyBytes: number;
  readonly sessionTtlMs: number;
  readonly sessionIdleTimeoutMs: number;
  readonly maxSessions: number;
  readonly maxSessionsPerOwner: number;
  readonly maxInFlightPerSession: number;
  readonly rateLimit: {
    readonly enabled: boolean;
    readonly windowMs: number;
    readonly maxFailures: number;
    readonly blockMs: number;
  };
  /** Metrics path, or null when `--http-metrics` is off. */
  readonly metricsPath: string | null;
  readonly instanceLabel: string;
  readonly dataDir: string;
  /**
   * `--http-trusted-proxies`: CIDR blocks (or addresses) whose `X-Forwarded-For` names the client
   * for the failed-auth limiter and the request log; empty: the header is ignored. Optional so
   * settings built by hand (tests) need not name it.
   */
  readonly trustedProxies?: readonly string[];
}

/** True for `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/**
 * Checks the cross-flag rules and returns the settings.
 *
 * @throws {ConfigError} `invalid_value` with a one-line explanation
 */
export function httpSettings(config: ServerConfig): HttpSettings {
  const loopback = isLoopbackHost(config.httpHost);
  const fail = (message: string): never => {
    throw new ConfigError("invalid_value", message);
  };
  if (!loopback && !config.httpAllowUnsafeNetwork) {
    fail(
      `--http-host ${config.httpHost} is not a loopback address; add --http-allow-unsafe-network to bind it (auth stays required)`,
    );
  }
  if (config.httpDisableAuth) {
    if (config.httpAllowUnsafeNetwork) fail("--http-disable-auth cannot be combined with --http-allow-unsafe-network");
    if (!loopback) fail(`--http-disable-auth is only permitted on loopback binds, not ${config.httpHost}`);
    if (config.httpAuthToken !== null) fail("--http-disable-auth conflicts with --http-auth-token");
  }
  const clash = (path: string, flag: string, others: ReadonlyArray<readonly [string, string]>) => {
    for (const [other, name] of others) if (path === other) fail(`${flag} ${path} collides with ${name}`);
    if (path === CONTROL_PATHS.adminPrefix || path.startsWith(`${CONTROL_PATHS.adminPrefix}/`))
      fail(`${flag} ${path} collides with the /admin endpoints`);
  };
  const control = [
    [CONTROL_PATHS.health, "/health"],
    [CONTROL_PATHS.ready, "/ready"],
  ] as const;
  if (config.httpMetrics) clash(config.httpMetricsPath, "--http-metrics-path", control);
  clash(
    config.httpPath,
    "--http-path",
    config.httpMetrics ? [...control, [config.httpMetricsPath, "--http-metrics-path"]] : control,
  );
  return {
    host: config.httpHost,
    port: config.httpPort,
    loopback,
    path: config.httpPath,
    staticToken: config.httpAuthToken,
    authDisabled: config.httpDisableAuth,
    allowedOrigins: config.httpAllowedOrigin,
    requestTimeoutMs: config.httpRequestTimeoutMs,
    shutdownGraceMs: config.httpShutdownGraceMs,
    maxBodyBytes: config.httpMaxBodyBytes ?? config.maxFrameBytes,
    sessionTtlMs: config.httpSessionTtlMs,
    sessionIdleTimeoutMs: config.httpSessionIdleTimeoutMs,
    maxSessions: config.httpMaxSessions,
    maxSessionsPerOwner: config.httpMaxSessionsPerOwner,
    maxInFlightPerSession: config.httpMaxInFlightPerSession,
    rateLimit: {
      enabled: config.httpAuthRateLimit,
      windowMs: config.httpAuthRateLimitWindowMs,
      maxFailures: config.httpAuthRateLimitMaxFailures,
      blockMs: config.httpAuthRateLimitBlockMs,
    },
    metricsPath: config.httpMetrics ? config.httpMetricsPath : null,
    instanceLabel: config.httpInstanceLabel,
    dataDir: config.dataDir,
    trustedProxies: config.httpTrustedProxies,
  };
}
