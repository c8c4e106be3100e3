/**
 * The concurrency gate, cancellation, isolation, byte caps, stdin EOF and log hygiene, against the
 * compiled binary over stdio.
 */

import { describe, expect, it } from "bun:test";
import { spawn } from "node:child_process";
import { BINARY, cpuMsOf, requireBinary, serve, textOf } from "./helpers.ts";
import { firstLines } from "./stdout-lines.ts";

/**
 * Never finishes: each of the 8 admitted calls holds its slot until its 8 s deadline, far longer
 * than sending 50 requests takes on any machine, so exactly 8 are admitted however slow the box.
 */
const ENDLESS = "(loop [i 0] (recur (inc i)))";

describe("concurrency gate", () => {
  it("answers 8 of 50 simultaneous calls and refuses 42 with busy at once, then serves the next call", async () => {
    const served = await serve([
      "--max-concurrent-calls",
      "8",
      "--loop-limit",
      "1000000000000",
      "--program-timeout-ms",
      "8000",
    ]);
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          served.client.callTool({ name: "lisp_eval", arguments: { program: ENDLESS } }),
        ),
      );
      const texts = results.map(textOf);
      expect(texts.filter((t) => t.startsWith("busy:"))).toHaveLength(42);
      expect(texts.filter((t) => t.startsWith("timeout:"))).toHaveLength(8);
      const next = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
      expect(textOf(next)).toBe("3");
    } finally {
      await served.close();
    }
  }, 60_000); // 8 × 30 M iterations at once: seconds on a loaded 2-core machine
});

describe("isolation and cancellation", () => {
  it("never lets one call see another call's def, even on the same worker", async () => {
    const served = await serve(["--max-concurrent-calls", "1"]);
    try {
      const a = await served.client.callTool({
        name: "lisp_eval",
        arguments: { program: "(def x 41) (defn f [] x) (f)" },
      });
      const b = await served.client.callTool({ name: "lisp_eval", arguments: { program: "x" } });
      const c = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(f)" } });
      expect(textOf(a)).toBe("41");
      expect(textOf(b)).toStartWith("unbound_var:");
      expect(textOf(c)).toStartWith("unbound_var:");
    } finally {
      await served.close();
    }
  });

  it("stops the program when the client cancels the call, and keeps serving", async () => {
    const served = await serve([
      "--max-concurrent-calls",
      "1",
      "--loop-limit",
      "1000000000000",
      "--program-timeout-ms",
      "30000",
    ]);
    try {
      const abort = new AbortController();
      const call = served.client.callTool(
        { name: "lisp_eval", arguments: { program: "(loop [i 0] (recur (inc i)))" } },
        { signal: abort.signal },
      );
      // Cancel only once the loop is running in its worker (1 s of CPU, more than the boot of the
      // remaining workers takes, which counts too): a cancel that reaches a call still waiting for
      // its worker has no run to stop, and on a busy box 150 ms was sometimes too short. Bounded: 30 s.
      const pid = served.transport.pid as number;
      const before = cpuMsOf(pid);
      for (let i = 0; i < 300 && cpuMsOf(pid) - before < 1000; i++) await Bun.sleep(100);
      abort.abort();
      await expect(call).rejects.toThrow();
      const started = performance.now();
      const next = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
      expect(textOf(next)).toBe("3");
      // A hang guard: the cancelled run's 30 s deadline is far off, only the cancel frees the slot.
      expect(performance.now() - started).toBeLessThan(10_000);
      // The worker's stop is logged once it is done; poll for the line (bounded) instead of racing it.
      for (let i = 0; i < 2000 && !served.stderr().includes('"cause":"cancelled"'); i++) await Bun.sleep(10);
      expect(served.stderr()).toContain('"cause":"cancelled"');
    } finally {
      await served.close();
    }
  });
});

describe("byte caps", () => {
  it("returns args_error for a 5 MB context when the cap is 4 MB", async () => {
    const served = await serve();
    try {
      const context = { rows: Array.from({ length: 50_000 }, (_, i) => ({ id: i, note: "x".repeat(90) })) };
      expect(JSON.stringify(context).length).toBeGreaterThan(5_000_000);
      const r = await served.client.callTool({
        name: "lisp_eval",
        arguments: { program: "(count data/rows)", context },
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(
        /^args_error: context is \d+ bytes as JSON, over the 4194304-byte limit \(--max-context-bytes\)$/,
      );
      const ok = await served.client.callTool({
        name: "lisp_eval",
        arguments: { program: "(count data/rows)", context: { rows: context.rows.slice(0, 1000) } },
      });
      expect(textOf(ok)).toBe("1000");
    } finally {
      await served.close();
    }
  });

  it("answers -32700 for a 9 MB frame over the default 8 MiB cap and reads on", async () => {
    requireBinary();
    const child = spawn(BINARY, ["start"], { stdio: ["pipe", "pipe", "pipe"] });
    const twoLines = firstLines(child.stdout, 2);
    const init = {
      jsonrpc: "2.0",
      id: 7,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x", params: { pad: "y".repeat(9 * 1024 * 1024) } })}\n`,
    );
    child.stdin.write(`${JSON.stringify(init)}\n`);
    const lines = await twoLines;
    child.stdin.end();
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ id: null, error: { code: -32700 } });
    expect(second).toMatchObject({ id: 7, result: { serverInfo: { name: "ptc_lisp" } } });
  });
});

describe("lifecycle and logs", () => {
  it("exits 0 promptly on stdin EOF while a call is still running", async () => {
    requireBinary();
    const child = spawn(BINARY, ["start", "--loop-limit", "1000000000000", "--program-timeout-ms", "30000"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "lisp_eval", arguments: { program: "(loop [i 0] (recur (inc i)))" } },
    });
    await Bun.sleep(300);
    const started = performance.now();
    child.stdin.end();
    expect(await exited).toBe(0);
    // Hang guard: stdin EOF must stop the server without waiting for the endless call.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("keeps program and context bodies out of stderr at info and logs them at debug", async () => {
    const marker = "zq-secret-7f3a";
    const args = { program: `(str "${marker}" (:k data/m))`, context: { m: { k: `${marker}-ctx` } } };
    for (const level of ["info", "debug"] as const) {
      const served = await serve(["--log-level", level]);
      try {
        const r = await served.client.callTool({ name: "lisp_eval", arguments: args });
        expect(textOf(r)).toBe(`"${marker}${marker}-ctx"`);
        // At debug the line must arrive (bounded poll); at info give stray lines time to show up.
        if (level === "debug") for (let i = 0; i < 2000 && !served.stderr().includes(marker); i++) await Bun.sleep(10);
        else await Bun.sleep(300);
        const logs = served.stderr();
        for (const line of logs.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
        expect(logs.includes(marker)).toBe(level === "debug");
      } finally {
        await served.close();
      }
    }
  });
});
