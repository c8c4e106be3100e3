/**
 * Bounded HTTP load test (issue #5), loopback only, under 60 s: 64 concurrent SDK clients, each
 * with its own 2025-era session, call `lisp_eval` in a closed loop against `ptc-mcp start --http`
 * (static token, request logs on, state store on), and the same load against a minimal Hono + SDK
 * echo server (bench/fixtures/hono-echo.ts) in the same run, in alternating 5 s segments so noise
 * from the machine hits both alike. Reports per target: completed calls
 * per second, p50/p99 latency of successful calls, `busy` refusals (the only errors allowed:
 * the concurrency gate answers `busy` instead of queueing; a client waits 10 ms after one, as a
 * polite client would, instead of hammering), other errors, and the server's RSS before and after
 * the load; then the ptc/echo ratios.
 *
 *   bun bench/http-load.ts [--quick] [--sessions 64] [--seconds 20] [--max-concurrent-calls 8]
 *
 * Needs `bun build.ts` first. Results go to bench/results/http-load.json.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const BINARY = join(import.meta.dir, "..", "dist", "ptc-mcp");
const ECHO = join(import.meta.dir, "fixtures", "hono-echo.ts");
const TOKEN = "bench-http-load-token-0123456789abcdef";
/** How long a client waits after `busy` ("try again shortly"), as a polite client would. */
const BUSY_BACKOFF_MS = 10;
/** Length of one load segment; targets alternate segment by segment. */
const SEGMENT_S = 5;
/** A small real program: sum of the odd numbers below 100. */
const PROGRAM = "(->> (range 100) (filter odd?) (reduce +))";

/** One target's figures. Latencies in ms, RSS in MiB. */
export interface LoadSide {
  readonly callsPerSec: number;
  readonly okPerSec: number;
  readonly ok: number;
  readonly busy: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly p50: number;
  readonly p99: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
}

/** Everything bench/http-load.ts measures. */
export interface HttpLoadResult {
  readonly sessions: number;
  readonly seconds: number;
  readonly maxConcurrentCalls: number;
  readonly program: string;
  readonly ptc: LoadSide;
  readonly echo: LoadSide;
  /** ptc / echo. */
  readonly ratio: {
    readonly okPerSec: number;
    readonly callsPerSec: number;
    readonly p50: number;
    readonly p99: number;
  };
}

interface Options {
  readonly sessions: number;
  readonly seconds: number;
  readonly maxConcurrentCalls: number;
}

