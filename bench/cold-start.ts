/**
 * Cold start of the compiled binary: ms from spawn until `dist/ptc-mcp version` exits, until
 * `dist/ptc-mcp eval '(+ 1 2)'` exits, and until a stdio `initialize` request gets its response
 * line. Skips (returns null) when the binary has not been built (`bun build.ts`).
 *
 *   bun bench/cold-start.ts [--runs N] [--baseline path/to/other/ptc-mcp]
 *
 * With `--baseline` the other binary (e.g. main's build in a second checkout) is measured in the
 * same run, spawns interleaved so load hits both alike, and the ratios this/baseline are printed.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
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
  const [result] = await coldStartOf([BINARY], runs);
  return result ?? null;
}

/**
 * Times `runs` spawns of each kind for each binary, the binaries taking turns spawn by spawn.
 * Returns [] (after saying why) when one is missing.
 */
export async function coldStartOf(binaries: readonly string[], runs = 20): Promise<ColdStartResult[]> {
  const missing = binaries.find((b) => !existsSync(b));
  if (missing !== undefined) {
    console.log(`cold start: skipped, ${missing} does not exist (build it with \`bun build.ts\`)`);
    return [];
  }
  // Warm the page cache so run 1 is not an outlier of disk reads.
  for (const b of binaries) await exitOnce(b, ["eval", "(+ 1 2)"]);
  const times = binaries.map(() => ({ version: [] as number[], eval: [] as number[], init: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    for (const [k, b] of binaries.entries()) {
      const t = times[k] as (typeof times)[number];
      t.version.push(await exitOnce(b, ["version"]));
      t.eval.push(await exitOnce(b, ["eval", "(+ 1 2)"]));
      t.init.push(await initializeOnce(b));
    }
  }
  return binaries.map((binary, k) => {
    const t = times[k] as (typeof times)[number];
    const [v, e, n] = [summarize(t.version, 1), summarize(t.eval, 1), summarize(t.init, 1)];
    return {
      binary,
      runs,
      version: { median: v.median, p90: v.p90 },
      eval: { median: e.median, p90: e.p90 },
      initialize: { median: n.median, p90: n.p90 },
    };
  });
}

/** ms from spawn until `binary args` exits (status 0, or it throws). */
async function exitOnce(binary: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const proc = Bun.spawn([binary, ...args], { stdout: "pipe", stderr: "pipe" });
  const [code, out] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  const dt = performance.now() - t0;
  if (code !== 0) throw new Error(`${binary} ${args.join(" ")} exited ${code}: ${out}`);
  return dt;
}

async function initializeOnce(binary: string, timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  const proc = Bun.spawn([binary, "start"], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
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
  const { values } = parseArgs({ options: { runs: { type: "string" }, baseline: { type: "string" } } });
  const runs = values.runs === undefined ? 20 : Number(values.runs);
  const [mine, base] = await coldStartOf(values.baseline ? [BINARY, values.baseline] : [BINARY], runs);
  for (const r of [mine, base]) if (r) printColdStart(r);
  if (mine && base) {
    const ratio = (a: { median: number }, b: { median: number } | undefined) =>
      b ? `${(a.median / b.median).toFixed(2)}x` : "-";
    console.log(
      `this / baseline (medians): version ${ratio(mine.version, base.version)}, eval ${ratio(
        mine.eval ?? { median: Number.NaN },
        base.eval,
      )}, initialize ${ratio(mine.initialize, base.initialize)}`,
    );
  }
}
