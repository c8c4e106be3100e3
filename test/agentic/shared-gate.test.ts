/**
 * lisp_task and lisp_eval share the process's concurrency gate (`--max-concurrent-calls`): while a
 * task holds the last slot a call is `busy`, and the other way round, so tasks and calls together
 * never ask for more programs than the pool has workers.
 */

import { describe, expect, it } from "bun:test";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { Planner } from "../../src/agentic/index.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { agenticServerFactory } from "./fixtures.ts";

const gate = createCallGate(1);
let release: () => void = () => {};
let planned: () => void = () => {};
const planner: Planner = {
  model: "test:held",
  async complete() {
    planned();
    await new Promise<void>((resolve) => (release = resolve));
    return { text: '(return "done")', finishReason: "stop", promptTokens: 1, completionTokens: 1 };
  },
};
const hostFor = () => ({ handler: async () => ({ result: null }), finish: () => ({ upstreamCalls: [] }) });

const factory = agenticServerFactory({
  planner,
  hostFor,
  catalog: { servers: () => [], catalogText: () => "", tools: () => null },
  maxConcurrentCalls: 1,
  gate,
});

const textOf = (r: { content?: unknown }) => ((r.content ?? []) as { text?: string }[]).map((b) => b.text).join("");

describe("one concurrency gate for lisp_task and lisp_eval", () => {
  it("answers lisp_eval busy while a task holds the slot, and lisp_task busy while a call does", async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "t", version: "0" });
    await Promise.all([factory().connect(b), client.connect(a)]);
    const started = new Promise<void>((resolve) => (planned = resolve));
    const task = client.callTool({ name: "lisp_task", arguments: { task: "anything" } });
    await started;
    expect(textOf(await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } }))).toMatch(/^busy/);
    release();
    expect(textOf(await task)).toStartWith("done");
    expect(textOf(await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } }))).toBe("3");
    expect(gate.tryEnter()).toBe(true);
    expect(textOf(await client.callTool({ name: "lisp_task", arguments: { task: "x" } }))).toMatch(/^busy/);
    gate.leave();
    await client.close();
  });
});
