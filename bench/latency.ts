/**
 * End-to-end latency of `lisp_eval` over stdio (issue #3): the compiled binary and a minimal SDK
 * echo server (bench/fixtures/echo-server.ts), driven by the same SDK client in the same run, calls
 * interleaved so noise hits both alike. Reports:
 * - p50/p99 of a trivial program and of an aggregation over a 1 MB context, beside echo with the
 *   same arguments (so both pay the same wire bytes), and the p50 ratio (target ≤ 1.5x);
 * - throughput with 8 concurrent callers;
 * - the worker hop: the same request through the in-process executor and through the pool, without
 *   MCP, so the difference is what a call pays for running off the main thread.
 *
 *   bun bench/latency.ts [--quick] [--binary <path>] [--baseline <path>]   (needs `bun build.ts` first)
 *
 * `--binary` times another build than dist/ptc-mcp; `--baseline` also times a second build (e.g.
 * main's) in the same interleaved rounds — the trivial call and the 1 MB aggregation — and its
 * 8-caller throughput in windows alternating with the binary's, and prints binary/baseline ratios,
 * so both builds share the same noise.
 * `--settle <ms>` waits that long after connecting before timing: the server boots the rest of its
 * workers (and the spare) ~200 ms after start, and without a wait the trivial rounds share the
 * two cores with those boots, which the echo server never has (default 0: first calls included).
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { createInProcessExecutor } from "../src/sandbox/in-process.ts";
import { createWorkerPool } from "../src/sandbox/worker-pool.ts";
import { makeOrders } from "./data.ts";

const BINARY = join(import.meta.dir, "..", "dist", "ptc-mcp");
const ECHO = join(import.meta.dir, "fixtures", "echo-server.ts");

/** Percentiles of one series, in ms. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
}

/** Everything `bench/latency.ts` measures. */
export interface LatencyResult {
  readonly trivial: {
    readonly lispEval: Percentiles;
    readonly echo: Percentiles;
    readonly p50Ratio: number;
    /** The `--baseline` build's trivial call, timed in the same rounds (absent without one). */
    readonly baseline?: Percentiles | undefined;
  };
  readonly context1mb: {
    readonly bytes: number;
    readonly lispEval: Percentiles;
    readonly echo: Percentiles;
    readonly p50Ratio: number;
    /** The `--baseline` build's aggregation, timed in the same rounds (absent without one). */
    readonly baseline?: Percentiles | undefined;
  };
  readonly throughput8: {
    readonly lispEvalPerSec: number;
    readonly echoPerSec: number;
    /** The `--baseline` build's trivial calls per second, 8 callers (absent without one). */
    readonly baselinePerSec?: number | undefined;
  };
  readonly workerHop: {
    readonly inProcess: Percentiles;
    readonly pool: Percentiles;
    readonly hopP50Ms: number;
    readonly context1mbInProcess: Percentiles;
    readonly context1mbPool: Percentiles;
  };
}

const TRIVIAL = "(+ 1 2)";
const AGGREGATE =
  '(->> data/orders (filter #(= "paid" (:status %))) (group-by :region) (map (fn [[r os]] [r (count os)])) (into {}))';
const limits = { timeoutMs: 5000, memoryLimitBytes: 100 * 1024 * 1024, loopLimit: 1000 };

/** Which builds {@link latency} times: `binary` (default dist/ptc-mcp) and an optional `baseline`. */
export interface LatencyTargets {
  readonly binary?: string | undefined;
  readonly baseline?: string | undefined;
  /** Wait after connecting, before the first timed call, in ms (default 0). */
  readonly settleMs?: number | undefined;
}

