/**
 * Scale-out benchmark (issue #15), loopback only, bounded: calls/s and p50/p99 latency of
 * `lisp_eval` and `lisp_session_eval` through 1, 2 and 3 compiled `ptc-mcp start --http`
 * replicas on one PostgreSQL, against one replica on the embedded SQLite file, in the same run.
 *
 * Each configuration gets `--clients` 2026-07-28 SDK clients (sessionless; `--era 2025`: one
 * 2025 protocol session each, rebuilt by every replica it reaches) sending calls in a closed loop, every call to the next replica in turn (a round-robin balancer without affinity),
 * authenticated with a named token (so every request reads the token row). `lisp_session_eval`
 * clients each own one stateful session (`(def n (inc n))`: one row read, one write transaction
 * and the cross-replica eval lease per call). Tool segments alternate so machine noise hits both.
 *
 * The figure that matters on a small machine is the per-call store cost (session eval p50 minus
 * lisp_eval p50, and PostgreSQL minus SQLite): replicas, PostgreSQL and this load generator share
 * the same cores, so more replicas cannot mean more throughput here (no linear scaling claimed).
 *
 *   bun bench/replicas.ts [--quick] [--seconds 8] [--clients 8] [--replicas 1,2,3] [--era 2026|2025]
 *
 * Needs `bun build.ts` first; PostgreSQL binaries (`initdb`, `pg_ctl`) on PATH or under
 * /usr/lib/postgresql (skipped with a note otherwise). Results go to bench/results/replicas.json.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { type PostgresServer, startPostgres } from "../test/support/postgres.ts";

const BINARY = join(import.meta.dir, "..", "dist", "ptc-mcp");
const MODERN = { versionNegotiation: { mode: { pin: "2026-07-28" } } } as const;
const EVAL_PROGRAM = "(->> (range 100) (filter odd?) (reduce +))";
const SESSION_PROGRAM = "(def n (inc n))";
const BUSY_BACKOFF_MS = 10;

/** Figures of one tool on one configuration. Latencies in ms. */
export interface ToolFigures {
  readonly callsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly busy: number;
  readonly errors: number;
}

/** One configuration: a store and a replica count. */
export interface ConfigFigures {
  readonly store: "sqlite" | "postgres";
  readonly replicas: number;
  readonly lispEval: ToolFigures;
  readonly lispSessionEval: ToolFigures;
  /** lisp_session_eval p50 − lisp_eval p50: what the session's store round trips add, ms. */
  readonly sessionStoreCostMs: number;
}

interface Options {
  readonly seconds: number;
  readonly clients: number;
  readonly replicas: readonly number[];
  /** `2026`: sessionless clients; `2025`: one MCP-Session-Id each (its row is read per request). */
  readonly era: "2025" | "2026";
}

interface Replica {
  readonly child: ChildProcess;
  readonly port: number;
}

function run(args: string[], env: Record<string, string>): string {
  const r = spawnSync(BINARY, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`ptc-mcp ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function launch(args: string[]): Promise<Replica> {
  const child = spawn(BINARY, ["start", "--http", "--http-port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start: ${seen.slice(0, 500)}`)), 20_000);
    const onData = (chunk: Buffer) => {
      if (seen.length < 4096) seen += chunk.toString("utf8");
      const m = /"event":"server_start".*?"port":(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`replica exited ${code}: ${seen.slice(0, 500)}`)));
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A client whose every exchange goes to the next replica in turn. */
async function roundRobinClient(
  replicas: readonly Replica[],
  token: string,
  offset: number,
  era: Options["era"],
): Promise<Client> {
  let next = offset;
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${replicas[0]?.port}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: (url, init) => {
      const u = new URL(url instanceof Request ? url.url : String(url));
      u.port = String(replicas[next++ % replicas.length]?.port);
      return fetch(u, init);
    },
  });
  const client = new Client({ name: "bench-replicas", version: "1" }, era === "2026" ? MODERN : {});
  await client.connect(transport);
  return client;
}

