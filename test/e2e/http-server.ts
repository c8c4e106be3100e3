/**
 * Runs the compiled binary as an HTTP server for end-to-end tests: picks a free loopback port,
 * waits for the `server_start` log line, and records every byte the process writes so a test can
 * search it for secrets. Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, expect } from "bun:test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BINARY = join(import.meta.dir, "..", "..", "dist", "ptc-mcp");
/** A static bearer token (≥ 32 characters) used by the suites. */
export const STATIC_TOKEN = "e2e-static-token-Zq8v2Lk4Rt6Yp0Wm3Nx5";

/** Everything any spawned server wrote, per process, for leak scans. */
export const WRITTEN: string[] = [];
/** Every data directory handed out, for leak scans. */
export const DATA_DIRS: string[] = [];

if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`npm run build\` first`);

/** A fresh data directory. */
export function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ptc-e2e-http-"));
  DATA_DIRS.push(d);
  return d;
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `ptc-mcp token …` and returns stdout (the raw token for `create`). */
export function tokenCli(args: string[], dir: string): string {
  const r = spawnSync(BINARY, ["token", ...args, "--data-dir", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`token ${args.join(" ")} failed: ${r.stderr}`);
  WRITTEN.push(r.stderr);
  return r.stdout.trim();
}

/** A running server. */
export interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly exited: Promise<number | null>;
  /** stderr so far. */
  stderr(): string;
  /** Sends `signal` and waits for the exit status. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `ptc-mcp start --http` on a free port with `dir` as data directory. */
export async function startServer(
  dir: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(BINARY, ["start", "--http", "--http-port", String(port), "--data-dir", dir, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
  });
  let err = "";
  const index = WRITTEN.length;
  WRITTEN.push("");
  const record = (chunk: Buffer) => {
    err += chunk.toString("utf8");
    WRITTEN[index] = err;
  };
  child.stderr?.on("data", record);
  child.stdout?.on("data", record);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    // A hang guard, wide for a loaded machine: the binary normally starts in well under a second.
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
    const check = () => {
      if (err.includes('"event":"server_start"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on("data", check);
    exited.then((code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    exited,
    stderr: () => err,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Every file of every data directory, as raw bytes decoded latin1 (so any byte sequence matches). */
export function dataDirBytes(): string[] {
  const out: string[] = [];
  for (const d of DATA_DIRS) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d, { recursive: true })) {
      const p = join(d, String(f));
      try {
        out.push(readFileSync(p).toString("latin1"));
      } catch {
        // a directory
      }
    }
  }
  return out;
}

/** A raw HTTP/1.1 request to the server (any Host header), body read in full. */
export function rawRequest(
  port: number,
  method: string,
  headers: Record<string, string>,
  body?: string,
  path = "/mcp",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Headers of an MCP POST. */
export function mcpHeaders(bearer: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    ...extra,
  };
}

/** A 2025-11-25 `initialize` body. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "e2e-raw", version: "1" } },
});

/** Resolves once `cond()` holds (polls every 10 ms; rejects after `ms`, a hang guard). */
export async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await Bun.sleep(10);
  }
}

/** A running HTTP server with two named tokens, `alice` and `bob` (raw values), made before it started. */
export interface TwoTokenServer {
  readonly dir: string;
  /** Writable: a restart test replaces it, and `afterAll` stops whichever runs last. */
  server: RunningServer;
  readonly alice: string;
  readonly bob: string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that create tokens `alice` and `bob` in a fresh data
 * directory and run `ptc-mcp start --http <extra>` on it; the returned fields are set once the
 * hooks ran (inside tests).
 * `afterAll` expects a clean exit (status 0) when `checkExit` is set.
 */
export function twoTokenServer(extra: string[], checkExit = false): TwoTokenServer {
  const ctx = { dir: dataDir(), alice: "", bob: "" } as {
    dir: string;
    alice: string;
    bob: string;
    server: RunningServer;
  };
  beforeAll(async () => {
    ctx.alice = tokenCli(["create", "alice"], ctx.dir);
    ctx.bob = tokenCli(["create", "bob"], ctx.dir);
    ctx.server = await startServer(ctx.dir, extra);
  }, 60_000);
  afterAll(async () => {
    const code = await ctx.server?.stop();
    if (checkExit) expect(code).toBe(0);
  }, 60_000);
  return ctx;
}
