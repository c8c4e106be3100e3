import { describe, expect, it } from "bun:test";
import { effectiveResponseProfile } from "../../src/config/debug-defaults.ts";
import { loadConfig } from "../../src/config/load.ts";

describe("debug flags", () => {
  it("defaults to off, 500 records and 64 KiB", () => {
    const c = loadConfig({}, {});
    expect([c.debugTool, c.debugRingSize, c.maxDebugResponseBytes]).toEqual([false, 500, 65536]);
  });

  it("clamps the ring size to 10..5000 and floors the response cap at 4 KiB", () => {
    expect(loadConfig({ "debug-ring-size": "3" }, {}).debugRingSize).toBe(10);
    expect(loadConfig({ "debug-ring-size": "99999" }, {}).debugRingSize).toBe(5000);
    expect(loadConfig({ "debug-ring-size": "42" }, {}).debugRingSize).toBe(42);
    expect(loadConfig({ "max-debug-response-bytes": "100" }, {}).maxDebugResponseBytes).toBe(4096);
    expect(loadConfig({ "max-debug-response-bytes": "10000" }, {}).maxDebugResponseBytes).toBe(10000);
  });

  it("reads the PTC_RUNNER_MCP_* variables, the command line winning", () => {
    const env = {
      PTC_RUNNER_MCP_DEBUG_TOOL: "true",
      PTC_RUNNER_MCP_DEBUG_RING_SIZE: "20",
      PTC_RUNNER_MCP_MAX_DEBUG_RESPONSE_BYTES: "8192",
    };
    const c = loadConfig({}, env);
    expect([c.debugTool, c.debugRingSize, c.maxDebugResponseBytes]).toEqual([true, 20, 8192]);
    expect(loadConfig({ "debug-ring-size": "30" }, env).debugRingSize).toBe(30);
  });

  it("refuses a value that is not a number, naming the flag", () => {
    expect(() => loadConfig({ "debug-ring-size": "lots" }, {})).toThrow(
      '--debug-ring-size: expected a non-negative integer, got "lots"',
    );
    expect(() => loadConfig({}, { PTC_RUNNER_MCP_DEBUG_TOOL: "maybe" })).toThrow("PTC_RUNNER_MCP_DEBUG_TOOL");
  });

  it("turns the response profile to debug unless one is given", () => {
    expect(effectiveResponseProfile(loadConfig({ "debug-tool": "true" }, {}))).toBe("debug");
    expect(effectiveResponseProfile(loadConfig({ "debug-tool": "true", "response-profile": "slim" }, {}))).toBe("slim");
    expect(
      effectiveResponseProfile(
        loadConfig({}, { PTC_RUNNER_MCP_DEBUG_TOOL: "1", PTC_RUNNER_MCP_RESPONSE_PROFILE: "structured" }),
      ),
    ).toBe("structured");
    expect(effectiveResponseProfile(loadConfig({}, {}))).toBe("slim");
  });
});
