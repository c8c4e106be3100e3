/**
 * What recording a tool call for `lisp_debug` costs (`bun bench/debug-record.ts [--quick]`):
 *
 * 1. end to end in process: `lisp_eval "(+ 1 2)"` through the server core and an SDK client over an
 *    in-memory transport, with `--debug-tool` off and on, sampled in alternating blocks so machine
 *    noise hits both alike; the ratio of medians is the figure to compare across machines;
 * 2. the recorder alone: wrapping a handler that answers at once, per payload policy, and a call
 *    with a 1 MiB context under `full` (the record is summarized);
 * 3. the compiled binary over stdio (skipped when `dist/ptc-mcp` is missing): `--response-profile
 *    slim` with and without `--debug-tool`, alternating blocks again.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { silentLogger } from "../src/config/logger.ts";
import type { TracePayloads } from "../src/config/trace-flags.ts";
import { createDebugRecorder } from "../src/mcp/debug/recorder.ts";
import { DebugRing } from "../src/mcp/debug/ring.ts";
import { createServerFactory, type ServerCoreOptions } from "../src/mcp/server.ts";
import { createInProcessExecutor } from "../src/sandbox/in-process.ts";

const quick = Bun.argv.includes("--quick");
const BLOCKS = quick ? 20 : 80;
const PER_BLOCK = 20;

const BASE: ServerCoreOptions = {
  executor: createInProcessExecutor(),
  limits: { timeoutMs: 1000, memoryLimitBytes: 10 << 20, loopLimit: 1000 },
  caps: { maxProgramBytes: 65536, maxContextBytes: 4 << 20 },
  maxConcurrentCalls: 4,
  profile: "slim",
  logger: silentLogger,
};

async function client(options: ServerCoreOptions): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const c = new Client({ name: "bench", version: "0" });
  await Promise.all([createServerFactory(options)().connect(b), c.connect(a)]);
  return c;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * Alternating blocks of `lisp_eval "(+ 1 2)"` on two clients. Each off/on pair of adjacent blocks
 * gives one ratio, so slow drifts of the machine's load cancel; prints the median ratio, its
 * quartiles, and the median per-call times.
 */
async function compare(label: string, off: Client, on: Client): Promise<void> {
  const args = { name: "lisp_eval", arguments: { program: "(+ 1 2)" } };
  for (let i = 0; i < 200; i++) await Promise.all([off.callTool(args), on.callTool(args)]);
  const block = async (c: Client) => {
    const t0 = performance.now();
    for (let i = 0; i < PER_BLOCK; i++) await c.callTool(args);
    return ((performance.now() - t0) / PER_BLOCK) * 1000;
  };
  const times = { off: [] as number[], on: [] as number[] };
  const ratios: number[] = [];
  for (let pair = 0; pair < BLOCKS; pair++) {
    const first = pair % 2 === 0 ? await block(off) : await block(on);
    const second = pair % 2 === 0 ? await block(on) : await block(off);
    const [tOff, tOn] = pair % 2 === 0 ? [first, second] : [second, first];
    times.off.push(tOff);
    times.on.push(tOn);
    ratios.push(tOn / tOff);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] as number;
  console.log(
    `lisp_eval "(+ 1 2)" ${label}, per call: off ${median(times.off).toFixed(1)} µs, on ${median(times.on).toFixed(1)} µs`,
  );
  console.log(
    `  ratio on/off per block pair: median ${median(ratios).toFixed(3)} (quartiles ${q(ratios, 0.25).toFixed(3)}..${q(ratios, 0.75).toFixed(3)})`,
  );
  await Promise.all([off.close(), on.close()]);
}

async function endToEnd(): Promise<void> {
  const off = await client(BASE);
  const on = await client({ ...BASE, debug: { ringSize: 500, maxResponseBytes: 65536, payloads: "summary" } });
  await compare("in process", off, on);
}

async function overStdio(): Promise<void> {
  const binary = join(import.meta.dir, "..", "dist", "ptc-mcp");
  if (!existsSync(binary)) return console.log("dist/ptc-mcp missing: stdio part skipped (npm run build)");
  const spawn = async (extra: string[]) => {
    const c = new Client({ name: "bench", version: "0" });
    const args = ["start", "--response-profile", "slim", ...extra];
    await c.connect(new StdioClientTransport({ command: binary, args, stderr: "ignore" }));
    return c;
  };
  await compare("over stdio (binary)", await spawn([]), await spawn(["--debug-tool"]));
}

async function recorderAlone(payloads: TracePayloads, context: unknown, label: string, n: number): Promise<void> {
  const recorder = createDebugRecorder(new DebugRing(500), { payloads, scrub: (s) => s }, silentLogger);
  const tracer = recorder.tracer(undefined);
  const contextJson = JSON.stringify(context);
  const program = "(->> (:orders data) (filter #(> (:total %) 10)) (map :region) frequencies)";
  const answer = '{"north" 140 "south" 323}';
  const result = { content: [{ type: "text" as const, text: answer }] };
  const handler = async () => {
    const t = tracer.begin({ tool: "lisp_eval", program, contextJson });
    t.end({ status: "ok", result: answer, prints: 0 });
    return result;
  };
  const bare = async () => result;
  const run = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return ((performance.now() - t0) / n) * 1000;
  };
  await run(() => recorder.record("lisp_eval", { program, context }, undefined, handler));
  const base = median([await run(bare), await run(bare), await run(bare)]);
  const rec = median([
    await run(() => recorder.record("lisp_eval", { program, context }, undefined, handler)),
    await run(() => recorder.record("lisp_eval", { program, context }, undefined, handler)),
    await run(() => recorder.record("lisp_eval", { program, context }, undefined, handler)),
  ]);
  console.log(`  ${label.padEnd(34)} ${(rec - base).toFixed(1)} µs per call`);
}

await endToEnd();
console.log("recorder alone (record + ring insert, beyond the handler):");
const small = { orders: Array.from({ length: 20 }, (_, i) => ({ id: i, total: i * 3, region: "north" })) };
for (const p of ["none", "summary", "full"] as const) await recorderAlone(p, small, `${p}, 1 KiB context`, 5000);
const mib = { rows: Array.from({ length: 10_000 }, (_, i) => ({ id: i, text: "z".repeat(90) })) };
await recorderAlone("full", mib, "full, 1 MiB context (summarized)", quick ? 20 : 100);
await overStdio();
