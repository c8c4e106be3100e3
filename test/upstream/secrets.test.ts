/**
 * Resolved credential values must never appear in config objects, call records, logs, catalog
 * text, discovery results, call results or errors — even when an upstream echoes them back, in a
 * tool result or in its tool list. The fixture upstream does both, and returns digests so the test
 * can still check that the right values were sent.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/config/logger.ts";
import { type ParsedUpstreams, parseUpstreamsConfig } from "../../src/upstream/config/load.ts";
import { UpstreamRuntime } from "../../src/upstream/runtime.ts";
import type { ProgramSession } from "../../src/upstream/session.ts";
import { type HttpFixture, startHttpFixture, stdioFixture } from "../fixtures/upstreams.ts";

const ENV_SECRET = "env-secret-Qx7vT2";
const FILE_SECRET = "file-secret-Lm9pR4";
const LITERAL_SECRET = "literal-user:literal-pass-Zk3";
const STDIO_SECRET = "stdio-secret-Hw5nB8";
const SECRETS = [ENV_SECRET, FILE_SECRET, LITERAL_SECRET, STDIO_SECRET, Buffer.from(LITERAL_SECRET).toString("base64")];

const sha256 = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest("hex");

function expectClean(text: string, where: string): void {
  for (const s of SECRETS)
    if (text.includes(s))
      throw new Error(
        `${where} leaks a secret: ${text.slice(Math.max(0, text.indexOf(s) - 400), text.indexOf(s) + 100)}`,
      );
}

describe("credentials never leak", () => {
  const dir = mkdtempSync(join(tmpdir(), "ptc-secrets-"));
  const logs: string[] = [];
  let http: HttpFixture;
  let parsed: ParsedUpstreams;
  let rt: UpstreamRuntime;
  let session: ProgramSession;

  beforeAll(async () => {
    http = await startHttpFixture();
    const file = join(dir, "token");
    writeFileSync(file, `${FILE_SECRET}\n`);
    const env = { ...process.env, TEST_ENV_SECRET: ENV_SECRET, TEST_STDIO_SECRET: STDIO_SECRET };
    const doc = {
      credentials: {
        pat: { source: "env", var: "TEST_ENV_SECRET" },
        key: { source: "file", path: file },
        pair: { source: "literal", value: LITERAL_SECRET },
      },
      upstreams: {
        bearer: {
          transport: "mcp_http",
          url: http.url,
          allow_insecure_http: true,
          allow_insecure_auth: true,
          auth: [
            { scheme: "bearer", binding: "pat" },
            { scheme: "custom_header", binding: "key", header: "X-Api-Token" },
          ],
        },
        basic: {
          transport: "mcp_http",
          url: http.url,
          allow_insecure_http: true,
          allow_insecure_auth: true,
          auth: [{ scheme: "basic", binding: "pair" }],
        },
        local: stdioFixture({ FIXTURE_SECRET: "${TEST_STDIO_SECRET}", FIXTURE_LEAK_IN_LIST: "1" }),
        noisy: {
          command: "/bin/sh",
          args: ["-c", 'echo "token is $LEAK" >&2; exit 1'],
          env: { LEAK: "${TEST_STDIO_SECRET}" },
        },
      },
    };
    parsed = parseUpstreamsConfig(doc, { env, source: "test" });
    rt = await UpstreamRuntime.start({
      parsed,
      env,
      mode: "live",
      maxResponseBytes: 1 << 20,
      callTimeoutMs: 5000,
      clientInfo: { name: "test", version: "0" },
      logger: createLogger("debug", (line) => logs.push(line)),
    });
    session = rt.session({ maxCalls: 50, maxCatalogOps: 50, maxCatalogResultBytes: 1 << 20, callTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await rt?.close();
    http?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends each credential as configured while the echoed values come back redacted", async () => {
    const whoami = async (server: string) => {
      const reply = (await session.handle("tool.call", { server, tool: "whoami", args: {} })) as {
        result: { value: Record<string, unknown> };
      };
      return reply.result.value as { secret: string; authorization: string; custom: string; digests: string[] };
    };
    const bearer = await whoami("bearer");
    expect(bearer.authorization).toBe("Bearer [REDACTED]");
    expect(bearer.custom).toBe("[REDACTED]");
    expect(bearer.digests.slice(1)).toEqual([sha256(`Bearer ${ENV_SECRET}`), sha256(FILE_SECRET)]);
    const basic = await whoami("basic");
    expect(basic.authorization).toBe("Basic [REDACTED]");
    expect(basic.digests[1]).toBe(sha256(`Basic ${Buffer.from(LITERAL_SECRET).toString("base64")}`));
    const local = await whoami("local");
    expect(local.secret).toBe("[REDACTED]");
    expect(local.digests[0]).toBe(sha256(STDIO_SECRET));
  });

  it("scrubs catalog text, discovery results, errors, the ledger and the logs", async () => {
    const outputs: unknown[] = [
      await session.handle("tool.servers", {}),
      await session.handle("catalog.dir", { server: "local", limit: 50, offset: 0 }),
      await session.handle("catalog.doc", { server: "local", tool: "whoami" }),
      await session.handle("catalog.meta", { server: "local", tool: "whoami" }),
      await session.handle("catalog.apropos", { query: "credential", limit: 50, load: true }),
      await session.handle("tool.call", { server: "noisy", tool: "x", args: {} }),
      rt.catalogText({ mode: "inline", maxTools: 100, maxChars: 100_000 }),
      session.calls,
    ];
    const dir = outputs[1] as { result: string[] };
    expect(dir.result).toContain("whoami - Echo the credential ([REDACTED])");
    const noisy = outputs[5] as { result: { reason: string; message: string } };
    expect(noisy.result.reason).toBe("upstream_unavailable");
    expect(noisy.result.message).toContain("token is [REDACTED]");
    outputs.forEach((o, i) => {
      expectClean(JSON.stringify(o), `output ${i}`);
    });
    expect(logs.length).toBeGreaterThan(0);
    expectClean(logs.join("\n"), "the log");
  });

  it("keeps resolved values out of the config, the runtime and its upstream objects", async () => {
    expectClean(JSON.stringify(parsed.config), "the config");
    expectClean(Bun.inspect(parsed), "the parsed config");
    // A fresh runtime, before any upstream answered: what it holds comes from us alone (once
    // connected, the SDK client also caches what the upstream sent, which the upstream may taint).
    const env = { ...process.env, TEST_ENV_SECRET: ENV_SECRET, TEST_STDIO_SECRET: STDIO_SECRET };
    const fresh = await UpstreamRuntime.start({
      parsed,
      env,
      mode: "live",
      maxResponseBytes: 1024,
      callTimeoutMs: 1000,
      clientInfo: { name: "t", version: "0" },
    });
    try {
      expectClean(Bun.inspect(fresh, { depth: 12 }), "the runtime");
    } finally {
      await fresh.close();
    }
  });
});
