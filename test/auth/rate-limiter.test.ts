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
function open(dir = mkdtempSync(join(tmpdir(), "ptc-rl-"))): Store {
  dirs.push(dir);
  const s = openStore(dir);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("failed-auth rate limiter", () => {
  it("blocks on the 6th failure in the window with a Retry-After of the block length", () => {
    let t = 0;
    const rl = createAuthRateLimiter(open().authFailures, POLICY, { now: () => t });
    for (let i = 1; i <= 5; i++) expect(rl.fail(IP)).toEqual({ blocked: false, known: true });
    expect(rl.fail(IP)).toEqual({ blocked: true, retryAfterSeconds: 30, justBlocked: true });
    t = 10_500;
    expect(rl.check(IP)).toEqual({ blocked: true, retryAfterSeconds: 20, justBlocked: false });
    expect(rl.check("10.9.9.9")).toEqual({ blocked: false, known: false });
  });

  it("blocks again on the next failure after the block ends while the window lasts", () => {
    let t = 0;
    const rl = createAuthRateLimiter(open().authFailures, POLICY, { now: () => t });
    for (let i = 0; i < 6; i++) rl.fail(IP);
    t = 31_000;
    expect(rl.check(IP).blocked).toBe(false);
    expect(rl.fail(IP).blocked).toBe(true);
    t = 61_000 + 30_000;
    expect(rl.fail(IP).blocked).toBe(false);
  });

  it("starts counting afresh once the window has passed", () => {
    let t = 0;
    const rl = createAuthRateLimiter(open().authFailures, POLICY, { now: () => t });
    for (let i = 0; i < 5; i++) rl.fail(IP);
    t = 60_000;
    for (let i = 0; i < 5; i++) expect(rl.fail(IP).blocked).toBe(false);
  });

  it("forgets a source after a success", () => {
    const rl = createAuthRateLimiter(open().authFailures, POLICY);
    for (let i = 0; i < 5; i++) rl.fail(IP);
    rl.succeed(IP);
    expect(rl.check(IP)).toEqual({ blocked: false, known: false });
    for (let i = 0; i < 5; i++) expect(rl.fail(IP).blocked).toBe(false);
  });

  it("keeps a block across a reopen of the store", () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-rl-"));
    const first = openStore(dir);
    const rl = createAuthRateLimiter(first.authFailures, POLICY);
    for (let i = 0; i < 6; i++) rl.fail(IP);
    first.close();
    expect(createAuthRateLimiter(open(dir).authFailures, POLICY).check(IP).blocked).toBe(true);
  });

  it("does nothing when disabled", () => {
    const rl = createAuthRateLimiter(open().authFailures, { ...POLICY, enabled: false });
    for (let i = 0; i < 20; i++) expect(rl.fail(IP).blocked).toBe(false);
  });

  it("fails open and reports when the store breaks", () => {
    const broken: AuthFailureRepo = {
      get() {
        throw new Error("disk gone");
      },
      all() {
        throw new Error("disk gone");
      },
      put() {
        throw new Error("disk gone");
      },
      clear() {},
      prune: () => 0,
    };
    const errors: string[] = [];
    const rl = createAuthRateLimiter(broken, POLICY, { onError: (e) => errors.push(e.message) });
    expect(rl.check(IP).blocked).toBe(false);
    expect(rl.fail(IP).blocked).toBe(false);
    expect(errors).toEqual(["disk gone", "disk gone"]);
  });
});
