/**
 * Context at scale (issue #13): a group-by/sum over 10k, 100k and 1M records passed as the
 * `context` of one `lisp_eval` call to the compiled binary over stdio, against `JSON.parse` of the
 * same text plus the same task in JavaScript under Bun, in the same run. Reports per size the
 * median round trip (from writing the pre-serialised, pre-encoded request line to reading the
 * answer line, so the client's own serialisation is not counted), the "tail" (from the pipe taking
 * the line's last bytes to the answer: the server's work once the read is over), the native
 * median, the round trip's ratio to it (target ≤ 3x),
 * and the server's peak RSS (`VmHWM` of the server process, workers included, read from /proc after
 * the first call of a fresh server) per JSON byte of context (target ≤ 6), also less the idle
 * server's RSS (read once its workers have booted; ~8 B/B at 100k records by itself).
 * Beside them, the floor: the SDK echo server's median round trip for the same line (its tool
 * renamed) up to {@link ECHO_MAX_RECORDS}, which any server built on the SDK's stdio transport
 * pays before doing any work, and PTC's time over it.
 *
 *   bun bench/scale.ts [--quick] [--sizes 10000,100000] [--binary path/to/ptc-mcp]
 *                      [--baseline path/to/other/ptc-mcp] [--rounds 2] [--no-echo]
 *
 * Linux only (reads /proc). Needs `bun build.ts` first, or `--binary` for another build. With
 * `--baseline` (e.g. the main branch's build) each size is run `--rounds` times on both builds,
 * alternating, and each round also prints the build's time over the baseline's: on a shared machine
 * the native column swings between runs, so that same-round ratio is the one to compare.
 */

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mulberry32 } from "./data.ts";

const ECHO = join(import.meta.dir, "fixtures", "echo-server.ts");
/**
 * The largest size the echo server is timed at: the SDK's stdio reader concatenates its whole
 * buffer with each chunk it reads (quadratic in the line), so 10 MB already takes it ~0.5 s and a
 * 100 MB line minutes.
 */
const ECHO_MAX_RECORDS = 100_000;
const REGIONS = ["north", "south", "east", "west", "central", "overseas"];
const CATEGORIES = ["books", "games", "garden", "kitchen", "music", "office", "sports", "toys"];

const LISP = `(->> data/records
     (group-by :region)
     (map (fn [[region rs]] {:region region :total (sum-by :amount rs) :items (sum-by :quantity rs)}))
     (sort-by :region))`;

const JS = (data: { records: { region: string; amount: number; quantity: number }[] }) => {
  const groups: Record<string, { region: string; amount: number; quantity: number }[]> = {};
  for (const r of data.records) {
    const g = groups[r.region];
    if (g) g.push(r);
    else groups[r.region] = [r];
  }
  return Object.entries(groups)
    .map(([region, rs]) => ({
      region,
      total: rs.reduce((s, r) => s + r.amount, 0),
      items: rs.reduce((s, r) => s + r.quantity, 0),
    }))
    .sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
};

/** How long an idle server is left to finish booting its workers before its RSS is read (ms). */
const SETTLE_MS = 1500;

/** `n` records from a fixed seed, shaped like an API listing. */
function records(n: number): unknown[] {
  const rnd = mulberry32(7);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `rec-${i}`,
      region: REGIONS[Math.floor(rnd() * REGIONS.length)],
      category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)],
      amount: Math.round(rnd() * 100_000) / 100,
      quantity: 1 + Math.floor(rnd() * 9),
      active: rnd() < 0.8,
    });
  }
  return out;
}