interface Tally {
  latencies: number[];
  busy: number;
  errors: number;
  seconds: number;
}

/** Every client calls `call` in a closed loop for `seconds`. */
async function segment(
  clients: readonly Client[],
  call: (c: Client, i: number) => Promise<{ isError?: boolean; content?: unknown }>,
  seconds: number,
  tally: Tally | null,
): Promise<void> {
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (c, i) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await call(c, i);
          const text = ((r.content ?? []) as Array<{ text?: string }>)[0]?.text ?? "";
          if (!r.isError) tally?.latencies.push(performance.now() - t0);
          else if (text.startsWith("busy")) {
            if (tally) tally.busy++;
            await Bun.sleep(BUSY_BACKOFF_MS);
          } else if (tally) tally.errors++;
        } catch {
          if (tally) tally.errors++;
        }
      }
    }),
  );
  if (tally) tally.seconds += seconds;
}

function figures(t: Tally): ToolFigures {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    callsPerSec: Math.round(t.latencies.length / t.seconds),
    p50: r2(percentile(sorted, 50)),
    p99: r2(percentile(sorted, 99)),
    ok: t.latencies.length,
    busy: t.busy,
    errors: t.errors,
  };
}

/** One configuration, up and connected: its replicas, clients and tallies. */
interface Running {
  readonly store: "sqlite" | "postgres";
  readonly count: number;
  readonly clients: Client[];
  readonly evalCall: (c: Client) => ReturnType<Client["callTool"]>;
  readonly sessionCall: (c: Client, i: number) => ReturnType<Client["callTool"]>;
  readonly e: Tally;
  readonly s: Tally;
  stop(): Promise<void>;
}

