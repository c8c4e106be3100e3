/**
 * Bounded soak of the HTTP mode (issue #10): 64 SDK clients, each with its own 2025-11-25
 * session, call `lisp_eval` in a closed loop against `ptc-mcp start --http` in aggregator mode (one
 * stdio upstream, the test fixture server); every fourth call goes through `tool/call` to it.
 * Every 10 s it samples the server: RSS, open file descriptors, and the processes below it
 * (upstream children and their watchers), with the calls of that window. At the end: calls/s,
 * p50/p99 of completed calls, errors by kind (only `busy` is allowed: the concurrency gate answers
 * it instead of queueing; a client waits 10 ms after one), and whether RSS stayed flat.
 *
 *   bun bench/soak.ts            # 60 s
 *   bun bench/soak.ts --long     # 10 minutes
 *   bun bench/soak.ts --seconds 120 --sessions 32 --max-concurrent-calls 4
 *
 * Needs `bun build.ts` first. Results go to bench/results/soak.json; exit 1 on any error other
 * than `busy`.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const BINARY = process.env.PTC_SOAK_BINARY ?? join(import.meta.dir, "..", "dist", "ptc-mcp");
const UPSTREAM = join(import.meta.dir, "..", "test", "fixtures", "upstream-server.ts");
const TOKEN = "bench-soak-token-0123456789abcdef0123";
const BUSY_BACKOFF_MS = 10;
const SAMPLE_EVERY_MS = 10_000;
const PLAIN = "(->> (range 100) (filter odd?) (reduce +))";
const UPSTREAM_CALL = '(:value (tool/call {:server "fx" :tool "echo" :args {:text "soak"}}))';

interface Options {
  readonly seconds: number;
  readonly sessions: number;
  readonly maxConcurrentCalls: number;
}

/** One 10 s sample. */
export interface SoakSample {
  readonly atS: number;
  readonly rssMiB: number;
  /** The main thread's JS heap in use (`/metrics` nodejs_heap_size_used_bytes), MiB. */
  readonly heapMiB: number;
  readonly openFds: number;
  /** Processes below the server (upstreams, their watchers and children). */
  readonly descendants: number;
  readonly callsPerSec: number;
}

/** Everything bench/soak.ts measures. */
export interface SoakResult {
  readonly sessions: number;
  readonly seconds: number;
  readonly maxConcurrentCalls: number;
  readonly callsPerSec: number;
  readonly okPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly errorsByKind: Readonly<Record<string, number>>;
  readonly errorSamples: readonly string[];
  readonly samples: readonly SoakSample[];
  /** Last sample's RSS minus the first's, MiB. */
  readonly rssDriftMiB: number;
  /**
   * Lowest RSS of the first and of the second half of the run (warm-up sample excluded), MiB: the
   * main heap saws up and down by tens of MiB between collections, so a leak shows as a rising
   * floor, not as the difference of two samples.
   */
  readonly rssFloorMiB: readonly [number, number];
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : Number.NaN;
}

function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** How many processes have `pid` as an ancestor (one `ps` call). */
function descendants(pid: number): number {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout;
  const parent = new Map<number, number>();
  for (const line of out.split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p !== undefined && pp !== undefined && !Number.isNaN(p)) parent.set(p, pp);
  }
  let n = 0;
  for (const p of parent.keys()) {
    for (let up = parent.get(p); up !== undefined && up > 1; up = parent.get(up)) {
      if (up === pid) {
        n++;
        break;
      }
    }
  }
  return n;
}

/** The server's main-thread heap in use, MiB, from its Prometheus metrics (NaN when unreadable). */
async function heapMiB(mcpUrl: string): Promise<number> {
  try {
    const text = await (await fetch(new URL("/metrics", mcpUrl), { signal: AbortSignal.timeout(5000) })).text();
    const m = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
    return m ? Math.round((Number(m[1]) / 2 ** 20) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** The kind of a failed call: `busy`, the `<type>:` prefix of a tool error, or the HTTP status. */
function kindOf(text: string): string {
  if (/\bbusy\b/.test(text)) return "busy";
  const typed = /^([a-z_]+):/.exec(text);
  if (typed) return typed[1] as string;
  const status = /"status":\s*(\d{3})|\b(4\d\d|5\d\d)\b/.exec(text);
  return status ? `http_${status[1] ?? status[2]}` : "other";
}

function launch(dir: string, o: Options): Promise<{ child: ChildProcess; url: string }> {
  const config = join(dir, "upstreams.json");
  writeFileSync(
    config,
    JSON.stringify({
      upstreams: { fx: { transport: "mcp_stdio", command: process.execPath, args: [UPSTREAM, "stdio"] } },
    }),
  );
  const args = ["start", "--http", "--http-port", "0", "--data-dir", dir, "--http-auth-token", TOKEN, "--http-metrics"];
  args.push(
    "--http-max-sessions-per-owner",
    String(o.sessions),
    "--max-concurrent-calls",
    String(o.maxConcurrentCalls),
  );
  args.push("--upstreams-config", config);
  const child = spawn(BINARY, args, { stdio: ["ignore", "ignore", "pipe"] });
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ptc-mcp did not start: ${seen.slice(0, 500)}`)), 20_000);
    const onData = (chunk: Buffer) => {
      // Keep only the start: the request log is one line per call.
      if (seen.length < 8192) seen += chunk.toString("utf8");
      const m = /"event":"server_start".*?"port":(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolve({ child, url: `http://127.0.0.1:${m[1]}/mcp` });
      }
    };
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`ptc-mcp exited ${code}: ${seen.slice(0, 500)}`)));
  });
}

