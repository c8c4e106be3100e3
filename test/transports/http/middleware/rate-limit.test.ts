/** The failed-auth rate limiter on a bare Hono app: a fake limiter, a fake auth step, a capturing logger. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import type { AuthRateLimiter, RateLimitVerdict } from "../../../../src/auth/index.ts";
import { authRateLimit } from "../../../../src/transports/http/middleware/rate-limit/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";
import { capturingLogger } from "./capture.ts";

/** Blocks a source on its `limit`-th failure; records every call. */
function fakeLimiter(limit: number): AuthRateLimiter & { calls: string[] } {
  const failures = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    prune: async () => 0,
    get tracking() {
      return failures.size > 0;
    },
    async check(source): Promise<RateLimitVerdict> {
      calls.push(`check ${source}`);
      return (failures.get(source) ?? 0) >= limit
        ? { blocked: true, retryAfterSeconds: 60, justBlocked: false }
        : { blocked: false, known: failures.has(source) };
    },
    async fail(source): Promise<RateLimitVerdict> {
      calls.push(`fail ${source}`);
      const n = (failures.get(source) ?? 0) + 1;
      failures.set(source, n);
      return n >= limit ? { blocked: true, retryAfterSeconds: 60, justBlocked: true } : { blocked: false, known: true };
    },
    async succeed(source) {
      calls.push(`succeed ${source}`);
      failures.delete(source);
    },
  };
}

function appWith(limiter: AuthRateLimiter) {
  const logger = capturingLogger();
  const app = new Hono<HttpEnv>();
  app.use(async (c, next) => {
    c.set("requestId", "req-1");
    await next();
  });
  app.use(authRateLimit({ limiter, logger }));
  // Stands in for bearerAuth: `good` authenticates, anything else fails.
  app.use(async (c, next) => {
    if (c.req.header("authorization") === "good") {
      c.set("principal", { owner: "static", kind: "static", tokenName: null, upstreams: null });
      return next();
    }
    c.set("authFailure", "invalid");
    return c.text("unauthorized", 401);
  });
  app.get("/", (c) => c.text("ok"));
  const request = (auth: string, peer = "203.0.113.7") =>
    app.request("/", { headers: { authorization: auth } }, { peerOf: () => peer });
  return { logger, request };
}

describe("authRateLimit", () => {
  it("logs the source address when a source becomes blocked, and answers 429 with Retry-After", async () => {
    const { logger, request } = appWith(fakeLimiter(2));
    expect((await request("bad")).status).toBe(401);
    const blocked = await request("bad");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("60");
    expect(blocked.headers.get("www-authenticate")).toBe(null);
    expect(logger.lines).toEqual([
      {
        level: "warn",
        event: "http_auth_rate_limited",
        fields: { source: "203.0.113.7", retry_after_s: 60, request_id: "req-1" },
      },
    ]);
  });

  it("refuses a blocked source before checking its credentials, and only that source", async () => {
    const { request } = appWith(fakeLimiter(1));
    await request("bad");
    expect((await request("good")).status).toBe(429);
    expect((await request("good", "198.51.100.1")).status).toBe(200);
  });

  it("forgets a known source once it authenticates", async () => {
    const limiter = fakeLimiter(3);
    const { request } = appWith(limiter);
    await request("bad");
    expect((await request("good")).status).toBe(200);
    expect(limiter.calls.at(-1)).toBe("succeed 203.0.113.7");
  });

  it("requires a limiter", () => {
    expect(() => authRateLimit({ logger: capturingLogger() } as never)).toThrow(/requires a "limiter"/);
  });
});
