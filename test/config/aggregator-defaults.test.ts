import { describe, expect, it } from "bun:test";
import { AGGREGATOR_DEFAULTS, withAggregatorDefaults } from "../../src/config/aggregator-defaults.ts";
import { explicitFlags, loadConfig } from "../../src/config/load.ts";

describe("aggregator-mode defaults", () => {
  it("raises the program budget to 10 s / 100 MB when nothing was set", () => {
    const config = withAggregatorDefaults(loadConfig({}, {}));
    expect(config.programTimeoutMs).toBe(10_000);
    expect(config.programMemoryLimitBytes).toBe(100 * 1024 * 1024);
    expect(config.maxProgramBytes).toBe(64 * 1024);
  });

  it("keeps a value given on the command line", () => {
    const config = withAggregatorDefaults(loadConfig({ "program-timeout-ms": "2500" }, {}));
    expect(config.programTimeoutMs).toBe(2500);
    expect(config.programMemoryLimitBytes).toBe(AGGREGATOR_DEFAULTS.programMemoryLimitBytes);
  });

  it("keeps a value given in the environment, even one equal to the stdio default", () => {
    const config = withAggregatorDefaults(loadConfig({}, { PTC_RUNNER_MCP_PROGRAM_MEMORY_LIMIT_BYTES: "10485760" }));
    expect(config.programMemoryLimitBytes).toBe(10 * 1024 * 1024);
    expect(config.programTimeoutMs).toBe(10_000);
  });

  it("records which flags were explicit, CLI and environment alike", () => {
    const config = loadConfig(
      { "log-level": "debug" },
      { PTC_RUNNER_MCP_MAX_CONTEXT_BYTES: "100", PTC_RUNNER_MCP_LOOP_LIMIT: "" },
    );
    expect([...explicitFlags(config)].sort()).toEqual(["logLevel", "maxContextBytes"]);
  });
});
