/**
 * The `--http-*` flags of the Streamable HTTP mode and `--data-dir`
 * (mcp-server-configuration.md "Streamable HTTP flags"; the failed-auth limiter flags come from
 * mcp-server-http-deployment.md "Important Flags"). They join the main table in `flags.ts`.
 * Cross-flag rules (loopback, auth, path collisions) are checked by {@link httpSettings}.
 */

import * as v from "valibot";
import { BoolText, type Env, flag, lazyFallback, PositiveIntText, SWITCH, lazyText } from "./flag-spec.ts";

/**
 * `node:net`'s `isIP`, loaded on first use: every command reads this table, and importing
 * `node:net` (with the stream machinery behind it) at start costs more than most commands run.
 */
const isIP = (text: string): number => process.getBuiltinModule("node:net").isIP(text);

/** Minimum length of a static bearer token (mcp-server-http-deployment.md "Token generation"). */
export const MIN_STATIC_TOKEN_LENGTH = 32;

const PortText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[0-9]+$/, "expected a port number 0-65535"),
    v.transform(Number),
    v.maxValue(65535, "expected a port number 0-65535"),
  ),
);

const HostText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => s === "localhost" || isIP(s.replace(/^\[|\]$/g, "")) !== 0, "expected an IP address or localhost"),
    v.transform((s) => s.replace(/^\[|\]$/g, "")),
  ),
);

const PathText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\/[A-Za-z0-9._~\-/]*$/, "expected an absolute URL path such as /mcp"),
    v.transform((s) => (s.length > 1 ? s.replace(/\/+$/, "") : s)),
  ),
);

const TokenText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(
      MIN_STATIC_TOKEN_LENGTH,
      `expected at least ${MIN_STATIC_TOKEN_LENGTH} characters (generate one with \`openssl rand -base64 32\`)`,
    ),
  ),
);

/** A comma-separated list (the CLI joins repeated flags with commas). */
const OriginListText = lazyText(() =>
  v.pipe(
    v.string(),
    v.transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
    v.check(
      (list) => list.every((o) => /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o)),
      "expected origins such as https://app.example.com",
    ),
  ),
);

/** A comma-separated list of CIDR blocks or single addresses (`10.0.0.0/8,::1`). */
const CidrListText = lazyText(() =>
  v.pipe(
    v.string(),
    v.transform((s) =>
      s
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ),
    v.check(
      (list) =>
        list.every((c) => {
          const [ip = "", prefix, extra] = c.split("/");
          const family = isIP(ip);
          if (family === 0 || extra !== undefined) return false;
          if (prefix === undefined) return true;
          return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
        }),
      "expected CIDR blocks or IP addresses such as 10.0.0.0/8,192.168.1.7",
    ),
  ),
);

const NonEmptyText = lazyText(() => v.pipe(v.string(), v.trim(), v.minLength(1, "expected a non-empty value")));

/** `$XDG_STATE_HOME/ptc-mcp`, else `~/.local/state/ptc-mcp` (XDG Base Directory spec). */
export function defaultDataDir(env: Env): string {
  const xdg = env.XDG_STATE_HOME;
  // `node:` modules loaded on use, as `isIP` is: the table itself is built at every start.
  const { join } = process.getBuiltinModule("node:path");
  const home = () => env.HOME || process.getBuiltinModule("node:os").homedir();
  return xdg?.startsWith("/") ? join(xdg, "ptc-mcp") : join(home(), ".local", "state", "ptc-mcp");
}

const bool = SWITCH;

