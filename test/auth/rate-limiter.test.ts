import { afterEach, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuthRateLimiter, type RateLimitPolicy } from "../../src/auth/index.ts";
import type { AuthFailureRepo } from "../../src/store/index.ts";
import { openStore, type Store } from "../../src/store/index.ts";

const POLICY: RateLimitPolicy = { enabled: true, windowMs: 60_000, maxFailures: 5, blockMs: 30_000 };
const IP = "10.1.2.3";
const dirs: string[] = [];
const stores: Store[] = [];
async function open(dir = mkdtempSync(join(tmpdir(), "ptc-rl-"))): Promise<Store> {
  dirs.push(dir);
  const s = await openStore(dir);
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

for (const shared of [false, true]) {
  describe(`failed-auth rate limiter (${shared ? "shared store" : "memory mirror"})`, () => {
    it("blocks on the 6th failure in the window with a Retry-After of the block length", async () => {
      let t = 0;
      const rl = createAuthRateLimiter((await open()).authFailures, POLICY, { now: () => t, shared });
      for (let i = 1; i <= 5; i++) expect(await rl.fail(IP)).toEqual({ blocked: false, known: true });
      expect(await rl.fail(IP)).toEqual({ blocked: true, retryAfterSeconds: 30, justBlocked: true });
      t = 10_500;
      expect(await rl.check(IP)).toEqual({ blocked: true, retryAfterSeconds: 20, justBlocked: false });
      expect(await rl.check("10.9.9.9")).toEqual({ blocked: false, known: false });
    });

    it("blocks again on the next failure after the block ends while the window lasts", async () => {
      let t = 0;
      const rl = createAuthRateLimiter((await open()).authFailures, POLICY, { now: () => t, shared });
      for (let i = 0; i < 6; i++) await rl.fail(IP);
      t = 31_000;
      expect((await rl.check(IP)).blocked).toBe(false);
      expect((await rl.fail(IP)).blocked).toBe(true);
      t = 61_000 + 30_000;
      expect((await rl.fail(IP)).blocked).toBe(false);
    });

    it("starts counting afresh once the window has passed", async () => {
      let t = 0;
      const rl = createAuthRateLimiter((await open()).authFailures, POLICY, { now: () => t, shared });
      for (let i = 0; i < 5; i++) await rl.fail(IP);
      t = 60_000;
      for (let i = 0; i < 5; i++) expect((await rl.fail(IP)).blocked).toBe(false);
    });

    it("forgets a source after a success", async () => {
      const rl = createAuthRateLimiter((await open()).authFailures, POLICY, { shared });
      for (let i = 0; i < 5; i++) await rl.fail(IP);
      await rl.succeed(IP);
      expect(await rl.check(IP)).toEqual({ blocked: false, known: false });
      for (let i = 0; i < 5; i++) expect((await rl.fail(IP)).blocked).toBe(false);
    });

    it("keeps a block across a reopen of the store", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ptc-rl-"));
      const first = await openStore(dir);
      const rl = createAuthRateLimiter(first.authFailures, POLICY, { shared });
      for (let i = 0; i < 6; i++) await rl.fail(IP);
      await first.close();
      const again = createAuthRateLimiter((await open(dir)).authFailures, POLICY, { shared });
      expect((await again.check(IP)).blocked).toBe(true);
    });

    it("does nothing when disabled", async () => {
      const rl = createAuthRateLimiter((await open()).authFailures, { ...POLICY, enabled: false }, { shared });
      for (let i = 0; i < 20; i++) expect((await rl.fail(IP)).blocked).toBe(false);
    });
  });
}

describe("failed-auth rate limiter on a shared store", () => {
  it("sees a block another limiter on the same store earned", async () => {
    const s = await open();
    const a = createAuthRateLimiter(s.authFailures, POLICY, { shared: true });
    const b = createAuthRateLimiter(s.authFailures, POLICY, { shared: true });
    for (let i = 0; i < 3; i++) await a.fail(IP);
    for (let i = 0; i < 2; i++) expect((await b.fail(IP)).blocked).toBe(false);
    expect((await a.fail(IP)).blocked).toBe(true);
    expect((await b.check(IP)).blocked).toBe(true);
  });

  it("fails open and reports when the store breaks", async () => {
    const gone = async (): Promise<never> => {
      throw new Error("disk gone");
    };
    const broken: AuthFailureRepo = {
      get: gone,
      all: gone,
      put: gone,
      recordFailure: gone,
      clear: gone,
      prune: gone,
    };
    for (const shared of [false, true]) {
      const errors: string[] = [];
      const rl = createAuthRateLimiter(broken, POLICY, { onError: (e) => errors.push(e.message), shared });
      expect((await rl.check(IP)).blocked).toBe(false);
      expect((await rl.fail(IP)).blocked).toBe(false);
      expect(errors).toEqual(["disk gone", "disk gone"]);
    }
  });
});