/** Runs the soak; null (after saying why) when the binary is missing. */
export async function soak(options: Partial<Options> = {}): Promise<SoakResult | null> {
  if (!existsSync(BINARY)) {
    console.log(`soak: skipped, ${BINARY} does not exist (build it with \`bun build.ts\`)`);
    return null;
  }
  const o: Options = { seconds: 60, sessions: 64, maxConcurrentCalls: 8, ...options };
  const dir = mkdtempSync(join(tmpdir(), "ptc-soak-"));
  const server = await launch(dir, o);
  const pid = server.child.pid as number;
  try {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const clients = await Promise.all(
      Array.from({ length: o.sessions }, async () => {
        const client = new Client({ name: "soak", version: "1" });
        const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } });
        await client.connect(transport);
        return { client, transport };
      }),
    );
    const latencies: number[] = [];
    const errorsByKind: Record<string, number> = {};
    const errorSamples = new Set<string>();
    const samples: SoakSample[] = [];
    let calls = 0;
    let windowCalls = 0;
    const started = performance.now();
    const end = started + o.seconds * 1000;
    const fail = (text: string) => {
      const kind = kindOf(text);
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
      if (kind !== "busy" && errorSamples.size < 5) errorSamples.add(text.slice(0, 160));
      return kind;
    };
    const sample = async () => {
      const atS = Math.round((performance.now() - started) / 1000);
      const heap = await heapMiB(server.url);
      samples.push({
        atS,
        rssMiB: rssMiB(pid),
        heapMiB: heap,
        openFds: openFds(pid),
        descendants: descendants(pid),
        callsPerSec: Math.round(windowCalls / (SAMPLE_EVERY_MS / 1000)),
      });
      windowCalls = 0;
      const s = samples[samples.length - 1] as SoakSample;
      console.log(
        `  ${String(s.atS).padStart(4)} s  RSS ${s.rssMiB} MiB  heap ${s.heapMiB} MiB  fds ${s.openFds}  children ${s.descendants}  ${s.callsPerSec} calls/s`,
      );
    };
    await sample();
    const sampler = setInterval(() => void sample(), SAMPLE_EVERY_MS);
    await Promise.all(
      clients.map(async ({ client }, i) => {
        for (let n = i; performance.now() < end; n++) {
          const program = n % 4 === 0 ? UPSTREAM_CALL : PLAIN;
          const t0 = performance.now();
          calls++;
          windowCalls++;
          try {
            const r = await client.callTool({ name: "lisp_eval", arguments: { program } });
            const text = ((r.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
            if (!r.isError) latencies.push(performance.now() - t0);
            else if (fail(text) === "busy") await Bun.sleep(BUSY_BACKOFF_MS);
          } catch (e) {
            if (fail((e as Error).message) === "busy") await Bun.sleep(BUSY_BACKOFF_MS);
          }
        }
      }),
    );
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(clients.map(({ transport }) => transport.terminateSession().catch(() => {})));
    await Promise.all(clients.map(({ client }) => client.close().catch(() => {})));
    await Bun.sleep(1000);
    await sample();
    const sorted = latencies.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      sessions: o.sessions,
      seconds: round(seconds),
      maxConcurrentCalls: o.maxConcurrentCalls,
      callsPerSec: round(calls / seconds),
      okPerSec: round(sorted.length / seconds),
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      ok: sorted.length,
      errorsByKind,
      errorSamples: [...errorSamples],
      samples,
      rssFloorMiB: floors(samples),
      rssDriftMiB: round((samples[samples.length - 1]?.rssMiB ?? 0) - (samples[1]?.rssMiB ?? samples[0]?.rssMiB ?? 0)),
    };
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lowest RSS of each half of the samples taken while calls ran (the first and the final sample excluded). */
function floors(samples: readonly SoakSample[]): [number, number] {
  const during = samples.slice(1, -1).map((s) => s.rssMiB);
  const half = Math.ceil(during.length / 2);
  const low = (xs: number[]) => (xs.length === 0 ? Number.NaN : Math.min(...xs));
  return [low(during.slice(0, half)), low(during.slice(half))];
}

/** Prints the summary. */
export function printSoak(r: SoakResult): void {
  console.log(
    `\nsoak: ${r.sessions} sessions, ${r.seconds} s, --max-concurrent-calls ${r.maxConcurrentCalls}: ` +
      `${r.callsPerSec} calls/s (${r.okPerSec} completed/s), p50 ${r.p50} ms, p99 ${r.p99} ms`,
  );
  console.log(
    `errors by kind: ${JSON.stringify(r.errorsByKind)}; RSS drift after warm-up ${r.rssDriftMiB} MiB; ` +
      `RSS floor first half ${r.rssFloorMiB[0]} MiB, second half ${r.rssFloorMiB[1]} MiB`,
  );
  for (const s of r.errorSamples) console.log(`  error: ${s}`);
}

function parseCli(argv: string[]): Partial<Options> {
  const options: { -readonly [K in keyof Options]?: Options[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--long") options.seconds = 600;
    else if (a === "--seconds") options.seconds = Number(argv[++i]);
    else if (a === "--sessions") options.sessions = Number(argv[++i]);
    else if (a === "--max-concurrent-calls") options.maxConcurrentCalls = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}; usage: bun bench/soak.ts [--long | --seconds N] [--sessions N]`);
  }
  return options;
}

if (import.meta.main) {
  const result = await soak(parseCli(Bun.argv.slice(2)));
  if (result) {
    printSoak(result);
    mkdirSync(join(import.meta.dir, "results"), { recursive: true });
    writeFileSync(
      join(import.meta.dir, "results", "soak.json"),
      `${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    const bad = Object.entries(result.errorsByKind).filter(([k]) => k !== "busy");
    process.exitCode = bad.length === 0 ? 0 : 1;
  }
}
