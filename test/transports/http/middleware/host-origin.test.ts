/** hostOrigin (DNS-rebinding defence) on a bare Hono app. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { hostOrigin } from "../../../../src/transports/http/middleware/host-origin/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";

function app(loopback: boolean) {
  const rejected: string[] = [];
  const a = new Hono<HttpEnv>();
  a.use(hostOrigin({ loopback, allowedOrigins: ["https://app.example"], onReject: (w) => rejected.push(w) }));
  a.post("/mcp", (c) => c.text("ok"));
  const request = (headers: Record<string, string>) =>
    a.request("http://127.0.0.1:7332/mcp", { method: "POST", headers });
  return { rejected, request };
}

describe("hostOrigin", () => {
  it("on a loopback bind accepts loopback hosts and origins and refuses others with 403", async () => {
    const { rejected, request } = app(true);
    expect((await request({ host: "localhost:7332" })).status).toBe(200);
    expect((await request({ host: "[::1]:7332", origin: "http://127.0.0.1:3000" })).status).toBe(200);
    expect((await request({ host: "evil.example" })).status).toBe(403);
    expect((await request({ host: "localhost", origin: "https://evil.example" })).status).toBe(403);
    expect((await request({ host: "localhost", origin: "null" })).status).toBe(403);
    expect(rejected).toEqual(["host", "origin", "origin"]);
  });

  it("on a public bind accepts any host, no origin or an allowed origin only", async () => {
    const { request } = app(false);
    expect((await request({ host: "mcp.example" })).status).toBe(200);
    expect((await request({ host: "mcp.example", origin: "https://APP.example" })).status).toBe(200);
    expect((await request({ host: "mcp.example", origin: "http://localhost" })).status).toBe(403);
  });
});
