/**
 * Payload and latency of aggregator mode (issue #6), against a real
 * @modelcontextprotocol/server-filesystem upstream over stdio:
 *
 * - bytes a client receives: for three tasks — read a file whole; the first line of 3 files; one
 *   matching line out of a log — the JSON-RPC response of `lisp_eval` in each response profile
 *   versus calling the upstream tool directly (its responses summed over the round trips it takes),
 *   plus the one-time `tools/list` of each. Bytes are frames as stdio would send them (JSON + "\n");
 *   ÷ 4 gives rough tokens;
 * - the latency `tool/call` adds per call over a direct SDK call to the same upstream
 *   (target ≤ 1 ms on loopback);
 * - `pmap` of 10 calls to an upstream that sleeps 100 ms (target ≤ 200 ms).
 *
 *   bun bench/payload.ts [--quick]      (also: bun bench/run.ts --only payload)
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { silentLogger } from "../src/config/logger.ts";
import type { ResponseProfile } from "../src/config/flags.ts";
import { createServerFactory } from "../src/mcp/server.ts";
import { upstreamHostFor } from "../src/mcp/upstream-host.ts";
import { createWorkerPool, type WorkerPool } from "../src/sandbox/worker-pool.ts";
import { parseUpstreamsConfig, UpstreamRuntime } from "../src/upstream/index.ts";

const ROOT = join(import.meta.dir, "..");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");
const SLEEPER = join(ROOT, "test", "fixtures", "upstream-server.ts");
const PROFILES: ResponseProfile[] = ["slim", "structured", "debug"];
const LIMITS = { timeoutMs: 30_000, memoryLimitBytes: 100 * 1024 * 1024, loopLimit: 1000 };

/** Bytes of one task, per way of doing it. */
export interface TaskBytes {
  readonly task: string;
  /** Round trips the direct way takes. */
  readonly directCalls: number;
  readonly direct: number;
  readonly slim: number;
  readonly structured: number;
  readonly debug: number;
}

/** Everything `bench/payload.ts` measures. */
export interface PayloadResult {
  readonly tasks: TaskBytes[];
  /** `tools/list` response bytes: the upstream's own, and ours per profile. */
  readonly toolsList: {
    readonly direct: number;
    readonly slim: number;
    readonly structured: number;
    readonly debug: number;
  };
  readonly latency: {
    readonly calls: number;
    readonly directMsPerCall: number;
    readonly toolCallMsPerCall: number;
    readonly addedMsPerCall: number;
  };
  readonly pmap10x100ms: { readonly ms: number; readonly bestMs: number };
}

/** The frame a stdio transport would write for a response with this result. */
function frameBytes(result: unknown): number {
  return Buffer.byteLength(`${JSON.stringify({ jsonrpc: "2.0", id: 1, result })}\n`, "utf8");
}

