/**
 * What recording a tool call for `lisp_debug` costs (`bun bench/debug-record.ts [--quick]`):
 *
 * 1. end to end in process: `lisp_eval "(+ 1 2)"` through the server core and an SDK client over an
 *    in-memory transport, with `--debug-tool` off and on, sampled in alternating blocks so machine
 *    noise hits both alike; the ratio of medians is the figure to compare across machines;
 * 2. the recorder alone: wrapping a handler that answers at once, per payload policy, and a call
 *    with a 1 MiB context under `full` (the record is summarized).
 */

import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { silentLogger } from "../src/config/logger.ts";
import type { TracePayloads } from "../src/config/trace-flags.ts";
import { createDebugRecorder } from "../src/mcp/debug/recorder.ts";
import { DebugRing } from "../src/mcp/debug/ring.ts";
import { createServerFactory, type ServerCoreOptions } from "../src/mcp/server.ts";
import { createInProcessExecutor } from "../src/sandbox/in-process.ts";

const quick = Bun.argv.includes("--quick");
const BLOCKS = quick ? 10 : 40;
const PER_BLOCK = 50;

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

async function endToEnd(): Promise<void> {
  const off = await client(BASE);
  const on = await client({ ...BASE, debug: { ringSize: 500, maxResponseBytes: 65536, payloads: "summary" } });
  const args = { name: "lisp_eval", arguments: { program: "(+ 1 2)" } };
  for (let i = 0; i < 200; i++) await Promise.all([off.callTool(args), on.callTool(args)]);
  const times = { off: [] as number[], on: [] as number[] };
  for (let block = 0; block < BLOCKS; block++) {
    for (const [name, c] of block % 2 === 0
      ? ([
          ["off", off],
          ["on", on],
        ] as const)
      : ([
          ["on", on],
          ["off", off],
        ] as const)) {
      const t0 = performance.now();
      for (let i = 0; i < PER_BLOCK; i++) await c.callTool(args);
      times[name].push(((performance.now() - t0) / PER_BLOCK) * 1000);
    }
  }
  const [mOff, mOn] = [median(times.off), median(times.on)];
  console.log(`lisp_eval "(+ 1 2)" in process, per call: off ${mOff.toFixed(1)} µs, on ${mOn.toFixed(1)} µs`);
  console.log(`  recording adds ${(mOn - mOff).toFixed(1)} µs (ratio on/off ${(mOn / mOff).toFixed(3)})`);
  await Promise.all([off.close(), on.close()]);
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
