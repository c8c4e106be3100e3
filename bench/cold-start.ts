/**
 * Cold start of the compiled binary: ms from spawn until `dist/ptc-mcp version` exits, and from
 * spawn until a stdio `initialize` request gets its response line. Skips (returns null) when the
 * binary has not been built (`bun build.ts`). Runnable alone: `bun bench/cold-start.ts`.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { summarize } from "./harness.ts";
import { type ColdStartResult, printColdStart } from "./report.ts";

/** Path of the compiled binary. */
export const BINARY = join(import.meta.dir, "..", "dist", "ptc-mcp");

const INITIALIZE = `${JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "ptc-mcp-bench", version: "0.0.0" },
  },
})}\n`;

/** Times `runs` spawns of each kind; null (after saying why) when the binary is missing. */
export async function coldStart(runs = 20): Promise<ColdStartResult | null> {
  if (!existsSync(BINARY)) {
    console.log(`cold start: skipped, ${BINARY} does not exist (build it with \`bun build.ts\`)`);
    return null;
  }
  await versionOnce(); // warm the page cache so run 1 is not an outlier of disk reads
  const version: number[] = [];
  for (let i = 0; i < runs; i++) version.push(await versionOnce());
  const init: number[] = [];
  for (let i = 0; i < runs; i++) init.push(await initializeOnce());
  const v = summarize(version, 1);
  const n = summarize(init, 1);
  return {
    binary: "dist/ptc-mcp",
    runs,
    version: { median: v.median, p90: v.p90 },
    initialize: { median: n.median, p90: n.p90 },
  };
}

async function versionOnce(): Promise<number> {
  const t0 = performance.now();
  const proc = Bun.spawn([BINARY, "version"], { stdout: "pipe", stderr: "pipe" });
  const [code, out] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  const dt = performance.now() - t0;
  if (code !== 0) throw new Error(`ptc-mcp version exited ${code}: ${out}`);
  return dt;
}

async function initializeOnce(timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  const proc = Bun.spawn([BINARY, "start"], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
  proc.stdin.write(INITIALIZE);
  proc.stdin.flush();
  const timer = setTimeout(() => proc.kill(), timeoutMs);
  try {
    const line = await firstLine(proc.stdout);
    const dt = performance.now() - t0;
    const msg = JSON.parse(line) as { id?: unknown; result?: { protocolVersion?: string } };
    if (msg.id !== 1 || !msg.result) throw new Error(`unexpected initialize answer: ${line.slice(0, 200)}`);
    return dt;
  } finally {
    clearTimeout(timer);
    proc.stdin.end();
    proc.kill();
    await proc.exited;
  }
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    const nl = buf.indexOf("\n");
    if (nl >= 0) return buf.slice(0, nl);
  }
  throw new Error(`ptc-mcp start closed stdout without answering (got ${JSON.stringify(buf.slice(0, 200))})`);
}

if (import.meta.main) {
  const res = await coldStart();
  if (res) printColdStart(res);
}
