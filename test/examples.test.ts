/**
 * Runs every sample program in examples/ through the compiled binary against examples/orders.json
 * and compares the output with the program's `;; => ...` comment.
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { httpSettings } from "../src/config/http-settings.ts";
import { loadConfig } from "../src/config/load.ts";

const ROOT = join(import.meta.dir, "..");
const EXAMPLES = join(ROOT, "examples");

describe("examples/*.clj", () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith(".clj"))) {
    it(`prints the documented result when ${file} runs over orders.json`, () => {
      const program = readFileSync(join(EXAMPLES, file), "utf8");
      const expected = /^;; => (.*)$/m.exec(program)?.[1];
      expect(expected).toBeDefined();
      const r = spawnSync(
        join(ROOT, "dist", "ptc-mcp"),
        ["eval", program, "--context", join(EXAMPLES, "orders.json")],
        { encoding: "utf8" },
      );
      expect({ code: r.status, out: r.stdout.trim(), err: r.stderr }).toEqual({
        code: 0,
        out: expected as string,
        err: "",
      });
    });
  }
});

describe("examples/ptc-mcp.service", () => {
  it("starts the server with flags and values the configuration accepts, opting in to a private bind", () => {
    const unit = readFileSync(join(EXAMPLES, "ptc-mcp.service"), "utf8");
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? "";
    const [, command, ...args] = execStart.split(/\s+/);
    expect(command).toBe("start");
    const cli: Record<string, string> = {};
    for (let i = 0; i < args.length; i++) {
      const name = (args[i] as string).replace(/^--/, "");
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) cli[name] = "true";
      else cli[name] = args[++i] as string;
    }
    const token = { PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: "x".repeat(40) };
    const config = loadConfig(cli, token);
    expect(config.http).toBe(true);
    expect(httpSettings(config).host).toBe("10.0.0.5");
    const { "http-allow-unsafe-network": _, ...withoutOptIn } = cli;
    expect(() => httpSettings(loadConfig(withoutOptIn, token))).toThrow(/not a loopback address/);
  });
});
