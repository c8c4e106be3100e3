/**
 * Shared plumbing for the end-to-end tests: the compiled binary driven by the SDK client over
 * stdio, plus a few probes (process RSS, result text).
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

/** The compiled binary (`npm run build`). */
export const BINARY = join(import.meta.dir, "..", "..", "dist", "ptc-mcp");

/** Throws a readable error when the binary has not been built. */
export function requireBinary(): void {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`npm run build\` first`);
}

/** A connected client and its server process. */
export interface Served {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `dist/ptc-mcp start <args>` and connects an SDK client to it. */
export async function serve(args: readonly string[] = []): Promise<Served> {
  requireBinary();
  const transport = new StdioClientTransport({ command: BINARY, args: ["start", ...args], stderr: "pipe" });
  let err = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, stderr: () => err, close: () => client.close() };
}

/** The two protocol eras every transport serves, as SDK client options. */
export const ERAS = [
  { name: "2025-11-25", options: {}, version: "2025-11-25", era: "legacy" },
  {
    name: "2026-07-28",
    options: { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    version: "2026-07-28",
    era: "modern",
  },
] as const;

/** The joined text blocks of a tool result. */
export function textOf(result: { content?: unknown }): string {
  const blocks = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return blocks.map((b) => b.text ?? "").join("\n");
}

/** Resident set size of process `pid` in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return Number(kib ?? 0) * 1024;
}

/** CPU time (user + system, all threads) process `pid` has used so far, in ms, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ")"; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Polls `read` until it is at most `limit` or `ms` pass; returns the last reading. */
export async function settleBelow(read: () => number, limit: number, ms = 20_000): Promise<number> {
  const until = Date.now() + ms;
  let value = read();
  while (value > limit && Date.now() < until) {
    await Bun.sleep(50);
    value = read();
  }
  return value;
}
