/** jsonBody on a bare Hono app: media type, size cap, read timeout and parsing. */

import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { jsonBody } from "../../../../src/transports/http/middleware/json-body/index.ts";
import type { HttpEnv } from "../../../../src/transports/http/types.ts";

function app(maxBytes = 64, readTimeoutMs = 30_000) {
  const a = new Hono<HttpEnv>();
  a.use(jsonBody({ maxBytes, readTimeoutMs }));
  a.post("/", (c) => c.json({ got: c.get("body") }));
  return (body: BodyInit, type = "application/json") =>
    a.request("/", { method: "POST", headers: { "content-type": type }, body });
}

describe("jsonBody", () => {
  it("parses a JSON body (also a +json type) into c.get('body')", async () => {
    expect(await (await app()('{"a":1}')).json()).toEqual({ got: { a: 1 } });
    expect((await app()("[1]", "application/vnd.x+json; charset=utf-8")).status).toBe(200);
  });

  it("refuses another media type with 415, bad JSON with a parse error, and a body over the cap with 413", async () => {
    expect((await app()("{}", "text/plain")).status).toBe(415);
    const bad = await app()("{nope");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
    expect((await app(8)('{"long":"value"}')).status).toBe(413);
  });

  it("answers 408 when the body does not arrive within the read timeout", async () => {
    // A stream that never ends: only the timer can finish the read.
    const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode("{")) });
    expect((await app(64, 50)(stalled)).status).toBe(408);
  });

  it("passes a body the pre-scan refused on unparsed, as bodyProblem", async () => {
    const a = new Hono<HttpEnv>();
    a.use(jsonBody({ maxBytes: 1 << 20, readTimeoutMs: 30_000 }));
    a.post("/", (c) => c.json({ got: c.get("body") ?? null, problem: c.get("bodyProblem") }));
    const deep = `{"id":5,"params":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await a.request("/", { method: "POST", headers: { "content-type": "application/json" }, body: deep });
    expect(await res.json()).toEqual({ got: null, problem: { kind: "depth", id: 5 } });
  });

  it("requires a positive maxBytes", () => {
    expect(() => jsonBody({ maxBytes: 0, readTimeoutMs: 1 })).toThrow(/positive "maxBytes"/);
  });
});
