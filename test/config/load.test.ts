import { describe, expect, it } from "bun:test";
import { availableParallelism } from "node:os";
import { ConfigError } from "../../src/config/errors.ts";
import { FLAGS } from "../../src/config/flags.ts";
import { loadConfig } from "../../src/config/load.ts";

describe("loadConfig", () => {
  it("uses the documented defaults when nothing is set", () => {
    expect(loadConfig({}, {})).toMatchObject({
      maxFrameBytes: 8388608,
      maxProgramBytes: 65536,
      maxContextBytes: 4194304,
      maxConcurrentCalls: Math.min(8, availableParallelism()),
      logLevel: "info",
      programTimeoutMs: 1000,
      programMemoryLimitBytes: 10485760,
      responseProfile: "slim",
      loopLimit: 1000,
    });
  });

  it("gives the flags a command does not read their defaults, whatever their variables say", () => {
    const env = {
      HOME: "/home/someone",
      PTC_RUNNER_MCP_DATA_DIR: "/elsewhere",
      PTC_RUNNER_MCP_MAX_CONCURRENT_CALLS: "x",
    };
    const onlyLoops = loadConfig({}, env, (key) => key === "loopLimit");
    const all = loadConfig({}, { HOME: "/home/someone" });
    for (const key of Object.keys(FLAGS) as (keyof typeof FLAGS)[]) expect(onlyLoops[key]).toEqual(all[key]);
    expect(onlyLoops.dataDir).toBe("/home/someone/.local/state/ptc-mcp");
    expect({ ...onlyLoops }).toEqual({ ...all });
    expect(loadConfig({ "data-dir": "/given" }, env, () => false).dataDir).toBe("/given");
  });

  it("reads PTC_RUNNER_MCP_* variables when the flag is absent", () => {
    const c = loadConfig({}, { PTC_RUNNER_MCP_LOOP_LIMIT: "5000", PTC_RUNNER_MCP_LOG_LEVEL: "debug" });
    expect(c.loopLimit).toBe(5000);
    expect(c.logLevel).toBe("debug");
  });

  it("prefers the CLI value when both the flag and the variable are set", () => {
    const c = loadConfig({ "max-program-bytes": "100" }, { PTC_RUNNER_MCP_MAX_PROGRAM_BYTES: "200" });
    expect(c.maxProgramBytes).toBe(100);
  });

  it("ignores an empty environment variable", () => {
    expect(loadConfig({}, { PTC_RUNNER_MCP_MAX_PROGRAM_BYTES: "" }).maxProgramBytes).toBe(65536);
  });

  it("names the flag and the bad text when a number does not parse", () => {
    expect(() => loadConfig({ "max-program-bytes": "abc" }, {})).toThrow(
      new ConfigError("invalid_value", '--max-program-bytes: expected a positive integer, got "abc"'),
    );
  });

  it.each([["0"], ["-5"], ["1.5"], ["1e3"], ["99999999999999999999"]])("rejects %p as a positive integer", (raw) => {
    expect(() => loadConfig({ "loop-limit": raw }, {})).toThrow(/--loop-limit: expected a positive integer/);
  });

  it("names the variable when the bad value comes from the environment", () => {
    expect(() => loadConfig({}, { PTC_RUNNER_MCP_RESPONSE_PROFILE: "fat" })).toThrow(
      'PTC_RUNNER_MCP_RESPONSE_PROFILE: expected one of slim, structured, debug, got "fat"',
    );
  });

  it("derives every environment name from the flag name, except the documented PTC_RUNNER_MCP_UPSTREAMS", () => {
    const documented: Record<string, string> = { "upstreams-config": "PTC_RUNNER_MCP_UPSTREAMS" };
    for (const spec of Object.values(FLAGS)) {
      expect(spec.env).toBe(documented[spec.name] ?? `PTC_RUNNER_MCP_${spec.name.toUpperCase().replaceAll("-", "_")}`);
    }
  });
});
