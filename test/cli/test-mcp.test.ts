/**
 * `ptc-mcp test mcp <url>` on the compiled binary against `ptc-mcp start --http`, with mcpctl's exit
 * codes: pass (0), auth and transport failures (1), contract failure (2), bad usage (64); JSON report.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { BINARY, dataDir, type RunningServer, STATIC_TOKEN, startServer } from "../e2e/http-server.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(dataDir(), ["--http-auth-token", STATIC_TOKEN]);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(BINARY, ["test", "mcp", ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
    timeout: 55_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("ptc-mcp test mcp", () => {
  it("passes with health, connect, the expected tools and a successful call", () => {
    const r = run([
      server.url,
      "--token",
      STATIC_TOKEN,
      "--expect-tools",
      "lisp_eval",
      "--tool",
      "lisp_eval",
      "--args",
      '{"program":"(* 6 7)"}',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("ok   tools/call lisp_eval: 42");
    expect(r.out).toEndWith("PASS\n");
  });

  it("reads the token from PTC_RUNNER_MCP_HTTP_AUTH_TOKEN and reports JSON as a 2026-07-28 client", () => {
    const r = run([server.url, "--protocol", "2026-07-28", "-o", "json"], {
      PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: STATIC_TOKEN,
    });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { pass: boolean; steps: Array<{ step: string; detail: string }> };
    expect(report.pass).toBe(true);
    expect(report.steps.find((s) => s.step === "connect")?.detail).toContain("2026-07-28");
  });

  it("exits 2 when an expected tool is missing or the call answers isError", () => {
    expect(run([server.url, "--token", STATIC_TOKEN, "--expect-tools", "lisp_eval,nope"])).toMatchObject({
      code: 2,
      out: expect.stringContaining("missing nope"),
    });
    expect(run([server.url, "--token", STATIC_TOKEN, "--tool", "lisp_eval", "--args", '{"program":"(+ 1"}']).code).toBe(
      2,
    );
  });

  it("exits 1 on a refused token or an unreachable server, and 64 on bad usage", () => {
    expect(run([server.url, "--token", "not-the-token-not-the-token-not-the-token"])).toMatchObject({
      code: 1,
      out: expect.stringContaining("FAIL connect"),
    });
    expect(run(["http://127.0.0.1:1/mcp"]).code).toBe(1);
    expect(run([server.url, "--args", "[1]", "--tool", "x"]).code).toBe(64);
    expect(run([server.url, "--tokn", "x"])).toMatchObject({ code: 64, err: expect.stringContaining("--tokn") });
    expect(run([]).code).toBe(64);
    expect(run(["not a url"]).code).toBe(64);
  });
});
