import { afterEach, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AuthError,
  createAuthenticator,
  createOwnerScope,
  createRedactor,
  createTokenService,
  digestsEqual,
  generateToken,
  parseTtl,
  parseUpstreams,
  sha256Hex,
  TOKEN_PREFIX,
} from "../../src/auth/index.ts";
import { openStore, type Store } from "../../src/store/index.ts";

const dirs: string[] = [];
const stores: Store[] = [];
async function store(): Promise<Store> {
  const d = mkdtempSync(join(tmpdir(), "ptc-auth-"));
  dirs.push(d);
  const s = await openStore(d);
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const STATIC = "s".repeat(40);

describe("token format", () => {
  it("generates ptc_pat_ plus 32 random bytes, different every time", async () => {
    const a = generateToken();
    expect(a).toMatch(/^ptc_pat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
    expect(generateToken()).not.toBe(a);
  });

  it("compares digests only when both are equal-length hex", async () => {
    expect(digestsEqual(sha256Hex("a"), sha256Hex("a"))).toBe(true);
    expect(digestsEqual(sha256Hex("a"), sha256Hex("b"))).toBe(false);
    expect(digestsEqual("", "")).toBe(false);
    expect(digestsEqual("ab", "abcd")).toBe(false);
  });

  it("parses ttl durations and never, and rejects anything else", async () => {
    expect(parseTtl("30d")).toBe(30 * 86_400_000);
    expect(parseTtl("12h")).toBe(12 * 3_600_000);
    expect(parseTtl("never")).toBeNull();
    expect(() => parseTtl("30 days")).toThrow(AuthError);
    expect(() => parseTtl("0d")).toThrow(AuthError);
  });

  it("parses an upstream list, deduplicated, and rejects an empty one", async () => {
    expect(parseUpstreams("github, jira,github")).toEqual(["github", "jira"]);
    expect(() => parseUpstreams(" , ")).toThrow(AuthError);
    expect(() => parseUpstreams("a b")).toThrow(AuthError);
  });
});

describe("token service", () => {
  it("returns the raw token once and stores only its SHA-256", async () => {
    const s = await store();
    const { raw, record } = await createTokenService(s.tokens).create("ci", { ttlMs: 1000, upstreams: ["gh"] });
    expect(record.hash).toBe(sha256Hex(raw));
    expect(record.prefix).toBe(raw.slice(0, 12));
    expect(JSON.stringify(await s.tokens.list())).not.toContain(raw);
  });

  it("reports active, revoked and expired status by time", async () => {
    const s = await store();
    let t = 1_000;
    const svc = createTokenService(s.tokens, () => t);
    await svc.create("a", { ttlMs: 500 });
    await svc.create("b");
    await svc.revoke("b");
    expect((await svc.list()).map((x) => x.status)).toEqual(["active", "revoked"]);
    t = 1_500;
    expect((await svc.list()).map((x) => x.status)).toEqual(["expired", "revoked"]);
  });

  it("refuses a malformed name", async () => {
    const tokens = (await store()).tokens;
    await expect(createTokenService(tokens).create("no spaces")).rejects.toThrow(AuthError);
  });
});

describe("authenticator", () => {
  it("accepts the static token as owner static and refuses a missing or wrong one", async () => {
    const auth = createAuthenticator({ staticToken: STATIC, tokens: null });
    expect(await auth.authenticate(`Bearer ${STATIC}`)).toEqual({
      ok: true,
      principal: expect.objectContaining({ owner: "static" }),
    });
    expect(await auth.authenticate(undefined)).toEqual({ ok: false, reason: "missing" });
    expect(await auth.authenticate(`Basic ${STATIC}`)).toEqual({ ok: false, reason: "missing" });
    expect(await auth.authenticate(`Bearer ${STATIC}x`)).toEqual({ ok: false, reason: "invalid" });
  });

  it("makes each named token its own owner with its upstream scope", async () => {
    const s = await store();
    const svc = createTokenService(s.tokens);
    const a = await svc.create("a", { upstreams: ["gh"] });
    const b = await svc.create("b");
    const auth = createAuthenticator({ staticToken: null, tokens: s.tokens });
    const pa = await auth.authenticate(`Bearer ${a.raw}`);
    const pb = await auth.authenticate(`bearer ${b.raw}`);
    expect(pa).toEqual({
      ok: true,
      principal: { owner: `pat:${a.record.id}`, kind: "named", tokenName: "a", upstreams: ["gh"] },
    });
    expect(pb.ok && pb.principal.owner).toBe(`pat:${b.record.id}`);
  });

  it("refuses a named token on the first request after revocation or expiry", async () => {
    const s = await store();
    let t = 10_000;
    const svc = createTokenService(s.tokens, () => t);
    const r = await svc.create("r");
    const e = await svc.create("e", { ttlMs: 1_000 });
    const auth = createAuthenticator({ staticToken: null, tokens: s.tokens, now: () => t });
    expect((await auth.authenticate(`Bearer ${r.raw}`)).ok).toBe(true);
    await svc.revoke("r");
    expect(await auth.authenticate(`Bearer ${r.raw}`)).toEqual({ ok: false, reason: "revoked" });
    expect((await auth.authenticate(`Bearer ${e.raw}`)).ok).toBe(true);
    t = 11_000;
    expect(await auth.authenticate(`Bearer ${e.raw}`)).toEqual({ ok: false, reason: "expired" });
    await svc.remove("r");
    expect(await auth.authenticate(`Bearer ${r.raw}`)).toEqual({ ok: false, reason: "invalid" });
  });

  it("records last use at most once per interval", async () => {
    const s = await store();
    let t = 5_000;
    const { raw } = await createTokenService(s.tokens, () => t).create("u");
    const auth = createAuthenticator({ staticToken: null, tokens: s.tokens, now: () => t, touchIntervalMs: 1000 });
    await auth.authenticate(`Bearer ${raw}`);
    t = 5_500;
    await auth.authenticate(`Bearer ${raw}`);
    expect((await s.tokens.findByName("u"))?.lastUsedAt).toBe(5_000);
    t = 6_000;
    await auth.authenticate(`Bearer ${raw}`);
    expect((await s.tokens.findByName("u"))?.lastUsedAt).toBe(6_000);
  });

  it("lets everyone in as anonymous when disabled", async () => {
    const auth = createAuthenticator({ staticToken: null, tokens: null, disabled: true });
    expect(auth.enabled).toBe(false);
    expect(await auth.authenticate(undefined)).toEqual({
      ok: true,
      principal: expect.objectContaining({ owner: "anonymous" }),
    });
  });
});

describe("owner scope", () => {
  it("returns a named token's upstreams, null for other owners, and [] for a deleted token", async () => {
    const s = await store();
    const svc = createTokenService(s.tokens);
    const a = await svc.create("a", { upstreams: ["gh", "jira"] });
    const b = await svc.create("b");
    const scope = createOwnerScope(s.tokens);
    expect(await scope(`pat:${a.record.id}`)).toEqual(["gh", "jira"]);
    expect(await scope(`pat:${b.record.id}`)).toBeNull();
    expect(await scope("static")).toBeNull();
    expect(await scope("anonymous")).toBeNull();
    await svc.remove("a");
    expect(await scope(`pat:${a.record.id}`)).toEqual([]);
  });
});

describe("redactor", () => {
  it("scrubs registered secrets and anything shaped like a named token", async () => {
    const r = createRedactor();
    r.register(STATIC);
    r.register("short");
    const tok = generateToken();
    expect(r.scrub(`a ${STATIC} b ${tok} c short`)).toBe("a [REDACTED] b [REDACTED] c short");
    r.unregister(STATIC);
    expect(r.scrub(STATIC)).toBe(STATIC);
  });
});