/** One line-oriented JSON-RPC conversation with a child server. */
class Server {
  private buffered = "";
  private waiting: ((line: string) => void) | null = null;
  readonly child;
  /** Spawns `command` (the binary with `start` and its flags, or the echo server). */
  constructor(command: readonly string[]) {
    this.child = spawn(command[0] as string, command.slice(1), { stdio: ["pipe", "pipe", "ignore"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (s: string) => {
      this.buffered += s;
      const nl = this.buffered.indexOf("\n");
      if (nl >= 0 && this.waiting) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const w = this.waiting;
        this.waiting = null;
        w(line);
      }
    });
  }
  /** Writes one line (text, or its UTF-8 bytes with the newline) and resolves with the next answer line. */
  request(line: string | Buffer): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.stdin.write(typeof line === "string" ? `${line}\n` : line, () => {
        this.writtenAt = performance.now();
      });
    });
  }
  /** `initialize` and `notifications/initialized`. */
  async handshake(): Promise<void> {
    await this.request(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "scale", version: "1" } },
      }),
    );
    this.notify(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  }
  /** When the pipe took the last bytes of the last request (`performance.now()`). */
  writtenAt = 0;
  notify(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
  /** Peak RSS in bytes of the server and every thread/child it has, from /proc. */
  peakRss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : Number.NaN;
  }
  stop(): void {
    this.child.kill();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** A `tools/call` line of `tool` with the program and `contextText` as its arguments, encoded. */
function callLine(id: number, tool: string, contextText: string): Buffer {
  return Buffer.from(
    `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool}","arguments":{"program":${JSON.stringify(LISP)},"context":${contextText}}}}\n`,
  );
}

/**
 * The floor every MCP server over stdio pays for the same request: the median round trip of the
 * SDK echo server (bench/fixtures/echo-server.ts, which parses the line, validates it and
 * answers "ok") for the same line, with the tool renamed `echo` (ms).
 */
async function echoFloor(contextText: string, reps: number): Promise<number> {
  const echo = new Server([process.execPath, ECHO]);
  await echo.handshake();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const line = callLine(i + 1, "echo", contextText);
    const t0 = performance.now();
    await echo.request(line);
    times.push(performance.now() - t0);
  }
  echo.stop();
  return median(times);
}

/** One size's runs on `binary`; `contextText` is the JSON of `{records}` with `n` records. */
async function runSize(binary: string, n: number, contextText: string, reps: number) {
  const bytes = Buffer.byteLength(contextText);
  const cap = String(bytes * 2 + 1_000_000);
  const server = new Server([
    binary,
    "start",
    "--max-frame-bytes",
    cap,
    "--max-context-bytes",
    cap,
    "--program-timeout-ms",
    "120000",
    "--program-memory-limit-bytes",
    String(2 * 1024 ** 3),
  ]);
  await server.handshake();
  // The pool starts one worker with the server and the rest (and a spare) shortly after: idle is
  // read once they are up, so their boot is not counted as the call's memory.
  await Bun.sleep(SETTLE_MS);
  const idleRss = server.peakRss();
  const times: number[] = [];
  // From the pipe taking the request's last bytes to the answer: the server's work once the
  // read is over, which the read's own swings (the client, the pipe) do not reach.
  const tails: number[] = [];
  let answer = "";
  let peak = 0;
  for (let i = 0; i < reps; i++) {
    // Encoded before the clock starts: the client's own serialisation is not the server's time.
    const line = callLine(i + 1, "lisp_eval", contextText);
    const t0 = performance.now();
    answer = await server.request(line);
    const t1 = performance.now();
    times.push(t1 - t0);
    tails.push(t1 - server.writtenAt);
    // The peak of one call on a fresh server: later calls also meet the garbage of earlier ones.
    if (i === 0) peak = server.peakRss();
  }
  server.stop();
  const native: number[] = [];
  let expected: unknown;
  for (let i = 0; i < Math.max(reps, 3); i++) {
    const t0 = performance.now();
    expected = JS(JSON.parse(contextText));
    native.push(performance.now() - t0);
  }
  const text: string = JSON.parse(answer).result?.content?.[0]?.text ?? "";
  const field = (m: string, k: string) => new RegExp(`:${k} "?([\\w.]+)`).exec(m)?.[1];
  const got = Array.from(text.matchAll(/\{[^}]*\}/g), ([m]) => ({
    region: field(m, "region"),
    total: Number(field(m, "total")),
    items: Number(field(m, "items")),
  }));
  const ok = JSON.stringify(roundAll(got)) === JSON.stringify(roundAll(expected));
  if (!ok) console.log(`  n=${n}: answer differs from native: ${answer.slice(0, 300)}`);
  return { n, bytes, ptcMs: median(times), tailMs: median(tails), nativeMs: median(native), idleRss, peak, ok };
}

