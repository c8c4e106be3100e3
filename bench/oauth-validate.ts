/**
 * What checking the bearer costs per request, in process (`bun bench/oauth-validate.ts [--quick]`):
 * the static token (one SHA-256 and a constant-time compare) as the baseline, a named token (plus
 * one SQLite lookup), and an OAuth access token validated locally against the cached JWKS (RS256
 * and ES256 signature checks with jose, and a reused token found in the validated-token cache) or
 * by RFC 7662 introspection (cache hit, and a miss: one loopback HTTP round
 * trip to a real authorization server, oauth2-mock-server). Variants are sampled round-robin so
 * machine noise hits all alike; compare the ratios, not the µs, across machines.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OAuth2Server } from "oauth2-mock-server";
import { createAuthenticator } from "../src/auth/authenticator.ts";
import { createOAuthVerifier } from "../src/auth/oauth/verifier.ts";
import { createTokenService } from "../src/auth/tokens.ts";
import type { OAuthSettings } from "../src/config/oauth-settings.ts";
import { openStore } from "../src/store/index.ts";

const RESOURCE = "http://127.0.0.1:7332/mcp";
const STATIC = "bench-static-token-0123456789abcdefghij";

/** One variant: an async check that must succeed. */
interface Variant {
  readonly name: string;
  readonly check: () => Promise<boolean> | boolean;
}

/** Per-op medians in µs, sampled in `rounds` round-robin rounds of `batch` ops. */
async function sample(variants: Variant[], rounds: number, batch: (v: Variant) => number) {
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) if (!(await v.check())) throw new Error(`${v.name}: the check failed`);
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const n = batch(v);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await v.check();
      times.get(v.name)?.push(((performance.now() - t0) * 1000) / n);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return variants.map((v) => ({ name: v.name, us: median(times.get(v.name) ?? []) }));
}

/** Runs the benchmark; returns per-op medians (µs) with the ratio to the static-token baseline. */
export async function oauthValidate(quick = false) {
  const as = new OAuth2Server();
  const rsa = await as.issuer.keys.generate("RS256");
  const ec = await as.issuer.keys.generate("ES256");
  await as.start(0, "127.0.0.1");
  as.issuer.url = `http://127.0.0.1:${as.address().port}`;
  as.service.on("beforeIntrospect", (response) => {
    response.body = { active: true, sub: "bench", client_id: "bench", aud: RESOURCE, scope: "mcp" };
  });
  const dir = mkdtempSync(join(tmpdir(), "ptc-bench-oauth-"));
  const store = await openStore(dir);
  try {
    const settings: OAuthSettings = {
      issuer: as.issuer.url,
      resource: RESOURCE,
      audience: RESOURCE,
      jwksUrl: null,
      introspection: { url: `${as.issuer.url}/introspect`, clientId: "rs", clientSecret: "rs-secret" },
      requiredScopes: [],
      scopeMap: null,
      only: false,
      allowInsecure: false,
      jwksRefreshIntervalMs: 30_000,
    };
    const verifier = await createOAuthVerifier(settings);
    const uncached = await createOAuthVerifier(settings, { introspectionCacheTtlMs: 0, jwtCacheTtlMs: 0 });
    const token = (kid: string) =>
      as.issuer.buildToken({
        kid,
        scopesOrTransform: (header, payload) => {
          header.typ = "at+jwt";
          Object.assign(payload, { aud: RESOURCE, sub: "bench", client_id: "bench", scope: "mcp" });
        },
      });
    const rsToken = await token(rsa.kid as string);
    const esToken = await token(ec.kid as string);
    const authenticator = createAuthenticator({ staticToken: STATIC, tokens: store.tokens });
    const named = `Bearer ${(await createTokenService(store.tokens).create("bench")).raw}`;
    const ok = async (p: Promise<{ ok: boolean }>) => (await p).ok;
    const variants: Variant[] = [
      { name: "static token", check: () => ok(authenticator.authenticate(`Bearer ${STATIC}`)) },
      { name: "named token (SQLite)", check: () => ok(authenticator.authenticate(named)) },
      { name: "JWT RS256, signature checked", check: () => ok(uncached.verify(rsToken)) },
      { name: "JWT ES256, signature checked", check: () => ok(uncached.verify(esToken)) },
      { name: "JWT, validated-token cache hit", check: () => ok(verifier.verify(rsToken)) },
      { name: "introspection, cache hit", check: () => ok(verifier.verify("opaque-bench-token")) },
      { name: "introspection, miss (loopback)", check: () => ok(uncached.verify("opaque-bench-token")) },
    ];
    const slow = new Set(["introspection, miss (loopback)"]);
    const rows = await sample(variants, quick ? 3 : 7, (v) => (slow.has(v.name) ? 50 : quick ? 300 : 1000));
    const base = rows[0]?.us ?? 1;
    return rows.map((r) => ({ ...r, ratio: r.us / base }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await as.stop();
  }
}

if (import.meta.main) {
  const rows = await oauthValidate(process.argv.includes("--quick"));
  console.log("bearer check per request (median µs per op, ratio to the static token)");
  for (const r of rows)
    console.log(`${r.name.padEnd(32)} ${r.us.toFixed(1).padStart(9)} µs  ×${r.ratio.toFixed(1).padStart(7)}`);
}
