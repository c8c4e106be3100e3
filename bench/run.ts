/**
 * `npm run bench`: times every program three ways (PTC-Lisp, native JS, JS in QuickJS), prints a
 * table with ratios, writes bench/results/latest.json, then measures binary cold start.
 *
 *   bun bench/run.ts [--only <name>[,<name>…]] [--quick] [--save-baseline]
 *
 * `--only` matches program names by substring (`orders`, `str-`), `cold-start` selects the
 * cold-start part, `latency` the end-to-end stdio latency part (bench/latency.ts) and `payload`
 * the aggregator-mode payload and tool/call latency part (bench/payload.ts), `http-load` the
 * 64-session Streamable HTTP load test beside a Hono echo server (bench/http-load.ts), `agentic-prompt` the
 * planner prompt and lisp_task entry sizes (bench/agentic-prompt.ts); `--quick` samples
 * less; `--save-baseline` also writes results/baseline.json.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { agenticPromptSizes, printAgenticPromptSizes } from "./agentic-prompt.ts";
import { coldStart } from "./cold-start.ts";
import { DEFAULT_SAMPLING, type SampleOptions, sample } from "./harness.ts";
import { httpLoad, printHttpLoad } from "./http-load.ts";
import { latency, printLatency } from "./latency.ts";
import { payload, printPayload } from "./payload.ts";
import { PROGRAMS } from "./programs.ts";
import { QuickJsSandbox } from "./quickjs.ts";
import { machineInfo, type ProgramResult, printColdStart, printReport, type RunResults, summarize } from "./report.ts";
import { prepare } from "./variants.ts";

const RESULTS = join(import.meta.dir, "results");

interface Args {
  only: string[];
  quick: boolean;
  saveBaseline: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: [], quick: false, saveBaseline: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--only") args.only.push(...(argv[++i] ?? "").split(",").filter(Boolean));
    else if (a?.startsWith("--only=")) args.only.push(...a.slice(7).split(",").filter(Boolean));
    else if (a === "--quick") args.quick = true;
    else if (a === "--save-baseline") args.saveBaseline = true;
    else throw new Error(`unknown argument ${a}; usage: bun bench/run.ts [--only name,…] [--quick] [--save-baseline]`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(Bun.argv.slice(2));
  const wanted = (name: string): boolean => args.only.length === 0 || args.only.some((o) => name.includes(o));
  const programs = PROGRAMS.filter((p) => wanted(p.name));
  const sampling: SampleOptions = args.quick
    ? { ...DEFAULT_SAMPLING, minRounds: 3, maxRounds: 10, budgetMs: 1500 }
    : DEFAULT_SAMPLING;

  const results: ProgramResult[] = [];
  if (programs.length > 0) {
    // A fresh QuickJS module per program, so one program's grown wasm memory does not slow the
    // PTC and native runs of the next (see bench/quickjs.ts).
    for (const p of programs) {
      const sandbox = await QuickJsSandbox.create();
      results.push(runProgram(p, sandbox, sampling));
      sandbox.dispose();
    }
  }
  const res: RunResults = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    programs: results,
    ...summarize(results),
    coldStart: wanted("cold-start") ? await coldStart() : undefined,
  };
  if (results.length > 0) printReport(res, readBaseline());
  if (res.coldStart) printColdStart(res.coldStart);
  const latencyResult = wanted("latency") ? await latency(args.quick) : null;
  if (latencyResult) printLatency(latencyResult);
  const payloadResult = wanted("payload") ? await payload(args.quick) : null;
  if (payloadResult) printPayload(payloadResult);
  const httpLoadResult = wanted("http-load") ? await httpLoad(args.quick) : null;
  if (httpLoadResult) printHttpLoad(httpLoadResult);
  const agenticPrompt = wanted("agentic-prompt") ? agenticPromptSizes() : null;
  if (agenticPrompt) printAgenticPromptSizes(agenticPrompt);

  mkdirSync(RESULTS, { recursive: true });
  const all = {
    ...res,
    ...(latencyResult ? { latency: latencyResult } : {}),
    ...(payloadResult ? { payload: payloadResult } : {}),
    ...(httpLoadResult ? { httpLoad: httpLoadResult } : {}),
    ...(agenticPrompt ? { agenticPrompt } : {}),
  };
  const json = `${JSON.stringify(all, null, 2)}\n`;
  writeFileSync(join(RESULTS, "latest.json"), json);
  if (args.saveBaseline) writeFileSync(join(RESULTS, "baseline.json"), json);
  console.log(`wrote bench/results/latest.json${args.saveBaseline ? " and baseline.json" : ""}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

function runProgram(p: (typeof PROGRAMS)[number], sandbox: QuickJsSandbox, sampling: SampleOptions): ProgramResult {
  const base = { name: p.name, task: p.task, family: p.family, size: p.size };
  Bun.gc(true);
  const t0 = performance.now();
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(p, sandbox);
  } catch (e) {
    const error = (e as Error).message;
    console.error(`FAILED ${error}`);
    return { ...base, ok: false, error };
  }
  try {
    const stats = sample(prepared.variants, sampling);
    const { ptc, native, quickjs } = stats;
    const r: ProgramResult = {
      ...base,
      ok: true,
      ptc,
      native,
      quickjs,
      ptcOverNative: (ptc?.median ?? Number.NaN) / (native?.median ?? Number.NaN),
      ptcOverQuickjs: (ptc?.median ?? Number.NaN) / (quickjs?.median ?? Number.NaN),
      contextMs: prepared.contextMs,
    };
    console.error(`  ${p.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    const error = `${p.name}: ${(e as Error).message}`;
    console.error(`FAILED ${error}`);
    return { ...base, ok: false, error };
  } finally {
    prepared.dispose();
  }
}

function readBaseline(): RunResults | null {
  const path = join(RESULTS, "baseline.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunResults) : null;
}

process.exitCode = await main();
