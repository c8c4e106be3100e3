/**
 * Cross-flag rules of the OAuth resource server, checked once at boot, and the scope map file
 * (`--http-oauth-scope-map`). The result is the typed {@link OAuthSettings} the auth layer builds
 * its token verifier from, or null when OAuth is off (no `--http-oauth-issuer`).
 *
 * Rules:
 * - every other `--http-oauth-*` flag (and `--http-oauth-only`) needs `--http-oauth-issuer`;
 * - OAuth conflicts with `--http-disable-auth`; `--http-oauth-only` conflicts with `--http-auth-token`;
 * - the issuer, JWKS and introspection URLs are `https`, unless their host is loopback or
 *   `--http-oauth-allow-insecure-issuer` is set (MCP authorization "Communication Security");
 * - introspection needs `--http-oauth-client-id` and `--http-oauth-client-secret`;
 * - the resource URL is `--http-public-url`, else `http://<host>:<port><path>` on a loopback bind;
 *   a non-loopback bind must name it.
 */

import { readFileSync } from "node:fs";
import * as v from "valibot";
import { ConfigError } from "./errors.ts";
import type { ServerConfig } from "./flags.ts";
import { isLoopbackHost } from "./http-settings.ts";

/** Scope → upstream servers it reaches; `"*"` means every upstream. */
export type ScopeMap = ReadonlyMap<string, readonly string[] | "*">;

/** Validated OAuth settings. URLs are absolute strings. */
export interface OAuthSettings {
  /** Issuer identifier, compared exactly with the `iss` claim and the metadata's `issuer`. */
  readonly issuer: string;
  /** Canonical URL of the MCP endpoint: the `resource` of the protected-resource metadata. */
  readonly resource: string;
  /** Value the `aud` claim must contain (default: {@link resource}). */
  readonly audience: string;
  /** JWKS override; null: take `jwks_uri` from the issuer metadata. */
  readonly jwksUrl: string | null;
  /** Introspection endpoint and the client credentials to call it with; null: opaque tokens are refused. */
  readonly introspection: { readonly url: string; readonly clientId: string; readonly clientSecret: string } | null;
  readonly requiredScopes: readonly string[];
  /** Null: no map, every caller reaches every upstream. */
  readonly scopeMap: ScopeMap | null;
  /** Static and named tokens are refused. */
  readonly only: boolean;
  /** Plain-http issuer/JWKS/introspection URLs allowed on non-loopback hosts. */
  readonly allowInsecure: boolean;
  /** Least time between two JWKS fetches, in ms. */
  readonly jwksRefreshIntervalMs: number;
}

const UpstreamName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected an upstream server name"));

/** The scope map file: `{"scope": ["server", ...] | "*"}`, nothing else. */
export const ScopeMapSchema = v.record(
  v.pipe(v.string(), v.regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "expected a scope name")),
  v.union([v.literal("*"), v.array(UpstreamName)], 'expected a list of upstream names or "*"'),
);

/**
 * Reads and checks a scope map file.
 *
 * @throws {ConfigError} `invalid_value` naming the file and, for a bad entry, its path
 */
export function loadScopeMap(path: string): ScopeMap {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError("invalid_value", `--http-oauth-scope-map ${path}: ${(e as Error).message}`);
  }
  const parsed = v.safeParse(ScopeMapSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    throw new ConfigError(
      "invalid_value",
      `--http-oauth-scope-map ${path}: ${where ? `${where}: ` : ""}${issue?.message ?? "invalid"}`,
    );
  }
  return new Map(Object.entries(parsed.output));
}

/** True when `url` may be fetched: https, or http to a loopback host, or http with the insecure flag. */
function transportOk(url: string, allowInsecure: boolean): boolean {
  const u = new URL(url);
  return u.protocol === "https:" || allowInsecure || isLoopbackHost(u.hostname);
}

/**
 * Checks the OAuth flags.
 *
 * @returns the settings, or null when `--http-oauth-issuer` is not set
 * @throws {ConfigError} `invalid_value` with a one-line explanation
 */
export function oauthSettings(config: ServerConfig): OAuthSettings | null {
  const fail = (message: string): never => {
    throw new ConfigError("invalid_value", message);
  };
  const issuer = config.httpOauthIssuer;
  if (issuer === null) {
    const dependent: Array<[unknown, string]> = [
      [config.httpOauthAudience, "--http-oauth-audience"],
      [config.httpOauthJwksUrl, "--http-oauth-jwks-url"],
      [config.httpOauthIntrospectionUrl, "--http-oauth-introspection-url"],
      [config.httpOauthScopeMap, "--http-oauth-scope-map"],
      [config.httpOauthOnly || null, "--http-oauth-only"],
    ];
    for (const [value, name] of dependent) if (value !== null) fail(`${name} needs --http-oauth-issuer`);
    if (config.httpOauthRequiredScopes.length > 0) fail("--http-oauth-required-scopes needs --http-oauth-issuer");
    return null;
  }
  if (config.httpDisableAuth) fail("--http-oauth-issuer conflicts with --http-disable-auth");
  if (config.httpOauthOnly && config.httpAuthToken !== null) fail("--http-oauth-only conflicts with --http-auth-token");
  const allowInsecure = config.httpOauthAllowInsecureIssuer;
  const urls: Array<[string | null, string]> = [
    [issuer, "--http-oauth-issuer"],
    [config.httpOauthJwksUrl, "--http-oauth-jwks-url"],
    [config.httpOauthIntrospectionUrl, "--http-oauth-introspection-url"],
  ];
  for (const [url, name] of urls) {
    if (url !== null && !transportOk(url, allowInsecure))
      fail(`${name} ${url}: expected https (plain http only to loopback or with --http-oauth-allow-insecure-issuer)`);
  }
  let resource = config.httpPublicUrl;
  if (resource === null) {
    if (!isLoopbackHost(config.httpHost))
      fail("--http-oauth-issuer on a non-loopback bind needs --http-public-url (the URL clients dial)");
    if (config.httpPort === 0) fail("--http-oauth-issuer with --http-port 0 needs --http-public-url");
    const host = config.httpHost.includes(":") ? `[${config.httpHost}]` : config.httpHost;
    resource = `http://${host}:${config.httpPort}${config.httpPath}`;
  }
  let introspection: OAuthSettings["introspection"] = null;
  if (config.httpOauthIntrospectionUrl !== null) {
    if (config.httpOauthClientId === null || config.httpOauthClientSecret === null)
      fail("--http-oauth-introspection-url needs --http-oauth-client-id and --http-oauth-client-secret");
    introspection = {
      url: config.httpOauthIntrospectionUrl,
      clientId: config.httpOauthClientId as string,
      clientSecret: config.httpOauthClientSecret as string,
    };
  }
  return {
    issuer,
    resource,
    audience: config.httpOauthAudience ?? resource,
    jwksUrl: config.httpOauthJwksUrl,
    introspection,
    requiredScopes: config.httpOauthRequiredScopes,
    scopeMap: config.httpOauthScopeMap === null ? null : loadScopeMap(config.httpOauthScopeMap),
    only: config.httpOauthOnly,
    allowInsecure,
    jwksRefreshIntervalMs: config.httpOauthJwksRefreshIntervalMs,
  };
}
