/** drainGuard on a bare Hono app. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { drainGuard } from "../../../../src/transports/http/middleware/drain/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";

describe("drainGuard", () => {
  it("passes requests through until draining, then refuses them with 503 and Retry-After", async () => {
    const state = { draining: false };
    const app = new Hono<HttpEnv>();
    app.use(drainGuard(state));
    app.post("/mcp", (c) => c.text("served"));
    expect(await (await app.request("/mcp", { method: "POST" })).text()).toBe("served");
    state.draining = true;
    const refused = await app.request("/mcp", { method: "POST" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000, message: "server draining" } });
  });

  it("requires a drain state", () => {
    expect(() => drainGuard(undefined as never)).toThrow(/requires a drain state/);
  });
});
