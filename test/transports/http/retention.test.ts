import { afterEach, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuthRateLimiter } from "../../../src/auth/rate-limiter.ts";
import { silentLogger } from "../../../src/config/logger.ts";
import { openSqliteStore, type Store } from "../../../src/store/index.ts";
import { startRetention } from "../../../src/transports/http/retention.ts";

const HOUR = 3_600_000;
const stores: Array<{ store: Store; dir: string }> = [];
function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), "ptc-retention-"));
  const s = openSqliteStore(dir);
  stores.push({ store: s, dir });
  return s;
}
afterEach(async () => {
  for (const { store: s, dir } of stores.splice(0)) {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const row = (at: number, i: number) => ({
  at,
  instance: "test",
  requestId: `r${i}`,
  owner: "static",
  sessionHash: null,
  era: "legacy" as const,
  rpcMethod: "ping",
  tool: null,
  status: 200,
  durationMs: 1,
});

const policy = { auditMs: 24 * HOUR, closedSessionsMs: 24 * HOUR, authFailuresMs: 60_000 };
const limits = { enabled: true, windowMs: 60_000, maxFailures: 5, blockMs: 60_000 };

describe("state retention on a schedule", () => {
  it("prunes audit and failed-auth rows that appear after start, not only at start", async () => {
    const s = store();
    let t = 100 * HOUR;
    const limiter = createAuthRateLimiter(s.authFailures, limits, { now: () => t });
    const retention = startRetention({
      audit: s.audit,
      sessions: s.sessions,
      limiter,
      policy,
      intervalMs: 20,
      logger: silentLogger,
      now: () => t,
      batchRows: 7,
    });
    try {
      await Bun.sleep(30);
      // Written while the server runs: 30 rows and a failing peer, then time moves on.
      await s.audit.appendMany(Array.from({ length: 30 }, (_, i) => row(t, i)));
      await limiter.fail("203.0.113.9");
      expect(limiter.tracking).toBe(true);
      t += 25 * HOUR;
      await s.audit.append(row(t, 99));
      const end = Date.now() + 5000;
      while (((await s.audit.recent(100)).length > 1 || (await s.authFailures.all()).length > 0) && Date.now() < end)
        await Bun.sleep(20);
      expect((await s.audit.recent(100)).map((r) => r.requestId)).toEqual(["r99"]);
      expect(await s.authFailures.all()).toEqual([]);
      expect(limiter.tracking).toBe(false);
    } finally {
      retention.stop();
    }
  });

  it("keeps failed-auth state while its block still runs", async () => {
    const s = store();
    const t = 100 * HOUR;
    const limiter = createAuthRateLimiter(s.authFailures, limits, { now: () => t });
    for (let i = 0; i < 6; i++) await limiter.fail("203.0.113.7");
    const retention = startRetention({
      audit: s.audit,
      sessions: s.sessions,
      limiter,
      policy,
      intervalMs: 1000,
      logger: silentLogger,
      now: () => t + 30_000,
    });
    try {
      await retention.sweep();
      expect((await limiter.check("203.0.113.7")).blocked).toBe(true);
      expect(await s.authFailures.all()).toHaveLength(1);
    } finally {
      retention.stop();
    }
  });
});
