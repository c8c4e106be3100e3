/** bearerAuth on a bare Hono app with a fake authenticator. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import type { Authenticator } from "../../../../src/auth/index.ts";
import { StoreError } from "../../../../src/store/index.ts";
import { bearerAuth } from "../../../../src/transports/http/middleware/bearer-auth/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";

const authenticator: Authenticator = {
  enabled: true,
  authenticate: async (header) =>
    header === "Bearer good"
      ? { ok: true, principal: { owner: "static", kind: "static", tokenName: null, upstreams: null } }
      : { ok: false, reason: header ? "invalid" : "missing" },
};

function app() {
  const failures: string[] = [];
  const a = new Hono<HttpEnv>();
  a.use(bearerAuth({ authenticator, onFailure: (r) => failures.push(r) }));
  a.get("/", (c) => c.text(`owner ${c.get("principal").owner}`));
  return { failures, request: (auth?: string) => a.request("/", { headers: auth ? { authorization: auth } : {} }) };
}

describe("bearerAuth", () => {
  it("sets the principal and runs the handler for a valid token", async () => {
    const res = await app().request("Bearer good");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("owner static");
  });

  it("answers 401 with a challenge, naming invalid_token only when a token was sent", async () => {
    const { failures, request } = app();
    const missing = await request();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="ptc-mcp"');
    const bad = await request("Bearer nope");
    expect(bad.headers.get("www-authenticate")).toBe('Bearer realm="ptc-mcp", error="invalid_token"');
    expect(await bad.json()).toMatchObject({ error: { message: "Unauthorized: the bearer token is not valid" } });
    expect(failures).toEqual(["missing", "invalid"]);
  });

  it("answers 503 store_unavailable at once, not a 401, when the token store cannot be read", async () => {
    const down: Authenticator = {
      enabled: true,
      authenticate: async () => {
        throw new StoreError("unavailable", "store_unavailable: connection refused");
      },
    };
    const failures: string[] = [];
    const a = new Hono<HttpEnv>();
    a.use(bearerAuth({ authenticator: down, onFailure: (r) => failures.push(r) }));
    a.get("/", (c) => c.text("ran"));
    const res = await a.request("/", { headers: { authorization: "Bearer ptc_pat_x" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toMatchObject({ error: { data: { reason: "store_unavailable" } } });
    expect(failures).toEqual([]);
  });

  it("requires an authenticator", () => {
    expect(() => bearerAuth({} as never)).toThrow(/requires an "authenticator"/);
  });
});
