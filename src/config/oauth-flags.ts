/**
 * The OAuth 2.1 resource-server flags of the HTTP mode (MCP authorization, revision 2025-06-18
 * and later; RFC 9728, RFC 8707, RFC 9068, RFC 7662). Setting `--http-oauth-issuer` turns OAuth on
 * beside the static and named bearer tokens; the other flags refine it. They join the main table
 * in `flags.ts`; cross-flag rules are checked by {@link oauthSettings} in `oauth-settings.ts`.
 */

import * as v from "valibot";
import { BoolText, flag, PositiveIntText, SWITCH, lazyText } from "./flag-spec.ts";

/** Text → an absolute `http(s)` URL without a fragment, kept as given (no trailing-slash change). */
export const HttpUrlText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "https:" || u.protocol === "http:") && u.hash === "" && u.username === "";
      } catch {
        return false;
      }
    }, "expected an absolute http(s) URL without a fragment or credentials"),
  ),
);

/** Text → an absolute URI (an audience may be `api://ptc` or a URN as well as a URL). */
const UriText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, "expected an absolute URI such as https://mcp.example.com/mcp"),
  ),
);

/** Text → scope names, split on commas and spaces, deduplicated (RFC 6749 §3.3 scope tokens). */
export const ScopeListText = lazyText(() =>
  v.pipe(
    v.string(),
    v.transform((s) => [...new Set(s.split(/[\s,]+/).filter(Boolean))]),
    v.check(
      (list) => list.every((s) => /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s)),
      "expected scope names (printable ASCII, no quotes or backslashes)",
    ),
  ),
);

const NonEmptyText = lazyText(() => v.pipe(v.string(), v.trim(), v.minLength(1, "expected a non-empty value")));

/** OAuth resource-server flags, keyed by config field. */
export const OAUTH_FLAGS = {
  httpPublicUrl: flag<string | null>(
    "http-public-url",
    HttpUrlText,
    null,
    "canonical URL of the MCP endpoint as clients dial it (the OAuth resource)",
    { defaultText: "http://<host>:<port><path> on loopback binds" },
  ),
  httpOauthIssuer: flag<string | null>(
    "http-oauth-issuer",
    HttpUrlText,
    null,
    "OAuth authorization server issuer; enables OAuth access tokens beside the bearer tokens",
    { defaultText: "unset (off)" },
  ),
  httpOauthAudience: flag<string | null>(
    "http-oauth-audience",
    UriText,
    null,
    "audience an access token must name in `aud` (RFC 8707)",
    { defaultText: "--http-public-url" },
  ),
  httpOauthJwksUrl: flag<string | null>(
    "http-oauth-jwks-url",
    HttpUrlText,
    null,
    "JWKS URL, overriding the issuer metadata's jwks_uri",
    { defaultText: "from issuer metadata" },
  ),
  httpOauthIntrospectionUrl: flag<string | null>(
    "http-oauth-introspection-url",
    HttpUrlText,
    null,
    "RFC 7662 introspection endpoint for opaque (non-JWT) access tokens",
    { defaultText: "unset (opaque tokens refused)" },
  ),
  httpOauthClientId: flag<string | null>(
    "http-oauth-client-id",
    NonEmptyText,
    null,
    "client id this server authenticates with at the introspection endpoint",
    { defaultText: "unset" },
  ),
  httpOauthClientSecret: flag<string | null>(
    "http-oauth-client-secret",
    NonEmptyText,
    null,
    "client secret for the introspection endpoint (client_secret_basic)",
    { defaultText: "unset", secret: true },
  ),
  httpOauthRequiredScopes: flag<readonly string[]>(
    "http-oauth-required-scopes",
    ScopeListText,
    [],
    "scopes every access token must carry; a token without them gets 403 insufficient_scope",
    { defaultText: "none" },
  ),
  httpOauthScopeMap: flag<string | null>(
    "http-oauth-scope-map",
    NonEmptyText,
    null,
    'JSON file mapping scopes to the upstream servers they reach: {"scope": ["server", ...] | "*"}',
    { defaultText: "unset (every upstream)" },
  ),
  httpOauthJwksRefreshIntervalMs: flag(
    "http-oauth-jwks-refresh-interval-ms",
    PositiveIntText,
    30_000,
    "least time between two JWKS fetches (a token with an unknown kid triggers one), in ms",
  ),
  httpOauthOnly: flag(
    "http-oauth-only",
    BoolText,
    false,
    "accept OAuth access tokens only (static and named tokens are refused)",
    SWITCH,
  ),
  httpOauthAllowInsecureIssuer: flag(
    "http-oauth-allow-insecure-issuer",
    BoolText,
    false,
    "allow plain-http issuer, JWKS and introspection URLs on non-loopback hosts",
    SWITCH,
  ),
} as const;
