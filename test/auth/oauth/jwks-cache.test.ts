/**
 * The JWKS cache on an injected clock and fetch: lifetimes from `Cache-Control`/`Expires`, the
 * rate bound on refreshes that unknown `kid`s trigger, and stale-if-error.
 */

import { describe, expect, it } from "bun:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { cacheLifetimeMs, createJwksCache } from "../../../src/auth/oauth/jwks-cache.ts";
import { verifyJwtAccessToken } from "../../../src/auth/oauth/jwt-access-token.ts";

const ISS = "https://issuer.example";
const AUD = "https://mcp.example/mcp";

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

function sign(key: Awaited<ReturnType<typeof keyPair>>, kid = key.kid) {
  return new SignJWT({ sub: "alice" })
    .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setExpirationTime("1h")
    .sign(key.privateKey);
}

/** A JWKS endpoint whose keys, headers and availability the test controls. */
function endpoint(keys: object[], headers: Record<string, string> = {}) {
  const state = { keys, headers, fail: false, calls: 0 };
  const fetch = async () => {
    state.calls++;
    if (state.fail) return new Response("down", { status: 503 });
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers: state.headers });
  };
  return { state, fetch };
}

describe("JWKS cache", () => {
  it("reads lifetimes from Cache-Control and Expires", () => {
    expect(cacheLifetimeMs(new Headers({ "cache-control": "public, max-age=120" }), 0)).toBe(120_000);
    expect(cacheLifetimeMs(new Headers({ "cache-control": "no-store" }), 0)).toBe(0);
    expect(cacheLifetimeMs(new Headers({ expires: new Date(90_000).toUTCString() }), 0)).toBe(90_000);
    expect(cacheLifetimeMs(new Headers(), 0)).toBeNull();
  });

  it("keeps a set for its max-age and refetches once it is stale", async () => {
    const key = await keyPair("k1");
    const { state, fetch } = endpoint([key.jwk], { "cache-control": "max-age=120" });
    let t = 1_000_000;
    const keys = createJwksCache({ url: "https://issuer.example/jwks", fetch, now: () => t, minRefreshMs: 1000 });
    const check = { issuer: ISS, audience: AUD, keys, now: () => t };
    const token = await sign(key);
    expect((await verifyJwtAccessToken(token, check)).ok).toBe(true);
    t += 119_000;
    expect((await verifyJwtAccessToken(token, check)).ok).toBe(true);
    expect(state.calls).toBe(1);
    t += 2000;
    expect((await verifyJwtAccessToken(token, check)).ok).toBe(true);
    expect(state.calls).toBe(2);
  });

  it("refreshes for an unknown kid at most once per interval", async () => {
    const key = await keyPair("k1");
    const { state, fetch } = endpoint([key.jwk]);
    let t = 1_000_000;
    const keys = createJwksCache({ url: "https://issuer.example/jwks", fetch, now: () => t, minRefreshMs: 30_000 });
    const check = { issuer: ISS, audience: AUD, keys, now: () => t };
    await keys.ensure();
    t += 30_000;
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => sign(key, `made-up-${i}`)));
    const outcomes = await Promise.all(made.map((tok) => verifyJwtAccessToken(tok, check)));
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    expect(state.calls).toBe(2);
    for (const tok of made) await verifyJwtAccessToken(tok, check);
    expect(state.calls).toBe(2);
    // A real rotation after the interval is picked up.
    const next = await keyPair("k2");
    state.keys = [key.jwk, next.jwk];
    t += 30_000;
    expect((await verifyJwtAccessToken(await sign(next), check)).ok).toBe(true);
    expect(state.calls).toBe(3);
  });

  it("keeps using the last set when a refresh fails", async () => {
    const key = await keyPair("k1");
    const { state, fetch } = endpoint([key.jwk], { "cache-control": "max-age=60" });
    let t = 1_000_000;
    const keys = createJwksCache({ url: "https://issuer.example/jwks", fetch, now: () => t, minRefreshMs: 1000 });
    const check = { issuer: ISS, audience: AUD, keys, now: () => t };
    const token = await sign(key);
    expect((await verifyJwtAccessToken(token, check)).ok).toBe(true);
    state.fail = true;
    t += 61_000;
    expect((await verifyJwtAccessToken(token, check)).ok).toBe(true);
    expect(state.calls).toBe(2);
  });

  it("reports the keys as unavailable when none could ever be fetched", async () => {
    const { state, fetch } = endpoint([]);
    state.fail = true;
    const keys = createJwksCache({ url: "https://issuer.example/jwks", fetch });
    const key = await keyPair("k1");
    const r = await verifyJwtAccessToken(await sign(key), { issuer: ISS, audience: AUD, keys });
    expect(r).toMatchObject({ ok: false, refusal: { kind: "unavailable" } });
  });
});
