/** requestLog on a bare Hono app with a capturing logger. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { shortHash } from "../../../../src/auth/index.ts";
import { requestLog } from "../../../../src/transports/http/middleware/request-log/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";
import { capturingLogger } from "./capture.ts";

describe("requestLog", () => {
  it("writes one line per request with the id, status and hashed owner, and echoes the id", async () => {
    const logger = capturingLogger();
    const done: number[] = [];
    const app = new Hono<HttpEnv>();
    app.use(requestLog({ logger, instance: "test-1", onDone: (r) => done.push(r.status) }));
    app.post("/mcp", (c) => {
      c.set("principal", { owner: "pat:42", kind: "named", tokenName: "ci", upstreams: null });
      c.set("rpcMethod", "tools/call");
      return c.text("ok", 202);
    });
    const res = await app.request("/mcp", { method: "POST", headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(done).toEqual([202]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: "info",
      event: "http_request",
      fields: {
        instance: "test-1",
        request_id: "abc-123",
        method: "POST",
        path: "/mcp",
        status: 202,
        owner_hash: shortHash("pat:42"),
        rpc_method: "tools/call",
      },
    });
    expect(JSON.stringify(logger.lines)).not.toContain("pat:42");
  });

  it("replaces a malformed request id with a fresh one", async () => {
    const app = new Hono<HttpEnv>();
    app.use(requestLog({ logger: capturingLogger(), instance: "i" }));
    app.get("/", (c) => c.text(c.get("requestId")));
    const res = await app.request("/", { headers: { "x-request-id": "bad id with spaces" } });
    const id = res.headers.get("x-request-id") as string;
    expect(id).not.toBe("bad id with spaces");
    expect(await res.text()).toBe(id);
  });

  it("requires a logger", () => {
    expect(() => requestLog({ instance: "i" } as never)).toThrow(/requires a logger/);
  });
});