/** Rounds every number to 6 significant digits, so float summation order does not matter. */
function roundAll(x: unknown): unknown {
  if (typeof x === "number") return Number(x.toPrecision(6));
  if (Array.isArray(x)) return x.map(roundAll);
  if (x && typeof x === "object")
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, roundAll(v)] as [string, unknown]));
  return x;
}

async function main(): Promise<void> {
  const argv = Bun.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick");
  const binary = opt("--binary") ?? join(import.meta.dir, "..", "dist", "ptc-mcp");
  if (!existsSync(binary)) {
    console.log(`scale: ${binary} does not exist (build it with \`bun build.ts\`)`);
    process.exit(1);
  }
  const sizes = (opt("--sizes") ?? (quick ? "10000,100000" : "10000,100000,1000000")).split(",").map(Number);
  const baseline = opt("--baseline");
  if (baseline !== undefined && !existsSync(baseline)) {
    console.log(`scale: ${baseline} does not exist`);
    process.exit(1);
  }
  const rounds = baseline === undefined ? 1 : Number(opt("--rounds") ?? 2);
  console.log(`scale: ${binary}${baseline === undefined ? "" : ` against ${baseline}`}`);
  const withEcho = !argv.includes("--no-echo");
  console.log(
    `${baseline === undefined ? "" : "build  "}records   JSON MB  PTC ms  tail ms  native ms  PTC/native${withEcho ? "  echo ms  PTC/echo" : ""}  idle RSS MB  peak RSS MB  peak/JSON byte  above idle/JSON byte${baseline === undefined ? "" : "  /base  tail/base"}`,
  );
  let failed = false;
  for (const n of sizes) {
    const reps = n >= 1_000_000 ? 2 : quick ? 3 : 5;
    // Built once per size: every round and the echo server read the same text.
    const contextText = JSON.stringify({ records: records(n) });
    const echoMs = withEcho && n <= ECHO_MAX_RECORDS ? await echoFloor(contextText, reps) : undefined;
    for (let round = 0; round < rounds; round++) {
      const base = baseline === undefined ? null : await runSize(baseline, n, contextText, reps);
      const r = await runSize(binary, n, contextText, reps);
      for (const [label, x] of base === null
        ? [["", r] as const]
        : [["base   ", base] as const, ["new    ", r] as const]) {
        failed ||= !x.ok;
        const vsBase =
          base === null
            ? ""
            : `${(x.ptcMs / base.ptcMs).toFixed(2).padStart(7)} ${(x.tailMs / base.tailMs).toFixed(2).padStart(10)}`;
        console.log(`${label}${row(x, echoMs, withEcho)}${vsBase}`);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}

/** One result line: the columns of the header (the echo pair, "-" where it was not timed, unless `--no-echo`). */
function row(r: Awaited<ReturnType<typeof runSize>>, echoMs: number | undefined, withEchoColumns: boolean): string {
  const echo = !withEchoColumns
    ? []
    : echoMs === undefined
      ? ["-".padStart(8), "-".padStart(9)]
      : [echoMs.toFixed(0).padStart(8), `${(r.ptcMs / echoMs).toFixed(1)}×`.padStart(9)];
  return [
    String(r.n).padStart(7),
    (r.bytes / 1e6).toFixed(1).padStart(9),
    r.ptcMs.toFixed(0).padStart(7),
    r.tailMs.toFixed(0).padStart(8),
    r.nativeMs.toFixed(0).padStart(10),
    `${(r.ptcMs / r.nativeMs).toFixed(1)}×`.padStart(11),
    ...echo,
    (r.idleRss / 2 ** 20).toFixed(0).padStart(12),
    (r.peak / 2 ** 20).toFixed(0).padStart(12),
    (r.peak / r.bytes).toFixed(1).padStart(15),
    ((r.peak - r.idleRss) / r.bytes).toFixed(1).padStart(21),
  ].join(" ");
}

await main();
