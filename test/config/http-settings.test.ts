import { describe, expect, it } from "bun:test";
import { ConfigError } from "../../src/config/errors.ts";
import { defaultDataDir } from "../../src/config/http-flags.ts";
import { httpSettings, isLoopbackHost } from "../../src/config/http-settings.ts";
import { loadConfig } from "../../src/config/load.ts";

const TOKEN = "t".repeat(32);
const settings = (cli: Record<string, string>, env: Record<string, string> = {}) =>
  httpSettings(loadConfig(cli, { HOME: "/home/u", ...env }));

describe("HTTP flags", () => {
  it("uses the documented defaults", () => {
    expect(settings({})).toMatchObject({
      host: "127.0.0.1",
      port: 7332,
      loopback: true,
      path: "/mcp",
      staticToken: null,
      authDisabled: false,
      allowedOrigins: [],
      requestTimeoutMs: 15_000,
      shutdownGraceMs: 10_000,
      maxBodyBytes: 8 * 1024 * 1024,
      sessionTtlMs: 3_600_000,
      sessionIdleTimeoutMs: 900_000,
      maxSessions: 256,
      maxSessionsPerOwner: 32,
      maxInFlightPerSession: 4,
      rateLimit: { enabled: true, windowMs: 60_000, maxFailures: 5, blockMs: 60_000 },
      metricsPath: null,
      dataDir: "/home/u/.local/state/ptc-mcp",
    });
    expect(loadConfig({}, {}).http).toBe(false);
  });

  it("reads every flag from its PTC_RUNNER_MCP_ variable", () => {
    const s = settings(
      {},
      {
        PTC_RUNNER_MCP_HTTP_PORT: "9000",
        PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: TOKEN,
        PTC_RUNNER_MCP_HTTP_ALLOWED_ORIGIN: "https://a.example, https://b.example",
        PTC_RUNNER_MCP_HTTP_AUTH_RATE_LIMIT: "false",
        PTC_RUNNER_MCP_HTTP_METRICS: "1",
        PTC_RUNNER_MCP_HTTP_MAX_BODY_BYTES: "1024",
        PTC_RUNNER_MCP_DATA_DIR: "/var/lib/ptc",
      },
    );
    expect(s).toMatchObject({
      port: 9000,
      staticToken: TOKEN,
      allowedOrigins: ["https://a.example", "https://b.example"],
      rateLimit: { enabled: false },
      metricsPath: "/metrics",
      maxBodyBytes: 1024,
      dataDir: "/var/lib/ptc",
    });
  });

  it("puts the default data directory under XDG_STATE_HOME when it is set", () => {
    expect(defaultDataDir({ XDG_STATE_HOME: "/x/state", HOME: "/home/u" })).toBe("/x/state/ptc-mcp");
    expect(defaultDataDir({ XDG_STATE_HOME: "relative", HOME: "/home/u" })).toBe("/home/u/.local/state/ptc-mcp");
  });

  it("refuses a static token shorter than 32 characters", () => {
    expect(() => loadConfig({ "http-auth-token": "short" }, {})).toThrow(
      /--http-auth-token: expected at least 32 characters/,
    );
  });

  it("refuses a bad host, port or path", () => {
    expect(() => loadConfig({ "http-host": "example.com" }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ "http-port": "70000" }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ "http-path": "mcp" }, {})).toThrow(ConfigError);
  });
});

describe("HTTP flag rules", () => {
  it("recognises loopback hosts", () => {
    for (const h of ["127.0.0.1", "127.8.9.1", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.1", "::", "example.com"]) expect(isLoopbackHost(h)).toBe(false);
  });

  it("refuses a non-loopback bind without --http-allow-unsafe-network", () => {
    expect(() => settings({ "http-host": "0.0.0.0" })).toThrow(/--http-allow-unsafe-network/);
    expect(
      settings({ "http-host": "0.0.0.0", "http-allow-unsafe-network": "true", "http-auth-token": TOKEN }).loopback,
    ).toBe(false);
  });

  it("allows --http-disable-auth only on loopback, without unsafe network or a static token", () => {
    expect(settings({ "http-disable-auth": "true" }).authDisabled).toBe(true);
    expect(() =>
      settings({ "http-disable-auth": "true", "http-host": "10.0.0.5", "http-allow-unsafe-network": "true" }),
    ).toThrow(/cannot be combined with --http-allow-unsafe-network/);
    expect(() => settings({ "http-disable-auth": "true", "http-allow-unsafe-network": "true" })).toThrow(
      /--http-allow-unsafe-network/,
    );
    expect(() => settings({ "http-disable-auth": "true", "http-auth-token": TOKEN })).toThrow(
      /conflicts with --http-auth-token/,
    );
  });

  it("refuses colliding paths", () => {
    expect(() => settings({ "http-path": "/health" })).toThrow(/collides with \/health/);
    expect(() => settings({ "http-path": "/ready" })).toThrow(/collides with \/ready/);
    expect(() => settings({ "http-path": "/admin/mcp" })).toThrow(/\/admin/);
    expect(() => settings({ "http-path": "/metrics", "http-metrics": "true" })).toThrow(/--http-metrics-path/);
    expect(settings({ "http-path": "/metrics" }).path).toBe("/metrics");
    expect(() => settings({ "http-metrics": "true", "http-metrics-path": "/ready" })).toThrow(/collides with \/ready/);
  });
});
