import { describe, expect, it } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { oauthSettings } from "../../src/config/oauth-settings.ts";

const settings = (cli: Record<string, string>, env: Record<string, string> = {}) =>
  oauthSettings(loadConfig(cli, { HOME: "/home/u", ...env }));
const ISSUER = "https://login.example.com/realms/ops";

describe("OAuth flags", () => {
  it("leaves OAuth off without an issuer", () => {
    expect(settings({})).toBeNull();
  });

  it("derives the resource from a loopback bind and defaults the audience to it", () => {
    expect(settings({ "http-oauth-issuer": ISSUER, "http-port": "9100", "http-path": "/tools" })).toEqual({
      issuer: ISSUER,
      resource: "http://127.0.0.1:9100/tools",
      audience: "http://127.0.0.1:9100/tools",
      jwksUrl: null,
      introspection: null,
      requiredScopes: [],
      scopeMap: null,
      only: false,
      allowInsecure: false,
      jwksRefreshIntervalMs: 30_000,
    });
  });

  it("reads every flag from its PTC_RUNNER_MCP_ variable", () => {
    const s = settings(
      {},
      {
        PTC_RUNNER_MCP_HTTP_OAUTH_ISSUER: ISSUER,
        PTC_RUNNER_MCP_HTTP_PUBLIC_URL: "https://mcp.example.com/mcp",
        PTC_RUNNER_MCP_HTTP_OAUTH_AUDIENCE: "api://ptc",
        PTC_RUNNER_MCP_HTTP_OAUTH_JWKS_URL: "https://login.example.com/keys",
        PTC_RUNNER_MCP_HTTP_OAUTH_INTROSPECTION_URL: "https://login.example.com/introspect",
        PTC_RUNNER_MCP_HTTP_OAUTH_CLIENT_ID: "ptc-rs",
        PTC_RUNNER_MCP_HTTP_OAUTH_CLIENT_SECRET: "rs-secret",
        PTC_RUNNER_MCP_HTTP_OAUTH_REQUIRED_SCOPES: "mcp:eval, mcp:read",
        PTC_RUNNER_MCP_HTTP_OAUTH_ONLY: "true",
        PTC_RUNNER_MCP_HTTP_OAUTH_JWKS_REFRESH_INTERVAL_MS: "5000",
      },
    );
    expect(s).toMatchObject({
      resource: "https://mcp.example.com/mcp",
      audience: "api://ptc",
      jwksUrl: "https://login.example.com/keys",
      introspection: { url: "https://login.example.com/introspect", clientId: "ptc-rs", clientSecret: "rs-secret" },
      requiredScopes: ["mcp:eval", "mcp:read"],
      only: true,
      jwksRefreshIntervalMs: 5000,
    });
  });

  it("reads the scope map file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-scope-map-"));
    const file = join(dir, "map.json");
    writeFileSync(file, JSON.stringify({ "files:read": ["fs"], admin: "*" }));
    const s = settings({ "http-oauth-issuer": ISSUER, "http-oauth-scope-map": file });
    expect([...(s?.scopeMap ?? [])]).toEqual([
      ["files:read", ["fs"]],
      ["admin", "*"],
    ]);
    writeFileSync(file, JSON.stringify({ "files:read": ["fs", 3] }));
    expect(() => settings({ "http-oauth-issuer": ISSUER, "http-oauth-scope-map": file })).toThrow(
      /--http-oauth-scope-map .*map\.json: files:read/,
    );
    expect(() => settings({ "http-oauth-issuer": ISSUER, "http-oauth-scope-map": join(dir, "nope.json") })).toThrow(
      "--http-oauth-scope-map",
    );
  });

  it("accepts the sample scope map in examples/", () => {
    const file = join(import.meta.dir, "..", "..", "examples", "oauth-scope-map.json");
    const s = settings({ "http-oauth-issuer": ISSUER, "http-oauth-scope-map": file });
    expect(s?.scopeMap?.get("tools:all")).toBe("*");
    expect(s?.scopeMap?.get("files:read")).toEqual(["files"]);
  });

  const refusals: Array<[string, Record<string, string>, string]> = [
    [
      "an audience without an issuer",
      { "http-oauth-audience": "api://x" },
      "--http-oauth-audience needs --http-oauth-issuer",
    ],
    [
      "--http-oauth-only without an issuer",
      { "http-oauth-only": "true" },
      "--http-oauth-only needs --http-oauth-issuer",
    ],
    [
      "a plain-http issuer on another host",
      { "http-oauth-issuer": "http://login.example.com" },
      "--http-oauth-issuer http://login.example.com: expected https",
    ],
    [
      "a plain-http JWKS URL on another host",
      { "http-oauth-issuer": ISSUER, "http-oauth-jwks-url": "http://keys.example.com/jwks" },
      "--http-oauth-jwks-url http://keys.example.com/jwks: expected https",
    ],
    [
      "introspection without client credentials",
      { "http-oauth-issuer": ISSUER, "http-oauth-introspection-url": "https://login.example.com/i" },
      "needs --http-oauth-client-id and --http-oauth-client-secret",
    ],
    [
      "OAuth with auth disabled",
      { "http-oauth-issuer": ISSUER, "http-disable-auth": "true" },
      "conflicts with --http-disable-auth",
    ],
    [
      "--http-oauth-only with a static token",
      { "http-oauth-issuer": ISSUER, "http-oauth-only": "true", "http-auth-token": "t".repeat(32) },
      "--http-oauth-only conflicts with --http-auth-token",
    ],
    [
      "a non-loopback bind without a public URL",
      { "http-oauth-issuer": ISSUER, "http-host": "0.0.0.0", "http-allow-unsafe-network": "true" },
      "needs --http-public-url",
    ],
    ["a public URL that is not a URL", { "http-public-url": "mcp.example.com" }, "expected an absolute http(s) URL"],
  ];
  for (const [what, cli, message] of refusals) {
    it(`refuses ${what}`, () => {
      expect(() => settings(cli)).toThrow(message);
    });
  }

  it("allows plain http to loopback, and elsewhere with --http-oauth-allow-insecure-issuer", () => {
    expect(settings({ "http-oauth-issuer": "http://127.0.0.1:8080" })?.issuer).toBe("http://127.0.0.1:8080");
    expect(
      settings({ "http-oauth-issuer": "http://idp.internal", "http-oauth-allow-insecure-issuer": "true" })?.issuer,
    ).toBe("http://idp.internal");
  });
});
