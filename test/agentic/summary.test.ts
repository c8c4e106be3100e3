import { describe, expect, it } from "bun:test";
import { capabilitySummary, summaryFingerprint } from "../../src/agentic/index.ts";
import type { CatalogTool } from "../../src/upstream/index.ts";

const tool = (server: string, name: string, readOnly?: boolean): CatalogTool => ({
  server,
  name,
  description: `${name} does things`,
  inputSchema: { type: "object" },
  ...(readOnly === undefined ? {} : { annotations: { readOnlyHint: readOnly } }),
});

describe("capabilitySummary", () => {
  it("lists servers and tools, starring tools that may write or have no annotation", () => {
    const text = capabilitySummary(
      [
        {
          name: "fs",
          description: "Project files",
          tools: [tool("fs", "read", true), tool("fs", "write", false), tool("fs", "odd")],
        },
      ],
      800,
    );
    expect(text.split("\n")).toEqual([
      "Upstream servers (call with tool/call; * = may write or effect unknown):",
      "- fs (3 tools) - Project files: read, write*, odd*",
    ]);
  });

  it("stays within the byte cap for a large fleet and says what it left out", () => {
    const servers = Array.from({ length: 40 }, (_, i) => ({
      name: `srv${i}`,
      description: "A synthetic server with a long description ".repeat(3),
      tools: Array.from({ length: 10 }, (_, j) => tool(`srv${i}`, `tool_${j}`, true)),
    }));
    for (const cap of [120, 800, 4000]) {
      const text = capabilitySummary(servers, cap);
      expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(cap);
    }
    // 800 bytes: server lines come first, so some servers are left to (tool/servers).
    expect(capabilitySummary(servers, 800)).toContain("- … 4 more servers; (tool/servers) lists them");
    // 4000 bytes: every server, tool names while they fit, then a count.
    const wide = capabilitySummary(servers, 4000);
    expect(wide).toContain("- srv39 (10 tools)");
    expect(wide).toContain("- srv0 (10 tools) - A synthetic server");
    expect(wide).toContain(
      "- srv7 (10 tools) - A synthetic server with a long description A synthetic serv…: … +10 more",
    );
  });

  it("fingerprints a summary by bytes and SHA-256 only", () => {
    const fp = summaryFingerprint("abc");
    expect(fp).toEqual({ bytes: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" });
  });
});
