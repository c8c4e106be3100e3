/**
 * The oauth-bearer middleware in process, with a stub verifier: which path a bearer takes, the
 * RFC 6750 / RFC 9728 challenges, and what the failed-auth limiter gets to see.
 */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { createAuthenticator } from "../../../src/auth/authenticator.ts";
import type { OAuthOutcome } from "../../../src/auth/oauth/verifier.ts";
import { oauthBearer } from "../../../src/transports/http/middleware/oauth-bearer/index.ts";
import type { HttpEnv } from "../../../src/transports/http/types.ts";

const STATIC = "static-token-0123456789abcdefghijklmnop";
const METADATA = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

function app(outcome: OAuthOutcome, options: { only?: boolean; requiredScopes?: string[] } = {}) {
  const seen: string[] = [];
  const a = new Hono<HttpEnv>();
  a.use(async (c, next) => {
    await next();
    c.res.headers.set("x-auth-failure", c.get("authFailure") ?? "");
  });
  a.use(
    oauthBearer({
      authenticator: createAuthenticator({ staticToken: STATIC, tokens: null }),
      verifier: {
        async verify(token) {
          seen.push(token);
          return outcome;
        },
      },
      resourceMetadataUrl: METADATA,
      requiredScopes: options.requiredScopes ?? [],
      only: options.only ?? false,
    }),
  );
  a.post("/mcp", (c) => c.text(c.get("principal").owner));
  const call = (bearer: string | null) =>
    a.request("/mcp", { method: "POST", headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { call, seen };
}

const OK: OAuthOutcome = {
  ok: true,
  principal: { owner: "oauth:alice", kind: "oauth", tokenName: "c", upstreams: null, scopes: [] },
};

describe("oauth-bearer middleware", () => {
  it("challenges a request without a token with the metadata URL and the required scopes", async () => {
    const r = await app(OK, { requiredScopes: ["mcp:eval"] }).call(null);
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${METADATA}", scope="mcp:eval"`);
    expect(r.headers.get("x-auth-failure")).toBe("missing");
  });

  it("lets the static token and ptc_pat_ tokens take the existing path", async () => {
    const { call, seen } = app(OK);
    expect(await (await call(STATIC)).text()).toBe("static");
    const pat = await call("ptc_pat_notarealtoken000000000000000000000");
    expect(pat.status).toBe(401);
    expect(pat.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(seen).toEqual([]);
    expect(await (await call("eyJ.a.b")).text()).toBe("oauth:alice");
    expect(seen).toEqual(["eyJ.a.b"]);
  });

  it("sends even the static token to the verifier under --http-oauth-only", async () => {
    const { call, seen } = app(
      {
        ok: false,
        refusal: { kind: "invalid_token", reason: "invalid", description: "the token is not a JWT access token" },
      },
      { only: true },
    );
    const r = await call(STATIC);
    expect(r.status).toBe(401);
    expect(seen).toEqual([STATIC]);
    expect(r.headers.get("x-auth-failure")).toBe("invalid");
  });

  it("answers 403 insufficient_scope without counting a failed authentication", async () => {
    const r = await app({
      ok: false,
      refusal: { kind: "insufficient_scope", scope: "mcp:eval", description: 'lacks "mcp:eval"' },
    }).call("eyJ.a.b");
    expect(r.status).toBe(403);
    expect(r.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${METADATA}", error="insufficient_scope", scope="mcp:eval", error_description="lacks 'mcp:eval'"`,
    );
    expect(r.headers.get("x-auth-failure")).toBe("");
  });

  it("answers 503 when the authorization server cannot be reached, not counted either", async () => {
    const r = await app({ ok: false, refusal: { kind: "unavailable", description: "jwks: HTTP 502" } }).call("eyJ.a.b");
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect(r.headers.get("x-auth-failure")).toBe("");
  });
});