/** Runs the whole latency bench; null (after saying why) when a binary is missing. */
export async function latency(quick = false, targets: LatencyTargets = {}): Promise<LatencyResult | null> {
  const binary = targets.binary ?? BINARY;
  for (const path of [binary, targets.baseline]) {
    if (path !== undefined && !existsSync(path)) {
      console.log(`latency: skipped, ${path} does not exist (build it with \`bun build.ts\`)`);
      return null;
    }
  }
  const rounds = quick ? 300 : 1500;
  const bigRounds = quick ? 30 : 150;
  const serverArgs = [
    "start",
    "--max-concurrent-calls",
    "8",
    "--program-memory-limit-bytes",
    String(limits.memoryLimitBytes),
  ];
  const ptc = await connect(binary, serverArgs);
  const echo = await connect(process.execPath, [ECHO]);
  const base = targets.baseline === undefined ? null : await connect(targets.baseline, serverArgs);
  try {
    if (targets.settleMs) await Bun.sleep(targets.settleMs);
    const context = contextOfAbout(1024 * 1024);
    const bytes = Buffer.byteLength(JSON.stringify(context));
    const lisp = (program: string, ctx?: unknown) => () =>
      ptc.callTool({ name: "lisp_eval", arguments: ctx ? { program, context: ctx } : { program } });
    const echoCall = (ctx?: unknown) => () =>
      echo.callTool({ name: "echo", arguments: ctx ? { text: "3", payload: ctx } : { text: "3" } });

    const baseLisp = (program: string, ctx?: unknown) =>
      base
        ? () => base.callTool({ name: "lisp_eval", arguments: ctx ? { program, context: ctx } : { program } })
        : undefined;
    const [tl, te, tb] = await interleaved(lisp(TRIVIAL), echoCall(), rounds, baseLisp(TRIVIAL));
    const [cl, ce, cb] = await interleaved(
      lisp(AGGREGATE, context),
      echoCall(context),
      bigRounds,
      baseLisp(AGGREGATE, context),
    );
    const tputMs = quick ? 1000 : 3000;
    const baseTrivial = baseLisp(TRIVIAL);
    const [lispTput, baseTput] = baseTrivial
      ? await throughputPair(lisp(TRIVIAL), baseTrivial, 8, tputMs)
      : [await throughput(lisp(TRIVIAL), 8, tputMs), undefined];
    const echoTput = await throughput(echoCall(), 8, tputMs);
    const hop = await workerHop(rounds, bigRounds, context);
    return {
      trivial: { lispEval: tl, echo: te, p50Ratio: round(tl.p50 / te.p50), baseline: tb },
      context1mb: { bytes, lispEval: cl, echo: ce, p50Ratio: round(cl.p50 / ce.p50), baseline: cb },
      throughput8: {
        lispEvalPerSec: Math.round(lispTput),
        echoPerSec: Math.round(echoTput),
        baselinePerSec: baseTput === undefined ? undefined : Math.round(baseTput),
      },
      workerHop: hop,
    };
  } finally {
    await Promise.all([ptc.close(), echo.close(), base?.close()]);
  }
}

/** Prints a result as a small table. */
export function printLatency(r: LatencyResult): void {
  const row = (name: string, p: Percentiles) =>
    `  ${name.padEnd(34)} p50 ${p.p50.toFixed(3).padStart(8)} ms   p99 ${p.p99.toFixed(3).padStart(8)} ms   (n=${p.n})`;
  console.log("\nlisp_eval over stdio vs an SDK echo server (same client, interleaved)");
  console.log(row("lisp_eval (+ 1 2)", r.trivial.lispEval));
  console.log(row("echo", r.trivial.echo));
  const p99Ratio = round(r.trivial.lispEval.p99 / r.trivial.echo.p99);
  console.log(`  trivial ratio p50 ${r.trivial.p50Ratio}x, p99 ${p99Ratio}x (target ≤ 1.2x, ≤ 1.5x)`);
  const b = r.trivial.baseline;
  if (b) {
    console.log(row("baseline build (+ 1 2)", b));
    console.log(
      `  baseline ratio p50 ${round(b.p50 / r.trivial.echo.p50)}x, p99 ${round(b.p99 / r.trivial.echo.p99)}x`,
    );
  }
  console.log(row(`lisp_eval aggregation, ${(r.context1mb.bytes / 1e6).toFixed(2)} MB context`, r.context1mb.lispEval));
  console.log(row("echo, same arguments", r.context1mb.echo));
  console.log(`  1 MB p50 ratio ${r.context1mb.p50Ratio}x`);
  const cb = r.context1mb.baseline;
  if (cb) console.log(row("baseline build, aggregation", cb));
  const { lispEvalPerSec, echoPerSec, baselinePerSec } = r.throughput8;
  const baseTput = baselinePerSec === undefined ? "" : `, baseline build ${baselinePerSec}/s`;
  console.log(`  throughput, 8 concurrent callers: lisp_eval ${lispEvalPerSec}/s, echo ${echoPerSec}/s${baseTput}`);
  if (b && cb && baselinePerSec !== undefined) {
    const t = r.trivial.lispEval;
    const c = r.context1mb.lispEval;
    console.log(
      `  this build / baseline build: trivial p50 ${round(t.p50 / b.p50)}x p99 ${round(t.p99 / b.p99)}x, ` +
        `1 MB p50 ${round(c.p50 / cb.p50)}x p99 ${round(c.p99 / cb.p99)}x, throughput ${round(lispEvalPerSec / baselinePerSec)}x`,
    );
  }
  console.log("worker hop (same request, no MCP)");
  console.log(row("in-process executor (+ 1 2)", r.workerHop.inProcess));
  console.log(row("worker pool (+ 1 2)", r.workerHop.pool));
  console.log(row("in-process, 1 MB context", r.workerHop.context1mbInProcess));
  console.log(row("worker pool, 1 MB context", r.workerHop.context1mbPool));
  console.log(`  hop cost at p50: ${r.workerHop.hopP50Ms.toFixed(3)} ms`);
}

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: "ptc-mcp-bench", version: "0.0.0" });
  await client.connect(new StdioClientTransport({ command, args, stderr: "ignore" }));
  return client;
}