/** HTTP-mode flags and `--data-dir`, keyed by config field. */
export const HTTP_FLAGS = {
  dataDir: flag<string>(
    "data-dir",
    NonEmptyText,
    "",
    "directory of the state store (tokens, sessions, rate limits, audit)",
    {
      fallbackFromEnv: defaultDataDir,
      defaultText: "$XDG_STATE_HOME/ptc-mcp or ~/.local/state/ptc-mcp",
    },
  ),
  auditRetentionDays: flag(
    "audit-retention-days",
    PositiveIntText,
    30,
    "days audit rows are kept in the state store (swept at start and hourly)",
  ),
  http: flag("http", BoolText, false, "serve Streamable HTTP instead of stdio", bool),
  httpHost: flag(
    "http-host",
    HostText,
    "127.0.0.1",
    "bind IP address or localhost; non-loopback binds need --http-allow-unsafe-network and auth",
  ),
  httpPort: flag("http-port", PortText, 7332, "bind port"),
  httpPath: flag(
    "http-path",
    PathText,
    "/mcp",
    "MCP endpoint path; must differ from /health, /ready, /admin and the metrics path",
  ),
  httpAuthToken: flag<string | null>(
    "http-auth-token",
    TokenText,
    null,
    `static bearer token, at least ${MIN_STATIC_TOKEN_LENGTH} characters`,
    {
      defaultText: "unset",
      secret: true,
    },
  ),
  httpDisableAuth: flag(
    "http-disable-auth",
    BoolText,
    false,
    "no bearer auth; loopback binds only, never with --http-allow-unsafe-network",
    bool,
  ),
  httpAllowedOrigin: flag<readonly string[]>(
    "http-allowed-origin",
    OriginListText,
    [],
    "allowed browser Origin, exact; repeatable or comma-separated",
    {
      repeatable: true,
      defaultText: "unset",
    },
  ),
  httpRequestTimeoutMs: flag("http-request-timeout-ms", PositiveIntText, 15_000, "time to read a request, in ms"),
  httpShutdownGraceMs: flag(
    "http-shutdown-grace-ms",
    PositiveIntText,
    10_000,
    "drain window for in-flight calls on SIGTERM/SIGINT, in ms",
  ),
  httpMaxBodyBytes: flag<number | null>(
    "http-max-body-bytes",
    PositiveIntText,
    null,
    "largest HTTP request body, in bytes",
    {
      defaultText: "--max-frame-bytes",
    },
  ),
  httpSessionTtlMs: flag(
    "http-session-ttl-ms",
    PositiveIntText,
    3_600_000,
    "absolute protocol-session lifetime, in ms",
  ),
  httpSessionIdleTimeoutMs: flag(
    "http-session-idle-timeout-ms",
    PositiveIntText,
    900_000,
    "idle protocol-session timeout, in ms",
  ),
  httpMaxSessions: flag("http-max-sessions", PositiveIntText, 256, "global protocol-session cap"),
  httpMaxSessionsPerOwner: flag(
    "http-max-sessions-per-owner",
    PositiveIntText,
    32,
    "protocol sessions per owner (token)",
  ),
  httpMaxInFlightPerSession: flag(
    "http-max-in-flight-per-session",
    PositiveIntText,
    4,
    "executing requests per protocol session; extra ones are refused, not queued",
  ),
  httpAllowUnsafeNetwork: flag(
    "http-allow-unsafe-network",
    BoolText,
    false,
    "allow non-loopback bind addresses (auth is still required)",
    bool,
  ),
  httpViewer: flag(
    "http-viewer",
    BoolText,
    false,
    "serve the trace viewer at /viewer behind the same bearer auth (needs --trace-dir)",
    bool,
  ),
  httpAuthRateLimit: flag("http-auth-rate-limit", BoolText, true, "rate limit failed bearer auth per peer IP", bool),
  httpAuthRateLimitWindowMs: flag(
    "http-auth-rate-limit-window-ms",
    PositiveIntText,
    60_000,
    "window over which auth failures accumulate, in ms",
  ),
  httpAuthRateLimitMaxFailures: flag(
    "http-auth-rate-limit-max-failures",
    PositiveIntText,
    5,
    "auth failures per window before a source is blocked",
  ),
  httpAuthRateLimitBlockMs: flag(
    "http-auth-rate-limit-block-ms",
    PositiveIntText,
    60_000,
    "block length after too many failures (429 + Retry-After), in ms",
  ),
  httpMetrics: flag("http-metrics", BoolText, false, "serve Prometheus metrics", bool),
  httpMetricsPath: flag(
    "http-metrics-path",
    PathText,
    "/metrics",
    "metrics path; must not collide with the other paths",
  ),
  httpTrustedProxies: flag<readonly string[]>(
    "http-trusted-proxies",
    CidrListText,
    [],
    "proxies (CIDRs) whose X-Forwarded-For names the client, for the failed-auth limiter and request logs",
    { repeatable: true, defaultText: "unset (X-Forwarded-For ignored)" },
  ),
  httpInstanceLabel: lazyFallback(
    flag("http-instance-label", NonEmptyText, "", "instance label stamped into HTTP logs", { defaultText: "hostname" }),
    () => process.getBuiltinModule("node:os").hostname(),
  ),
} as const;
