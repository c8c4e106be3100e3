import { afterEach, describe, expect, it } from "bun:test";
import { type Harness, harness, INITIALIZE, mcpHeaders, STATIC_TOKEN } from "./helpers.ts";

let h: Harness;
afterEach(() => h.close());

const post = (bearer: string | null, extra: Record<string, string> = {}, peer?: string) =>
  h.fetch("/mcp", { method: "POST", headers: mcpHeaders(bearer, extra), body: JSON.stringify(INITIALIZE) }, peer);

describe("bearer auth", () => {
  it("answers 401 with a Bearer challenge when the token is missing or wrong", async () => {
    h = harness();
    const missing = await post(null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="ptc-mcp"');
    const wrong = await post("x".repeat(40));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await wrong.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32000 } });
  });

  it("accepts the static token and a named token", async () => {
    h = harness();
    expect((await post(STATIC_TOKEN)).status).toBe(200);
    expect((await post(await h.token("ci"))).status).toBe(200);
  });

  it("refuses a named token on the next request after revocation or expiry", async () => {
    h = harness();
    const revoked = await h.token("r");
    const expiring = await h.token("e", 1_000);
    expect((await post(revoked)).status).toBe(200);
    await h.store.tokens.revoke("r", h.clock);
    expect((await post(revoked)).status).toBe(401);
    expect((await post(expiring)).status).toBe(200);
    h.clock += 1_000;
    expect((await post(expiring)).status).toBe(401);
  });
});

describe("failed-auth rate limiting", () => {
  it("answers the 6th bad attempt with 429, Retry-After and no challenge, and keeps the source blocked", async () => {
    h = harness();
    for (let i = 0; i < 5; i++) expect((await post(i % 2 ? null : "bad-token")).status).toBe(401);
    const sixth = await post("bad-token");
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("retry-after")).toBe("60");
    expect(sixth.headers.get("www-authenticate")).toBeNull();
    const valid = await post(STATIC_TOKEN);
    expect(valid.status).toBe(429);
    expect(valid.headers.get("www-authenticate")).toBeNull();
    expect((await post(STATIC_TOKEN, {}, "192.0.2.99")).status).toBe(200);
    h.clock += 60_000;
    expect((await post(STATIC_TOKEN)).status).toBe(200);
  });

  it("resets the count after a successful authentication", async () => {
    h = harness();
    for (let i = 0; i < 5; i++) await post("bad-token");
    expect((await post(STATIC_TOKEN)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await post("bad-token")).status).toBe(401);
  });

  it("ignores X-Forwarded-For: the peer address is the source", async () => {
    h = harness();
    for (let i = 0; i < 6; i++) await post("bad-token", { "x-forwarded-for": `198.51.100.${i}` });
    expect((await post(STATIC_TOKEN, { "x-forwarded-for": "198.51.100.77" })).status).toBe(429);
  });

  it("does not count Host or Origin rejections", async () => {
    h = harness();
    for (let i = 0; i < 10; i++) {
      expect((await post("bad-token", { host: "evil.example" })).status).toBe(403);
      expect((await post(null, { origin: "https://evil.example" })).status).toBe(403);
    }
    for (let i = 0; i < 5; i++) expect((await post("bad-token")).status).toBe(401);
  });

  it("is off when --http-auth-rate-limit is false", async () => {
    h = harness({ rateLimit: { enabled: false, windowMs: 60_000, maxFailures: 5, blockMs: 60_000 } });
    for (let i = 0; i < 8; i++) expect((await post("bad-token")).status).toBe(401);
  });
});

describe("Host and Origin checks", () => {
  it("refuses a non-loopback Host on a loopback bind, any port accepted for loopback names", async () => {
    h = harness();
    expect((await post(STATIC_TOKEN, { host: "evil.example:7332" })).status).toBe(403);
    expect((await post(STATIC_TOKEN, { host: "10.0.0.1" })).status).toBe(403);
    for (const host of ["localhost:1", "127.0.0.1", "[::1]:7332"])
      expect((await post(STATIC_TOKEN, { host })).status).toBe(200);
  });

  it("accepts a missing or loopback Origin and refuses a foreign or null one", async () => {
    h = harness();
    expect((await post(STATIC_TOKEN, { origin: "http://localhost:3000" })).status).toBe(200);
    expect((await post(STATIC_TOKEN, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(STATIC_TOKEN, { origin: "null" })).status).toBe(403);
  });

  it("admits exactly the --http-allowed-origin values on a non-loopback bind", async () => {
    h = harness({ loopback: false, host: "10.0.0.5", allowedOrigins: ["https://app.example"] });
    expect((await post(STATIC_TOKEN, { host: "mcp.internal", origin: "https://app.example" })).status).toBe(200);
    expect((await post(STATIC_TOKEN, { host: "mcp.internal", origin: "https://app.example:8443" })).status).toBe(403);
    expect((await post(STATIC_TOKEN, { host: "mcp.internal", origin: "http://localhost" })).status).toBe(403);
    expect((await post(STATIC_TOKEN, { host: "mcp.internal" })).status).toBe(200);
  });
});
