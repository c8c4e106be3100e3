import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { BINARY, requireBinary } from "../e2e/helpers.ts";

const run = (args: string[], env: Record<string, string> = {}) => {
  requireBinary();
  const r = spawnSync(BINARY, ["viewer", ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { code: r.status, err: r.stderr };
};

describe("ptc-mcp viewer boot rules", () => {
  it("needs a trace directory", () => {
    const r = run([], { PTC_RUNNER_MCP_TRACE_DIR: "" });
    expect(r.code).toBe(2);
    expect(r.err).toContain("--trace-dir");
  });

  it("refuses a non-loopback bind without --http-allow-unsafe-network", () => {
    const r = run(["--trace-dir", "/tmp", "--host", "0.0.0.0"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--http-allow-unsafe-network");
  });

  it("refuses a non-loopback bind without a bearer token", () => {
    const r = run(["--trace-dir", "/tmp", "--host", "0.0.0.0", "--http-allow-unsafe-network"], {
      PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: "",
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain("bearer token");
  });

  it("names the flag of a bad port", () => {
    const r = run(["--trace-dir", "/tmp", "--port", "http"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--port");
  });
});
