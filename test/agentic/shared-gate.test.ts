/**
 * lisp_task and lisp_eval share the process's concurrency gate (`--max-concurrent-calls`): while a
 * task holds the last slot a call is `busy`, and the other way round, so tasks and calls together
 * never ask for more programs than the pool has workers.
 */

import { describe, expect, it } from "bun:test";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createAgentic, type Planner } from "../../src/agentic/index.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createServerFactory } from "../../src/mcp/server.ts";
import { createInProcessExecutor } from "../../src/sandbox/in-process.ts";
import { TEST_AGENTIC_SETTINGS } from "./settings.ts";

const limits = { timeoutMs: 1000, memoryLimitBytes: 10 << 20, loopLimit: 1000 };
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

const lispTask = createAgentic({
  settings: TEST_AGENTIC_SETTINGS,
  executor: createInProcessExecutor(),
  limits,
  hostFor,
  catalog: { servers: () => [], catalogText: () => "", tools: () => null },
  redact: (t) => t,
  profile: "slim",
  logger: silentLogger,
  maxConcurrentCalls: 1,
  gate,
  maxUpstreamCallsPerProgram: 10,
  caps: { maxTaskBytes: 1000, maxConstraintsBytes: 1000 },
  aggregatorReadOnly: true,
  planner,
});

const factory = createServerFactory({
  executor: createInProcessExecutor(),
  limits,
  caps: { maxProgramBytes: 65536, maxContextBytes: 65536 },
  maxConcurrentCalls: 1,
  profile: "slim",
  logger: silentLogger,
  hostFor,
  catalog: () => "",
  aggregatorReadOnly: true,
  extraTools: [lispTask],
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
