/**
 * Produces a trace directory the way a user would: the compiled `ptc-mcp start --trace-dir` with
 * `@modelcontextprotocol/server-filesystem` as an upstream, driven by the SDK client over stdio,
 * with four calls: a success, a parse error, an aggregator call making two upstream calls, and a
 * timeout.
 */

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BINARY, requireBinary } from "../e2e/helpers.ts";

const FS_SERVER = join(import.meta.dir, "..", "..", "node_modules", ".bin", "mcp-server-filesystem");

/** The programs sent, by what they exercise. */
export const PROGRAMS = {
  ok: "(->> [1 2 3] (map inc) (reduce +))",
  parseError: '(let [x 1]\n  (+ x "unclosed)',
  timeout: "(loop [i 0 acc 0] (if (< i 100000000000) (recur (inc i) (+ acc i)) acc))",
} as const;

/** A trace dir with the four calls, and the temp root holding it. */
export interface TraceFixture {
  readonly root: string;
  readonly traceDir: string;
  readonly filesDir: string;
}

/** Client connected to a tracing server; used to add calls while the viewer watches. */
export interface TracingServer {
  call(program: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts `ptc-mcp start --trace-dir` with the filesystem upstream over `filesDir`. */
export async function startTracingServer(
  traceDir: string,
  filesDir: string,
  root: string,
  extraArgs: readonly string[] = [],
): Promise<TracingServer> {
  requireBinary();
  const config = join(root, "upstreams.json");
  writeFileSync(
    config,
    JSON.stringify({ upstreams: { fs: { transport: "mcp_stdio", command: FS_SERVER, args: [filesDir] } } }),
  );
  const transport = new StdioClientTransport({
    command: BINARY,
    args: ["start", "--trace-dir", traceDir, "--trace-payloads", "full", "--upstreams-config", config, ...extraArgs],
    stderr: "pipe",
  });
  const client = new Client({ name: "viewer-fixture", version: "1.0.0" });
  await client.connect(transport);
  return {
    async call(program) {
      await client.callTool({ name: "lisp_eval", arguments: { program } });
    },
    close: () => client.close(),
  };
}

/** Waits until `dir` holds `n` trace files (they are written just after each answer). */
export async function waitForTraces(dir: string, n: number, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    let count = 0;
    try {
      count = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).length;
    } catch {
      count = 0;
    }
    if (count >= n) return;
    await Bun.sleep(50);
  }
  throw new Error(`expected ${n} trace files in ${dir}`);
}

/** Runs the four calls and returns where their traces are. */
export async function makeTraceFixture(): Promise<TraceFixture> {
  const root = mkdtempSync(join(tmpdir(), "ptc-viewer-"));
  const traceDir = join(root, "traces");
  const filesDir = join(root, "files");
  mkdirSync(filesDir);
  writeFileSync(join(filesDir, "a.txt"), "alpha\nbeta\n");
  writeFileSync(join(filesDir, "b.txt"), "gamma\n");
  const server = await startTracingServer(traceDir, filesDir, root);
  try {
    await server.call(PROGRAMS.ok);
    await server.call(PROGRAMS.parseError);
    const read = (f: string) =>
      `(:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(join(filesDir, f))}}})))`;
    await server.call(`(str ${read("a.txt")} ${read("b.txt")})`);
  } finally {
    await server.close();
  }
  // A second server with a short time limit, so only this call can time out on a busy machine.
  const strict = await startTracingServer(traceDir, filesDir, root, [
    "--program-timeout-ms",
    "300",
    "--loop-limit",
    "100000000000",
  ]);
  try {
    await strict.call(PROGRAMS.timeout);
  } finally {
    await strict.close();
  }
  await waitForTraces(traceDir, 4);
  return { root, traceDir, filesDir };
}