/** Runs the load test; null (after saying why) when the binary is missing. */
export async function httpLoad(quick = false, options: Partial<Options> = {}): Promise<HttpLoadResult | null> {
  if (!existsSync(BINARY)) {
    console.log(`http-load: skipped, ${BINARY} does not exist (build it with \`bun build.ts\`)`);
    return null;
  }
  const o: Options = { sessions: 64, seconds: quick ? 5 : 20, maxConcurrentCalls: 8, ...options };
  const dir = mkdtempSync(join(tmpdir(), "ptc-http-load-"));
  try {
    const ptcServer = await launch(BINARY, [
      "start",
      "--http",
      "--http-port",
      "0",
      "--data-dir",
      dir,
      "--http-auth-token",
      TOKEN,
      "--http-max-sessions-per-owner",
      String(o.sessions),
      "--max-concurrent-calls",
      String(o.maxConcurrentCalls),
    ]);
    const echoServer = await launch(process.execPath, [ECHO, "0"]);
    const ptcTarget = await connectAll(ptcServer, o, { authorization: `Bearer ${TOKEN}` });
    const echoTarget = await connectAll(echoServer, o, {});
    // Alternate 5 s segments so machine noise hits both targets alike.
    const segments = Math.max(1, Math.round(o.seconds / SEGMENT_S));
    for (let i = 0; i < segments; i++) {
      await segment(ptcTarget, o.seconds / segments);
      await segment(echoTarget, o.seconds / segments);
    }
    const ptc = await finish(ptcTarget);
    const echo = await finish(echoTarget);
    return {
      sessions: o.sessions,
      seconds: o.seconds,
      maxConcurrentCalls: o.maxConcurrentCalls,
      program: PROGRAM,
      ptc,
      echo,
      ratio: {
        okPerSec: ptc.okPerSec / echo.okPerSec,
        callsPerSec: ptc.callsPerSec / echo.callsPerSec,
        p50: ptc.p50 / echo.p50,
        p99: ptc.p99 / echo.p99,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts a server and waits for its port (ptc-mcp logs `server_start`, the echo prints it). */
function launch(command: string, args: string[]): Promise<Launched> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${seen.slice(0, 500)}`)), 10_000);
    const onData = (chunk: Buffer) => {
      // Keep only a little: the request log is one line per call.
      if (seen.length < 4096) seen += chunk.toString("utf8");
      const m = /"event":"server_start".*?"port":(\d+)/.exec(seen) ?? /listening (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}/mcp` });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${command} exited ${code}: ${seen.slice(0, 500)}`)));
  });
}

/** Resident set size of a process, in MiB (Linux /proc). */
function rssMiB(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** One target under load: its clients and running tallies. */
interface Target {
  readonly server: Launched;
  readonly clients: Array<{ client: Client; transport: StreamableHTTPClientTransport }>;
  readonly latencies: number[];
  readonly samples: Set<string>;
  busy: number;
  errors: number;
  seconds: number;
  rssBefore: number;
}

async function connectAll(server: Launched, o: Options, headers: Record<string, string>): Promise<Target> {
  const rssBefore = rssMiB(server.child.pid);
  const clients = await Promise.all(
    Array.from({ length: o.sessions }, async () => {
      const client = new Client({ name: "http-load", version: "1" });
      const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } });
      await client.connect(transport);
      return { client, transport };
    }),
  );
  const target: Target = {
    server,
    clients,
    latencies: [],
    samples: new Set(),
    busy: 0,
    errors: 0,
    seconds: 0,
    rssBefore,
  };
  await segment(target, 1, false); // warm-up, not counted
  return target;
}

/** Runs every client of `target` in a closed loop for `seconds`; tallies when `count`. */
async function segment(t: Target, seconds: number, count = true): Promise<void> {
  const started = performance.now();
  const end = started + seconds * 1000;
  const note = (kind: "busy" | "error", text: string) => {
    if (!count) return;
    if (kind === "busy") t.busy++;
    else {
      t.errors++;
      if (t.samples.size < 5) t.samples.add(text.slice(0, 120));
    }
  };
  await Promise.all(
    t.clients.map(async ({ client }) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await client.callTool({ name: "lisp_eval", arguments: { program: PROGRAM } });
          const text = ((r.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
          if (!r.isError) {
            if (count) t.latencies.push(performance.now() - t0);
          } else if (text.startsWith("busy")) {
            note("busy", text);
            await Bun.sleep(BUSY_BACKOFF_MS);
          } else note("error", text);
        } catch (e) {
          const message = (e as Error).message;
          if (/busy/.test(message)) {
            note("busy", message);
            await Bun.sleep(BUSY_BACKOFF_MS);
          } else note("error", message);
        }
      }
    }),
  );
  if (count) t.seconds += (performance.now() - started) / 1000;
}

/** Ends the sessions, stops the server and returns the figures. */
async function finish(t: Target): Promise<LoadSide> {
  const rssAfter = rssMiB(t.server.child.pid);
  await Promise.all(t.clients.map(({ transport }) => transport.terminateSession().catch(() => {})));
  await Promise.all(t.clients.map(({ client }) => client.close().catch(() => {})));
  t.server.child.kill("SIGTERM");
  await new Promise((r) => t.server.child.once("exit", r));
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    callsPerSec: round((sorted.length + t.busy + t.errors) / t.seconds),
    okPerSec: round(sorted.length / t.seconds),
    ok: sorted.length,
    busy: t.busy,
    errors: t.errors,
    errorSamples: [...t.samples],
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    rssBeforeMiB: t.rssBefore,
    rssAfterMiB: rssAfter,
  };
}

/** Prints the result as a small table. */
export function printHttpLoad(r: HttpLoadResult): void {
  const row = (name: string, s: LoadSide) =>
    `${name.padEnd(10)} ${String(s.okPerSec).padStart(9)} ${String(s.callsPerSec).padStart(9)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.busy).padStart(7)} ${String(s.errors).padStart(6)} ${`${s.rssBeforeMiB} → ${s.rssAfterMiB}`.padStart(16)}`;
  console.log(
    `\nHTTP load: ${r.sessions} sessions, ${r.seconds} s closed loop, lisp_eval ${r.program}, --max-concurrent-calls ${r.maxConcurrentCalls}`,
  );
  console.log(
    `${"target".padEnd(10)} ${"ok/s".padStart(9)} ${"calls/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"busy".padStart(7)} ${"errors".padStart(6)} ${"RSS MiB".padStart(16)}`,
  );
  console.log(row("ptc-mcp", r.ptc));
  console.log(row("hono-echo", r.echo));
  console.log(
    `ratio ptc/echo: ok/s ${r.ratio.okPerSec.toFixed(2)}x, calls/s (ok + busy) ${r.ratio.callsPerSec.toFixed(2)}x, p50 ${r.ratio.p50.toFixed(2)}x, p99 ${r.ratio.p99.toFixed(2)}x`,
  );
  for (const s of [...r.ptc.errorSamples, ...r.echo.errorSamples]) console.log(`  error: ${s}`);
}

function parseCli(argv: string[]): { quick: boolean; options: Partial<Options> } {
  const options: { -readonly [K in keyof Options]?: Options[K] } = {};
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") quick = true;
    else if (a === "--sessions") options.sessions = Number(argv[++i]);
    else if (a === "--seconds") options.seconds = Math.min(25, Number(argv[++i]));
    else if (a === "--max-concurrent-calls") options.maxConcurrentCalls = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return { quick, options };
}

if (import.meta.main) {
  const { quick, options } = parseCli(Bun.argv.slice(2));
  const result = await httpLoad(quick, options);
  if (result) {
    printHttpLoad(result);
    mkdirSync(join(import.meta.dir, "results"), { recursive: true });
    writeFileSync(
      join(import.meta.dir, "results", "http-load.json"),
      `${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    process.exitCode = result.ptc.errors + result.echo.errors === 0 ? 0 : 1;
  }
}
