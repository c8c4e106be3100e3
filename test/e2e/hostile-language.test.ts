/**
 * Issue #10 (language and sandbox half) against the compiled binary: the attack inputs end in
 * typed errors from `ptc-mcp eval` and `ptc-mcp start`, the server keeps answering while they
 * run, and one worker gives the same program the same answer whatever ran on it before.
 * Assertions are on error types and answers, not on speed.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type Ran, runToEnd } from "../support/spawned.ts";
import { BINARY, requireBinary, type Served, serve, textOf } from "./helpers.ts";

/** Runs `ptc-mcp eval <program> <flags>` and returns its exit code and output. */
function evalCli(program: string, flags: string[] = []): Promise<Ran> {
  requireBinary();
  return runToEnd([BINARY, "eval", program, ...flags]);
}

describe("ptc-mcp eval under hostile programs", () => {
  it("stops the nested-key hash blow-up with the program's own clean timeout", async () => {
    const r = await evalCli("(count (reduce hash-set 0 (range 2000)))", ["--program-timeout-ms", "1000"]);
    expect(r.code).toBe(1);
    // The cooperative stop (with a position), not the worker being killed at the hard stop.
    expect(r.err).toStartWith("timeout: program exceeded its time limit of 1000 ms (line");
  }, 60_000);

  it("stops a builtin that never yields, as the server does, and exits 1", async () => {
    // Building a 3-million-element set is one builtin call with no budget check inside it.
    const flags = ["--program-timeout-ms", "100", "--program-memory-limit-bytes", "500000000"];
    const r = await evalCli("(count (set (range 3000000)))", flags);
    expect(r.code).toBe(1);
    expect(r.err).toStartWith("timeout: program exceeded its time limit of 100 ms");
  }, 60_000);

  it("refuses one oversized value with memory_exceeded, as the server does", async () => {
    const r = await evalCli('(count (format "%0999999999d" 1))');
    expect(r.code).toBe(1);
    expect(r.err).toStartWith("memory_exceeded: one value of about");
  }, 60_000);
});

describe("ptc-mcp start over raw stdio", () => {
  it("answers a 100,000-deep context with a typed args_error, and a ping sent after it", async () => {
    requireBinary();
    const proc = Bun.spawn([BINARY, "start"], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
    const depth = 100_000;
    const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    // Written by hand: an SDK client cannot even serialise a value this deep.
    const lines = [
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"lisp_eval","arguments":{"program":"(count data/a)","context":{"a":${deep}}}}}`,
      JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping" }),
    ];
    proc.stdin.write(`${lines.join("\n")}\n`);
    await proc.stdin.flush();
    const replies = new Map<number, unknown>();
    const reader = proc.stdout.getReader();
    let buffer = "";
    while (replies.size < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const part of parts) if (part.trim() !== "") replies.set(JSON.parse(part).id, JSON.parse(part));
    }
    proc.kill();
    expect(replies.get(2)).toMatchObject({
      result: {
        isError: true,
        content: [{ type: "text", text: "args_error: context is nested more than 1000 levels deep" }],
      },
    });
    expect(replies.get(3)).toMatchObject({ result: {} });
  }, 60_000);
});

describe("ptc-mcp start under hostile inputs", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(["--max-concurrent-calls", "1"]);
  }, 60_000);
  afterAll(() => served.close());

  const call = async (args: Record<string, unknown>) =>
    textOf(await served.client.callTool({ name: "lisp_eval", arguments: args }));

  it("refuses the schema bomb with an args_error and keeps answering pings", async () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) {
      const next = i < 5 ? { $ref: `#/$defs/l${i + 1}` } : { type: "integer" };
      defs[`l${i}`] = { allOf: Array.from({ length: 16 }, () => next) };
    }
    const pending = call({ program: "1", output_schema: { $defs: defs, $ref: "#/$defs/l0" } });
    // The schema is the program's work, on its worker: the main thread still answers.
    await served.client.ping();
    expect(await pending).toStartWith("args_error: output_schema: not a usable JSON Schema: checking a value");
  }, 60_000);

  it("checks a backtracking schema pattern in linear time", async () => {
    const text = await call({
      program: '(apply str (concat (repeat 20000 "a") ["!"]))',
      output_schema: { type: "string", pattern: "^(a+)+$" },
    });
    expect(text).toStartWith("validation_error: the result does not match output_schema");
  }, 60_000);

  it("never shows an internal JavaScript message", async () => {
    expect(await call({ program: '(apropos "x" {:__proto__ 1})' })).toStartWith(
      "runtime_error: apropos does not take the option :__proto__",
    );
    expect(await call({ program: "(range ##NaN)" })).toBe("[]");
  }, 60_000);

  it("gives the same program the same answer on 20 calls on one worker, whatever ran before", async () => {
    const program =
      '(let [s (set (map (fn [i] [i (keyword (str "k" i))]) (range 3000)))] [(count s) (contains? s [7 :k7])])';
    const hostile = [
      "(count (set (map (fn [i] [i (str i)]) (range 60000))))",
      '(count (set (map (fn [i] (keyword (str "x" i))) (range 60000))))',
      "(count (reduce hash-set 0 (range 2000)))",
      '(format "%0999999999d" 1)',
      "(str (reduce (fn [acc _] [acc acc]) 1 (range 40)))",
    ];
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) {
      await call({ program: hostile[i % hostile.length] as string });
      answers.push(await call({ program }));
    }
    expect(new Set(answers)).toEqual(new Set(["[3000 true]"]));
  }, 300_000);
});
