/**
 * The size caps of the upstream transports, applied to raw bytes before anything is decoded: the
 * stdio transport skips an oversized line and fails only the request it answered; the HTTP fetch
 * reads a POST body up to the cap and answers its requests with the same error instead.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { parseUpstreamsConfig } from "../../src/upstream/config/load.ts";
import type { HttpUpstreamSpec, StdioUpstreamSpec } from "../../src/upstream/config/types.ts";
import { CredentialVault } from "../../src/upstream/credentials.ts";
import { McpUpstream } from "../../src/upstream/mcp/client.ts";
import { idFromEnds } from "../../src/upstream/mcp/oversize.ts";
import { Redactor } from "../../src/upstream/redact.ts";
import { type HttpFixture, startHttpFixture, stdioFixture } from "../fixtures/upstreams.ts";

function upstream(entry: Record<string, unknown>, maxResponseBytes: number): McpUpstream {
  const { config, literals } = parseUpstreamsConfig({ upstreams: { fx: entry } }, { env: process.env, source: "test" });
  const redactor = new Redactor();
  return new McpUpstream({
    spec: config.upstreams.fx as StdioUpstreamSpec | HttpUpstreamSpec,
    vault: CredentialVault.resolve(config.credentials, literals, {}, redactor),
    redactor,
    env: process.env,
    maxResponseBytes,
    connectTimeoutMs: 60_000,
    clientInfo: { name: "test", version: "0" },
  });
}

describe("finding the id of an oversized message from its ends", () => {
  it("reads the id at the start or at the end, never one nested in the payload", () => {
    expect(idFromEnds('{"jsonrpc":"2.0","id":7,"result":{"content":', "xx")).toBe(7);
    expect(idFromEnds('{"result":{"id":99,"content":', 'xxx"}]},"jsonrpc":"2.0","id":12}')).toBe(12);
    expect(idFromEnds('{"result":{"id":99', 'x","id":5}}')).toBe(null);
    expect(idFromEnds('{"id":"req-1","jsonrpc":"2.0","result":', "}")).toBe("req-1");
  });
});

describe("stdio size cap", () => {
  const fx = upstream(stdioFixture(), 4096);
  afterAll(() => fx.close());

  it("fails only the oversized answer among concurrent calls and keeps the connection", async () => {
    const [small, big, other] = await Promise.all([
      fx.call("echo", { text: "a" }, 5000),
      fx.call("big", { bytes: 50_000 }, 5000),
      fx.call("big", { bytes: 1000 }, 5000),
    ]);
    expect(small).toMatchObject({ ok: true, value: { value: "echo: a" } });
    expect(big).toMatchObject({ ok: false, reason: "response_too_large", bytes: 50_073 });
    expect(other).toMatchObject({ ok: true, value: { value_kind: "text" } });
    expect(await fx.call("echo", { text: "still up" }, 5000)).toMatchObject({ ok: true });
  });
});

describe("HTTP size cap", () => {
  let http: HttpFixture;
  let fx: McpUpstream;
  beforeAll(async () => {
    http = await startHttpFixture();
    fx = upstream({ transport: "mcp_http", url: http.url, allow_insecure_http: true }, 4096);
  });
  afterAll(async () => {
    await fx.close();
    http.stop();
  });

  it("answers an oversized body with response_too_large and keeps serving", async () => {
    expect(await fx.call("big", { bytes: 50_000 }, 5000)).toMatchObject({ ok: false, reason: "response_too_large" });
    expect(await fx.call("echo", { text: "b" }, 5000)).toMatchObject({ ok: true, value: { value: "echo: b" } });
  });
});
