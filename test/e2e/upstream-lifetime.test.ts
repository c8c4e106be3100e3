/**
 * Upstream processes never outlive the server (issue #10, item 8). The upstream here ignores
 * SIGTERM and stdin EOF and has a child that does the same; after SIGTERM and after SIGKILL of
 * `ptc-mcp start` (stdio, and HTTP for SIGTERM) no process of that tree may remain, as `ps` sees
 * it. Also: an upstream answer without its trailing newline does not swallow the next answer.
 */

import { afterAll, describe, expect, it } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BINARY, freePort } from "./http-server.ts";

const FIXTURE = join(import.meta.dir, "..", "fixtures", "stubborn-upstream.ts");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory with an upstreams file naming the stubborn fixture; pids land in `pids`. */
function setup(): { dir: string; config: string; pids: string } {
  const dir = mkdtempSync(join(tmpdir(), "ptc-lifetime-"));
  dirs.push(dir);
  const pids = join(dir, "pids");
  const config = join(dir, "upstreams.json");
  writeFileSync(
    config,
    JSON.stringify({
      upstreams: {
        stubborn: {
          transport: "mcp_stdio",
          command: process.execPath,
          args: [FIXTURE],
          env: { STUBBORN_PID_FILE: pids },
        },
      },
    }),
  );
  return { dir, config, pids };
}

/**
 * Live processes (as `ps` lists them; zombies are dead, only not yet reaped) that are among
 * `pids` or in the process group of one of them: the upstream leads its own group, so this also
 * catches its watcher and anything else it started.
 */
function alive(pids: readonly number[]): number[] {
  const r = spawnSync("ps", ["-e", "-o", "pid=,pgid=,stat="], { encoding: "utf8" });
  return r.stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(
      ([pid, pgid, stat]) =>
        pid && !stat?.startsWith("Z") && (pids.includes(Number(pid)) || pids.includes(Number(pgid))),
    )
    .map(([pid]) => Number(pid));
}

async function treeOf(pidFile: string): Promise<number[]> {
  const end = Date.now() + 15_000;
  while (!existsSync(pidFile) || readFileSync(pidFile, "utf8").trim().split(" ").length < 2) {
    if (Date.now() > end) throw new Error("the upstream never wrote its pids");
    await Bun.sleep(20);
  }
  return readFileSync(pidFile, "utf8").trim().split(" ").map(Number);
}

/** Waits up to `ms` for every pid to be gone; returns those left. */
async function goneWithin(pids: readonly number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  let left = alive(pids);
  while (left.length > 0 && Date.now() < end) {
    await Bun.sleep(100);
    left = alive(pids);
  }
  return left;
}

/** Kills whatever a failed test left behind, so one failure does not leak into the machine. */
function cleanup(pids: readonly number[]): void {
  for (const pid of alive(pids)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

async function startStdio(config: string) {
  const child = spawn(BINARY, ["start", "--upstreams-config", config], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const exited = new Promise<number | null>((r) => child.on("exit", (code, signal) => r(code ?? (signal ? -1 : null))));
  const end = Date.now() + 20_000;
  while (!err.includes('"event":"server_start"')) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`ptc-mcp did not start: ${err}`);
    await Bun.sleep(20);
  }
  return { child, exited, stderr: () => err };
}

describe("upstream processes die with the server", () => {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`leaves no process of a stubborn upstream tree after ${signal} of ptc-mcp start (stdio)`, async () => {
      const { config, pids } = setup();
      const server = await startStdio(config);
      const tree = await treeOf(pids);
      try {
        expect(alive(tree)).toEqual(expect.arrayContaining(tree));
        server.child.kill(signal);
        const code = await server.exited;
        if (signal === "SIGTERM") expect(code).toBe(0);
        expect(await goneWithin([server.child.pid as number, ...tree], 10_000)).toEqual([]);
      } finally {
        cleanup(tree);
      }
    }, 60_000);
  }

  it("leaves no process of a stubborn upstream tree after SIGTERM of ptc-mcp start --http", async () => {
    const { dir, config, pids } = setup();
    const port = await freePort();
    const child = spawn(
      BINARY,
      [
        "start",
        "--http",
        "--http-port",
        String(port),
        "--http-disable-auth",
        "--data-dir",
        dir,
        "--upstreams-config",
        config,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const tree = await treeOf(pids);
    try {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(await goneWithin(tree, 10_000)).toEqual([]);
    } finally {
      cleanup(tree);
    }
  }, 60_000);
});

describe("upstream stdout framing", () => {
  it("does not let an answer without a trailing newline swallow the next answer", async () => {
    const { config, pids } = setup();
    const transport = new StdioClientTransport({ command: BINARY, args: ["start", "--upstreams-config", config] });
    const client = new Client({ name: "e2e-framing", version: "1" });
    await client.connect(transport);
    const tree = await treeOf(pids);
    try {
      const call = (tool: string) =>
        client.callTool({
          name: "lisp_eval",
          arguments: { program: `(:value (tool/call {:server "stubborn" :tool "${tool}" :args {}}))` },
        });
      const first = await call("no_newline");
      const second = await call("hello");
      expect((first.content as Array<{ text: string }>)[0]?.text).toBe('"unterminated"');
      expect((second.content as Array<{ text: string }>)[0]?.text).toBe('"hello"');
    } finally {
      await client.close();
      cleanup(tree);
    }
  }, 60_000);
});
