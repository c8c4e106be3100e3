/**
 * Runs one program's PTC-Lisp variant in a loop, for a CPU profile of the interpreter alone:
 *
 *   bun --cpu-prof-md --cpu-prof-dir=.bench-out bench/profile.ts <program> [seconds]
 *
 * The input is converted once outside the loop, as in the benchmark.
 */

import { evaluate } from "../src/lisp/index.ts";
import { PROGRAMS } from "./programs.ts";
import { BENCH_LIMITS, toContext } from "./variants.ts";

const [name, secs = "5"] = Bun.argv.slice(2);
const p = PROGRAMS.find((q) => q.name === name);
if (!p) {
  console.error(`usage: bun --cpu-prof-md bench/profile.ts <${PROGRAMS.map((q) => q.name).join("|")}> [seconds]`);
  process.exit(2);
}
const context = toContext(p.input?.() ?? {});
const until = performance.now() + Number(secs) * 1000;
let runs = 0;
while (performance.now() < until) {
  const r = evaluate(p.lisp, { context, limits: BENCH_LIMITS });
  if (!r.ok) throw new Error(r.error.describe());
  runs++;
}
console.log(`${p.name}: ${runs} runs in ${secs} s (${((Number(secs) * 1000) / runs).toFixed(2)} ms/run)`);
