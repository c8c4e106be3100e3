/**
 * Smoke test against the compiled binary: `dist/ptc-mcp start` spoken to by the SDK client over
 * stdio, once per protocol era (2025-11-25 via `initialize`, 2026-07-28 via `server/discover`).
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ordersContext, paidCentsByRegion } from "./orders-fixture.ts";
import { firstLines } from "./stdout-lines.ts";

const BINARY = join(import.meta.dir, "..", "..", "dist", "ptc-mcp");

/** Program under test: paid orders' total per region, in whole cents. */
const PAID_BY_REGION = `
(-> (->> data/orders
         (filter #(= "paid" (:status %)))
         (group-by :region))
    (update-vals (fn [os] (round (* 100 (sum-by :total os))))))`;

/** Reads a printed PTC-Lisp map of string → integer, e.g. `{"eu" 12 "us" 3}`. */
function parseStringIntMap(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/"([^"]+)"\s+(-?\d+)/g)) out[m[1] as string] = Number(m[2]);
  return out;
}

function textOf(result: { content?: unknown }): string {
  const blocks = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return blocks.map((b) => b.text ?? "").join("\n");
}

const ERAS = [
  { name: "2025-11-25 (initialize)", options: {}, version: "2025-11-25", era: "legacy" },
  {
    name: "2026-07-28 (server/discover)",
    options: { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    version: "2026-07-28",
    era: "modern",
  },
] as const;

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`npm run build\` first`);
});

for (const era of ERAS) {
  describe(`stdio, protocol ${era.name}`, () => {
    const client = new Client({ name: "e2e", version: "1.0.0" }, era.options);
    const transport = new StdioClientTransport({
      command: BINARY,
      args: ["start", "--max-program-bytes", "4096"],
      stderr: "pipe",
    });

    beforeAll(async () => {
      await client.connect(transport);
    });
    afterAll(async () => {
      await client.close();
    });

    it("negotiates the expected protocol version when the client asks for that era", () => {
      expect(client.getNegotiatedProtocolVersion()).toBe(era.version);
      expect(client.getProtocolEra()).toBe(era.era);
      expect(client.getServerVersion()?.name).toBe("ptc_lisp");
    });

    it("lists lisp_eval with its input schema when asked for tools", async () => {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === "lisp_eval");
      expect(tool).toBeDefined();
      expect(tool?.inputSchema.required).toEqual(["program"]);
      expect(Object.keys(tool?.inputSchema.properties ?? {}).sort()).toEqual(["context", "output_schema", "program"]);
      expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    });

    it("sums paid orders per region like JavaScript does when given 10,000 orders", async () => {
      const context = ordersContext(10_000, 42);
      const result = await client.callTool({ name: "lisp_eval", arguments: { program: PAID_BY_REGION, context } });
      expect(result.isError).toBeFalsy();
      expect(parseStringIntMap(textOf(result))).toEqual(paidCentsByRegion(context.orders));
    });

    it("reports the line and column when the program does not parse", async () => {
      const result = await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1\n  (* 2 3)" } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/line \d+, column \d+/);
    });

    it("returns args_error when the program is over --max-program-bytes", async () => {
      const result = await client.callTool({
        name: "lisp_eval",
        arguments: { program: `(str "${"x".repeat(5000)}")` },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toStartWith("args_error:");
    });

    it("rejects an unknown tool with a JSON-RPC error", async () => {
      await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/no_such_tool/);
    });
  });
}

describe("stdio lifecycle", () => {
  it("exits with status 0 when stdin reaches EOF", async () => {
    const child = spawn(BINARY, ["start"], { stdio: ["pipe", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });

  it("answers -32700 and keeps serving, with only JSON-RPC on stdout, when a frame is over --max-frame-bytes", async () => {
    // debug logging on: any log line leaking to stdout would break the JSON.parse below.
    const child = spawn(BINARY, ["start", "--max-frame-bytes", "1024", "--log-level", "debug"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const twoLines = firstLines(child.stdout, 2);
    const ping = {
      jsonrpc: "2.0",
      id: 7,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x", params: { pad: "y".repeat(4096) } })}\n`);
    child.stdin.write(`${JSON.stringify(ping)}\n`);
    const lines = await twoLines;
    child.stdin.end();
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ id: null, error: { code: -32700 } });
    expect(second).toMatchObject({ id: 7, result: { serverInfo: { name: "ptc_lisp" } } });
  });
});