function fixtures(dir: string): Record<string, string> {
  const lines = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}: ${"lorem ipsum dolor sit amet ".repeat(2).trim()}`).join(
      "\n",
    );
  const files: Record<string, string> = {
    "notes.md": `# Notes\n\n${lines("note", 12)}\n`,
    "a.txt": `${lines("alpha", 20)}\n`,
    "b.txt": `${lines("beta", 20)}\n`,
    "c.txt": `${lines("gamma", 20)}\n`,
    "app.log": `${Array.from({ length: 40 }, (_, i) => `2025-01-01T00:00:${String(i).padStart(2, "0")}Z ${i === 27 ? "ERROR disk full on /var" : "INFO request served in 12 ms"}`).join("\n")}\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.fromEntries(Object.keys(files).map((n) => [n, join(dir, n)]));
}

/** Runs the payload bench. */
export async function payload(quick = false): Promise<PayloadResult> {
  const dir = mkdtempSync(join(tmpdir(), "ptc-payload-"));
  const paths = fixtures(dir);
  const direct = new Client({ name: "bench-direct", version: "0" });
  await direct.connect(new StdioClientTransport({ command: FS_SERVER, args: [dir], stderr: "ignore" }));
  const parsed = parseUpstreamsConfig(
    {
      upstreams: {
        fs: { command: FS_SERVER, args: [dir] },
        slow: { command: process.execPath, args: [SLEEPER, "stdio"] },
      },
    },
    { env: process.env, source: "bench" },
  );
  const runtime = await UpstreamRuntime.start({
    parsed,
    env: process.env,
    mode: "frozen",
    maxResponseBytes: 2 << 20,
    callTimeoutMs: 5000,
    clientInfo: { name: "ptc-mcp", version: "bench" },
  });
  const pool = createWorkerPool({ size: 2 });
  try {
    const clients = Object.fromEntries(
      await Promise.all(PROFILES.map(async (p) => [p, await ourClient(pool, runtime, p)] as const)),
    );
    const read = (p: string, extra: Record<string, unknown> = {}) =>
      `(tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(p)}${Object.entries(extra)
        .map(([k, v]) => ` :${k} ${v}`)
        .join("")}}})`;
    const tasks = [
      {
        task: "read one file, return it whole",
        program: `(:content (:value ${read(paths["notes.md"] as string)}))`,
        direct: [{ path: paths["notes.md"] }],
      },
      {
        task: "first line of 3 files (1 program vs 3 calls)",
        program: `(pmap (fn [p] (:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path p :head 1}})))) ${JSON.stringify([paths["a.txt"], paths["b.txt"], paths["c.txt"]]).replace(/,/g, " ")})`,
        direct: ["a.txt", "b.txt", "c.txt"].map((n) => ({ path: paths[n], head: 1 })),
      },
      {
        task: "one matching line out of a log",
        program: `(->> (:content (:value ${read(paths["app.log"] as string)})) clojure.string/split-lines (filter #(clojure.string/includes? % "ERROR")) first)`,
        direct: [{ path: paths["app.log"] }],
      },
    ];
    const results: TaskBytes[] = [];
    for (const t of tasks) {
      let directBytes = 0;
      for (const args of t.direct)
        directBytes += frameBytes(await direct.callTool({ name: "read_text_file", arguments: args }));
      const ours: Record<string, number> = {};
      for (const p of PROFILES) {
        const r = await (clients[p] as Client).callTool({ name: "lisp_eval", arguments: { program: t.program } });
        if (r.isError) throw new Error(`${t.task} (${p}): ${JSON.stringify(r.content)}`);
        ours[p] = frameBytes(r);
      }
      results.push({
        task: t.task,
        directCalls: t.direct.length,
        direct: directBytes,
        slim: ours.slim ?? 0,
        structured: ours.structured ?? 0,
        debug: ours.debug ?? 0,
      });
    }
    const toolsList = { direct: frameBytes(await direct.listTools()), slim: 0, structured: 0, debug: 0 };
    for (const p of PROFILES) toolsList[p as "slim"] = frameBytes(await (clients[p] as Client).listTools());

    const latency = await addedLatency(direct, pool, runtime, paths["notes.md"] as string, quick ? 100 : 400);
    const pmapTimes: number[] = [];
    const handler = ourHandler(pool, runtime);
    const pmapProgram =
      '(count (filter :ok (pmap (fn [i] (tool/call {:server "slow" :tool "sleep" :args {:ms 100}})) (range 10))))';
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const t0 = performance.now();
      const r = await handler({ program: pmapProgram });
      pmapTimes.push(performance.now() - t0);
      if (r.isError) throw new Error(`pmap: ${JSON.stringify(r.content)}`);
    }
    pmapTimes.sort((a, b) => a - b);
    for (const c of Object.values(clients)) await c.close();
    return {
      tasks: results,
      toolsList,
      latency,
      pmap10x100ms: { ms: round(pmapTimes[Math.floor(pmapTimes.length / 2)] ?? 0), bestMs: round(pmapTimes[0] ?? 0) },
    };
  } finally {
    await direct.close();
    await pool.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function budgets() {
  return { maxCalls: 10_000, maxCatalogOps: 25, maxCatalogResultBytes: 256 * 1024, callTimeoutMs: 5000 };
}

async function ourClient(pool: WorkerPool, runtime: UpstreamRuntime, profile: ResponseProfile): Promise<Client> {
  const factory = createServerFactory({
    executor: pool,
    limits: LIMITS,
    caps: { maxProgramBytes: 65536, maxContextBytes: 1 << 20 },
    maxConcurrentCalls: 2,
    profile,
    logger: silentLogger,
    hostFor: upstreamHostFor(runtime, budgets()),
    catalog: () => runtime.catalogText({ mode: "auto", maxTools: 8, maxChars: 800 }).text,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "0" });
  await Promise.all([factory().connect(b), client.connect(a)]);
  return client;
}

function ourHandler(pool: WorkerPool, runtime: UpstreamRuntime) {
  const hostFor = upstreamHostFor(runtime, budgets());
  return async ({ program }: { program: string }) => {
    const host = hostFor();
    const outcome = await pool.run({ program, limits: LIMITS, host: host.handler });
    return { isError: !outcome.ok, content: outcome.ok ? outcome.text : outcome.error.message };
  };
}

/**
 * Per-call time of `n` sequential direct SDK calls and of `n` sequential `tool/call`s inside one
 * program (minus the same program without calls), interleaved over a few rounds.
 */
async function addedLatency(direct: Client, pool: WorkerPool, runtime: UpstreamRuntime, path: string, n: number) {
  const run = ourHandler(pool, runtime);
  const call = `(tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(path)}}})`;
  const withCalls = `(count (map (fn [i] ${call}) (range ${n})))`;
  const without = `(count (map (fn [i] {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(path)}}}) (range ${n})))`;
  const directTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await direct.callTool({ name: "read_text_file", arguments: { path } });
    directTimes.push((performance.now() - t0) / n);
    t0 = performance.now();
    await run({ program: without });
    const base = performance.now() - t0;
    t0 = performance.now();
    const r = await run({ program: withCalls });
    if (r.isError) throw new Error(`latency: ${String(r.content)}`);
    ourTimes.push((performance.now() - t0 - base) / n);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const d = med(directTimes);
  const o = med(ourTimes);
  return { calls: n, directMsPerCall: round(d), toolCallMsPerCall: round(o), addedMsPerCall: round(o - d) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Prints the tables. */
export function printPayload(r: PayloadResult): void {
  const tok = (b: number) => `${b} B (~${Math.round(b / 4)} t)`;
  console.log("\nPayload: bytes a client receives per task (JSON-RPC frames; ~tokens = bytes/4)");
  console.log(["task", "direct (calls)", "slim", "structured", "debug", "direct/slim"].join(" | "));
  for (const t of r.tasks) {
    console.log(
      [
        t.task,
        `${tok(t.direct)} (${t.directCalls})`,
        tok(t.slim),
        tok(t.structured),
        tok(t.debug),
        (t.direct / t.slim).toFixed(2),
      ].join(" | "),
    );
  }
  const l = r.toolsList;
  console.log(
    `tools/list once: upstream ${tok(l.direct)}; ours slim ${tok(l.slim)}, structured ${tok(l.structured)}, debug ${tok(l.debug)}`,
  );
  console.log(
    `tool/call latency over ${r.latency.calls} sequential calls: direct SDK ${r.latency.directMsPerCall} ms/call, via tool/call ${r.latency.toolCallMsPerCall} ms/call, added ${r.latency.addedMsPerCall} ms/call (target ≤ 1)`,
  );
  console.log(
    `pmap of 10 calls to a 100 ms upstream: median ${r.pmap10x100ms.ms} ms, best ${r.pmap10x100ms.bestMs} ms (target ≤ 200)`,
  );
}

if (import.meta.main) printPayload(await payload(Bun.argv.includes("--quick")));