/** Times `a`, `b` (and `c` when given) alternately, `rounds` each, after a warm-up. */
async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  rounds: number,
  c?: () => Promise<unknown>,
): Promise<[Percentiles, Percentiles, Percentiles | undefined]> {
  const calls = c ? [a, b, c] : [a, b];
  for (let i = 0; i < Math.min(100, rounds); i++) for (const f of calls) await f();
  const times: number[][] = calls.map(() => []);
  for (let i = 0; i < rounds; i++) {
    // Rotating the order keeps any "first after a pause" effect from landing on one server.
    for (let k = 0; k < calls.length; k++) {
      const at = (k + i) % calls.length;
      times[at]?.push(await timed(calls[at] as () => Promise<unknown>));
    }
  }
  const [ta = [], tb = [], tc] = times;
  return [percentiles(ta), percentiles(tb), tc ? percentiles(tc) : undefined];
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Completed calls per second with `callers` loops calling back to back for `ms`. */
async function throughput(call: () => Promise<unknown>, callers: number, ms: number): Promise<number> {
  const until = performance.now() + ms;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - t0);
}

/**
 * {@link throughput} of `a` and `b` in alternating windows (6 each, order swapped every round),
 * `ms` in all per build, so a change in the box's load during the phase hits both alike.
 */
async function throughputPair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  callers: number,
  ms: number,
): Promise<[number, number]> {
  const windows = 6;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < windows; i++) {
    if (i % 2 === 0) {
      sa += await throughput(a, callers, ms / windows);
      sb += await throughput(b, callers, ms / windows);
    } else {
      sb += await throughput(b, callers, ms / windows);
      sa += await throughput(a, callers, ms / windows);
    }
  }
  return [sa / windows, sb / windows];
}

async function workerHop(
  rounds: number,
  bigRounds: number,
  context: Record<string, unknown>,
): Promise<LatencyResult["workerHop"]> {
  const inProcess = createInProcessExecutor();
  const pool = createWorkerPool({ size: 1, memoryLimitBytes: limits.memoryLimitBytes });
  await pool.ready();
  try {
    const contextJson = JSON.stringify(context);
    const small = { program: TRIVIAL, limits };
    const big = { program: AGGREGATE, context, contextJson, limits };
    const [ip, pp] = await interleaved(
      () => inProcess.run(small),
      () => pool.run(small),
      rounds,
    );
    const [ib, pb] = await interleaved(
      () => inProcess.run(big),
      () => pool.run(big),
      bigRounds,
    );
    return {
      inProcess: ip,
      pool: pp,
      hopP50Ms: round(pp.p50 - ip.p50, 3),
      context1mbInProcess: ib,
      context1mbPool: pb,
    };
  } finally {
    await pool.close();
  }
}

/** Orders whose JSON is about `bytes` long. */
function contextOfAbout(bytes: number): Record<string, unknown> {
  const one = Buffer.byteLength(JSON.stringify(makeOrders(100))) / 100;
  return { orders: makeOrders(Math.round(bytes / one)) };
}

function percentiles(xs: number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: round(at(0.5), 3), p99: round(at(0.99), 3), n: s.length };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

if (import.meta.main) {
  const option = (name: string) => {
    const at = Bun.argv.indexOf(name);
    return at === -1 ? undefined : Bun.argv[at + 1];
  };
  const r = await latency(Bun.argv.includes("--quick"), {
    binary: option("--binary"),
    baseline: option("--baseline"),
    settleMs: Number(option("--settle") ?? 0),
  });
  if (r) printLatency(r);
}