/** Starts `count` replicas with `storeArgs`, connects the clients and opens their sessions. */
async function setUp(store: "sqlite" | "postgres", count: number, storeArgs: string[], o: Options): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), "ptc-bench-replicas-"));
  const replicas: Replica[] = [];
  const stop = async () => {
    for (const r of replicas) r.child.kill("SIGTERM");
    await Promise.all(replicas.map((r) => new Promise((done) => r.child.once("exit", done))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const name = `bench-${store}-${count}`;
    const token = run(["token", "create", name, "--data-dir", dir, ...storeArgs], {});
    const flags = ["--sessions", "--max-sessions", "256", "--max-concurrent-calls", "8"];
    for (let i = 0; i < count; i++)
      replicas.push(await launch(["--data-dir", dir, ...storeArgs, ...flags, "--http-instance-label", `r${i}`]));
    const clients = await Promise.all(
      Array.from({ length: o.clients }, (_, i) => roundRobinClient(replicas, token, i, o.era)),
    );
    const sessionIds: string[] = [];
    for (const c of clients) {
      const started = (await c.callTool({ name: "lisp_session_start", arguments: {} })) as {
        structuredContent?: { session_id?: string };
      };
      const id = started.structuredContent?.session_id as string;
      await c.callTool({ name: "lisp_session_eval", arguments: { session_id: id, program: "(def n 0)" } });
      sessionIds.push(id);
    }
    const running: Running = {
      store,
      count,
      clients,
      evalCall: (c) => c.callTool({ name: "lisp_eval", arguments: { program: EVAL_PROGRAM } }),
      sessionCall: (c, i) =>
        c.callTool({ name: "lisp_session_eval", arguments: { session_id: sessionIds[i], program: SESSION_PROGRAM } }),
      e: { latencies: [], busy: 0, errors: 0, seconds: 0 },
      s: { latencies: [], busy: 0, errors: 0, seconds: 0 },
      async stop() {
        await Promise.all(clients.map((c) => c.close().catch(() => {})));
        await stop();
      },
    };
    await segment(clients, running.evalCall, 1, null); // warm-up
    await segment(clients, running.sessionCall, 1, null);
    return running;
  } catch (e) {
    await stop();
    throw e;
  }
}

function result(r: Running): ConfigFigures {
  const lispEval = figures(r.e);
  const lispSessionEval = figures(r.s);
  const cost = Math.round((lispSessionEval.p50 - lispEval.p50) * 100) / 100;
  return { store: r.store, replicas: r.count, lispEval, lispSessionEval, sessionStoreCostMs: cost };
}

function row(c: ConfigFigures): string {
  const f = (t: ToolFigures) =>
    `${String(t.callsPerSec).padStart(6)}/s p50 ${t.p50.toFixed(2).padStart(6)} p99 ${t.p99.toFixed(2).padStart(7)}` +
    (t.busy + t.errors > 0 ? ` (busy ${t.busy}, errors ${t.errors})` : "");
  return `${`${c.store} x${c.replicas}`.padEnd(12)} lisp_eval ${f(c.lispEval)} | session_eval ${f(c.lispSessionEval)} | +${c.sessionStoreCostMs} ms`;
}

/** Runs every configuration; null when the binary is missing. */
export async function replicasBench(quick = false, options: Partial<Options> = {}): Promise<ConfigFigures[] | null> {
  if (!existsSync(BINARY)) {
    console.log(`replicas: skipped, ${BINARY} does not exist (build it with \`bun build.ts\`)`);
    return null;
  }
  const o: Options = { seconds: quick ? 4 : 8, clients: 8, replicas: [1, 2, 3], era: "2026", ...options };
  const running: Running[] = [];
  const pg = await startPostgres().catch((e: unknown) => {
    console.log(`replicas: PostgreSQL part skipped (${(e as Error).message})`);
    return null;
  });
  const out: ConfigFigures[] = [];
  try {
    running.push(await setUp("sqlite", 1, [], o));
    for (const n of pg ? o.replicas : [])
      running.push(await setUp("postgres", n, ["--store-url", await (pg as PostgresServer).createDatabase()], o));
    // Every configuration stays up; short segments take turns so machine noise hits all alike.
    const rounds = 4;
    for (let round = 0; round < rounds; round++)
      for (const r of running) {
        await segment(r.clients, r.evalCall, o.seconds / rounds / 2, r.e);
        await segment(r.clients, r.sessionCall, o.seconds / rounds / 2, r.s);
      }
    for (const r of running) {
      out.push(result(r));
      console.log(row(out[out.length - 1] as ConfigFigures));
    }
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    await pg?.close();
  }
  const sqlite = out[0] as ConfigFigures;
  const pg1 = out.find((c) => c.store === "postgres" && c.replicas === 1);
  if (pg1) {
    const r = (a: number, b: number) => (a / b).toFixed(2);
    console.log(
      `postgres x1 / sqlite x1 p50: lisp_eval ${r(pg1.lispEval.p50, sqlite.lispEval.p50)}x, ` +
        `lisp_session_eval ${r(pg1.lispSessionEval.p50, sqlite.lispSessionEval.p50)}x`,
    );
  }
  const dir = join(import.meta.dir, "results");
  mkdirSync(dir, { recursive: true });
  // The machine's load says how much of the figures is other work (2 cores, shared).
  const machine = { cpus: cpus().length, loadavg: loadavg().map((x) => Math.round(x * 10) / 10) };
  console.log(`load average ${machine.loadavg.join(" ")} on ${machine.cpus} cores`);
  writeFileSync(join(dir, "replicas.json"), `${JSON.stringify({ options: o, machine, configs: out }, null, 2)}\n`);
  return out;
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const options: Partial<Options> = {};
  if (value("--seconds")) Object.assign(options, { seconds: Number(value("--seconds")) });
  if (value("--clients")) Object.assign(options, { clients: Number(value("--clients")) });
  if (value("--era")) Object.assign(options, { era: value("--era") === "2025" ? "2025" : "2026" });
  if (value("--replicas")) Object.assign(options, { replicas: String(value("--replicas")).split(",").map(Number) });
  const result = await replicasBench(argv.includes("--quick"), options);
  process.exit(result ? 0 : 1);
}
