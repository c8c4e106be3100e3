/**
 * What only the stdio transport does, against the compiled binary: exit on stdin EOF, and the
 * frame cap answered in-band with only JSON-RPC on stdout. The scenarios every transport shares
 * (both eras) are in contract.test.ts. Requires `npm run build` first (`npm test` does it).
 */

import { beforeAll, describe, expect, it } from "bun:test";
import { spawn } from "node:child_process";
import { BINARY, requireBinary } from "./helpers.ts";
import { firstLines } from "./stdout-lines.ts";

beforeAll(requireBinary);

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
