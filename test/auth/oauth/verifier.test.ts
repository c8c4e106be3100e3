/**
 * The OAuth token verifier against a real authorization server on 127.0.0.1 (oauth2-mock-server):
 * every refusal RFC 9068 §4 asks for, key rotation through the JWKS cache, required scopes and
 * the scope map, and introspection of opaque tokens.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { base64url, SignJWT } from "jose";
import { createOAuthVerifier, type OAuthVerifier } from "../../../src/auth/oauth/verifier.ts";
import type { OAuthSettings } from "../../../src/config/oauth-settings.ts";
import { type AuthServer, startAuthServer } from "../../fixtures/oauth-server.ts";

const RESOURCE = "http://127.0.0.1:7332/mcp";

function settingsFor(as: AuthServer, extra: Partial<OAuthSettings> = {}): OAuthSettings {
  return {
    issuer: as.issuer,
    resource: RESOURCE,
    audience: RESOURCE,
    jwksUrl: null,
    introspection: null,
    requiredScopes: [],
    scopeMap: null,
    only: false,
    allowInsecure: false,
    jwksRefreshIntervalMs: 1,
    ...extra,
  };
}

function refusalOf(r: Awaited<ReturnType<OAuthVerifier["verify"]>>) {
  if (r.ok) throw new Error(`expected a refusal, got principal ${r.principal.owner}`);
  return r.refusal;
}

describe("OAuth verifier with a real authorization server", () => {
  let as: AuthServer;
  let other: AuthServer;
  let verifier: OAuthVerifier;

  beforeAll(async () => {
    as = await startAuthServer();
    other = await startAuthServer();
    verifier = await createOAuthVerifier(settingsFor(as));
  });
  afterAll(async () => {
    await as.stop();
    await other.stop();
  });

  it("accepts a token for this resource and names its subject and scopes", async () => {
    const r = await verifier.verify(await as.token({ aud: RESOURCE, scope: "mcp:eval files" }));
    expect(r).toMatchObject({
      ok: true,
      principal: { owner: "oauth:alice", kind: "oauth", tokenName: "test-client", scopes: ["mcp:eval", "files"] },
    });
  });

  it("accepts an aud array that contains the resource", async () => {
    expect((await verifier.verify(await as.token({ aud: ["https://other.example", RESOURCE] }))).ok).toBe(true);
  });

  const cases: Array<[string, () => Promise<string>, string]> = [
    [
      "a token for another audience",
      () => as.token({ aud: "https://other.example/mcp" }),
      "not issued for this resource",
    ],
    ["a token without aud", () => as.token({}), "not issued for this resource"],
    ["an expired token", () => as.token({ aud: RESOURCE, expiresIn: -120 }), "expired"],
    ["a token not valid yet", () => as.token({ aud: RESOURCE, nbfIn: 600 }), "not valid yet"],
    [
      "a token naming another issuer",
      () => as.token({ aud: RESOURCE, iss: "https://evil.example" }),
      "another authorization server",
    ],
    ["a token of another authorization server", () => other.token({ aud: RESOURCE }), "unknown key"],
    ["an ID token (typ id_token+jwt)", () => as.token({ aud: RESOURCE, typ: "id_token+jwt" }), "not an access token"],
  ];
  for (const [what, make, description] of cases) {
    it(`refuses ${what}`, async () => {
      const refusal = refusalOf(await verifier.verify(await make()));
      expect(refusal.kind).toBe("invalid_token");
      expect(refusal.description).toContain(description);
    });
  }

  it("refuses alg none", async () => {
    const payload = { iss: as.issuer, aud: RESOURCE, sub: "mallory", exp: Math.floor(Date.now() / 1000) + 600 };
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const unsigned = `${enc({ alg: "none", typ: "at+jwt" })}.${enc(payload)}.`;
    expect(refusalOf(await verifier.verify(unsigned)).kind).toBe("invalid_token");
  });

  it("refuses HS256 even when the secret is the issuer's public key material", async () => {
    const jwks = (await (await fetch(`${as.issuer}/jwks`)).json()) as { keys: Array<{ n: string; kid: string }> };
    const key = jwks.keys[0] as { n: string; kid: string };
    const token = await new SignJWT({ sub: "mallory", aud: RESOURCE, iss: as.issuer })
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "at+jwt" })
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(key.n));
    expect(refusalOf(await verifier.verify(token)).description).toContain("algorithm is not allowed");
  });

  it("refuses a token whose payload was altered after signing", async () => {
    const [h, p, s] = (await as.token({ aud: RESOURCE })).split(".") as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
    const forged = base64url.encode(JSON.stringify({ ...claims, sub: "admin" }));
    expect(refusalOf(await verifier.verify(`${h}.${forged}.${s}`)).description).toContain("signature is not valid");
  });

  it("never reuses a validated token past its exp", async () => {
    let t = Date.now();
    const clocked = await createOAuthVerifier(settingsFor(as), { now: () => t });
    const token = await as.token({ aud: RESOURCE, expiresIn: 20 });
    expect((await clocked.verify(token)).ok).toBe(true);
    t += 10_000;
    expect((await clocked.verify(token)).ok).toBe(true);
    t += 60_000;
    expect(refusalOf(await clocked.verify(token)).description).toContain("expired");
  });

  it("refuses an opaque token when no introspection endpoint is configured", async () => {
    expect(refusalOf(await verifier.verify("opaque-token-value")).description).toContain("not a JWT");
  });

  it("picks up a rotated key on the first token that names it", async () => {
    const before = verifier.keys.fetches;
    const kid = await as.rotate();
    const r = await verifier.verify(await as.token({ aud: RESOURCE, kid }));
    expect(r.ok).toBe(true);
    expect(verifier.keys.fetches).toBe(before + 1);
  });

  it("answers insufficient_scope naming the required scopes", async () => {
    const strict = await createOAuthVerifier(settingsFor(as, { requiredScopes: ["mcp:eval", "mcp:admin"] }));
    const refusal = refusalOf(await strict.verify(await as.token({ aud: RESOURCE, scope: "mcp:eval" })));
    expect(refusal).toMatchObject({ kind: "insufficient_scope", scope: "mcp:eval mcp:admin" });
    expect(refusal.description).toContain("mcp:admin");
    expect((await strict.verify(await as.token({ aud: RESOURCE, scope: "mcp:admin mcp:eval" }))).ok).toBe(true);
  });

  it("narrows upstreams by the scope map", async () => {
    const scopeMap = new Map<string, readonly string[] | "*">([
      ["files:read", ["fs"]],
      ["tickets", ["jira", "fs"]],
      ["all", "*"],
    ]);
    const mapped = await createOAuthVerifier(settingsFor(as, { scopeMap }));
    const upstreamsOf = async (scope: string) => {
      const r = await mapped.verify(await as.token({ aud: RESOURCE, scope }));
      return r.ok ? r.principal.upstreams : "refused";
    };
    expect(await upstreamsOf("files:read")).toEqual(["fs"]);
    expect(await upstreamsOf("tickets files:read")).toEqual(["fs", "jira"]);
    expect(await upstreamsOf("unmapped")).toEqual([]);
    expect(await upstreamsOf("files:read all")).toBeNull();
  });

  it("introspects opaque tokens, checks aud and caches the answer", async () => {
    let answer: Record<string, unknown> = { active: true, sub: "bob", client_id: "svc", aud: RESOURCE, scope: "a b" };
    let calls = 0;
    as.server.service.on("beforeIntrospect", (response) => {
      calls++;
      response.body = answer;
    });
    const intro = await createOAuthVerifier(
      settingsFor(as, {
        introspection: { url: `${as.issuer}/introspect`, clientId: "ptc-mcp", clientSecret: "rs-secret" },
      }),
    );
    expect(await intro.verify("opaque-1")).toMatchObject({
      ok: true,
      principal: { owner: "oauth:bob", scopes: ["a", "b"] },
    });
    expect((await intro.verify("opaque-1")).ok).toBe(true);
    expect(calls).toBe(1);
    answer = { active: false };
    expect(refusalOf(await intro.verify("opaque-2")).description).toContain("not active");
    answer = { active: true, sub: "bob", aud: "https://other.example" };
    expect(refusalOf(await intro.verify("opaque-3")).description).toContain("not issued for this resource");
    as.server.service.removeAllListeners("beforeIntrospect");
  });

  it("stops the boot when the issuer publishes no metadata", async () => {
    const bogus = settingsFor(as, { issuer: `${as.issuer}/nowhere` });
    await expect(createOAuthVerifier(bogus)).rejects.toThrow("no authorization server metadata");
  });
});
