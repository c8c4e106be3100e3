/**
 * `bun bench/viewer.ts [--calls 10000]`: how the viewer's call list scales with the trace dir.
 * Writes N synthetic trace files (the tracer's exact format), then times, in one run and beside
 * its baseline (listing the directory with readdirSync, the least any list page must do):
 * the first list page cold (fresh store: summaries read from disk) and warm, a filtered page
 * (status=error, which reads files until a page of matches is full) and a page deep in the list.
 * Prints medians in ms and the ratios to the baseline.
 */

import { readdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { createViewerApp, ownerNamesOf, TraceStore } from "../src/viewer/index.ts";
import { tempTraceDir, writeCall } from "../test/viewer/synthetic.ts";

const arg = Bun.argv.indexOf("--calls");
const N = arg === -1 ? 10_000 : Number(Bun.argv[arg + 1]);
const dir = tempTraceDir();
const t0 = Date.now() - N * 1000;
for (let i = 0; i < N; i++)
  writeCall(dir, i % 10 === 0 ? { at: t0 + i * 1000, status: "timeout", errorType: "timeout" } : { at: t0 + i * 1000 });

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(f: () => Promise<unknown> | unknown, rounds = 15): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    await f();
    out.push(performance.now() - s);
  }
  return median(out);
}

const appFor = () => createViewerApp({ traces: new TraceStore(dir), ownerNames: () => ownerNamesOf([]) });
const warm = appFor();
const page = async (app: ReturnType<typeof appFor>, q = "") => (await app.request(`/${q}`)).text();
const deep = new TraceStore(dir).ids()[Math.floor(N / 2)];

const baseline = await time(() => readdirSync(dir));
const rows = [
  ["readdir (baseline)", baseline],
  ["first page, cold", await time(() => page(appFor()))],
  ["first page, warm", await time(() => page(warm))],
  ["status=error page, cold", await time(() => page(appFor(), "?status=error"))],
  ["page at the middle, cold", await time(() => page(appFor(), `?after=${deep}`))],
] as const;
console.log(`viewer list over ${N} trace files (median of 15, ms)`);
for (const [name, ms] of rows)
  console.log(`${name.padEnd(26)} ${ms.toFixed(2).padStart(8)}  ${(ms / baseline).toFixed(1)}x`);
rmSync(dirname(dir), { recursive: true, force: true });
