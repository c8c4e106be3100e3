/**
 * The planner loop with a scripted in-memory planner and the in-process executor: completion
 * rules, feedback, turn budgets, typed planner faults and the redaction of what the planner sees.
 * Upstream calls and the write rule run against real upstreams in test/e2e/agentic-binary.test.ts.
 */

import { describe, expect, it } from "bun:test";
import {
  type Planner,
  PlannerFault,
  type PlannerReply,
  type PlannerRequest,
  runTask,
} from "../../src/agentic/index.ts";
import type { LoopDeps } from "../../src/agentic/loop.ts";
import { createInProcessExecutor } from "../../src/sandbox/index.ts";

type Step = PlannerReply | PlannerFault | "hang";

/** A planner answering from `steps` (the last repeats) and recording every request. */
function scripted(steps: readonly Step[]): Planner & { requests: PlannerRequest[] } {
  const requests: PlannerRequest[] = [];
  return {
    model: "test:scripted",
    requests,
    async complete(request) {
      requests.push(request);
      const step = steps[Math.min(requests.length - 1, steps.length - 1)] as Step;
      if (step === "hang") return new Promise<never>(() => {});
      if (step instanceof PlannerFault) throw step;
      return step;
    },
  };
}

const reply = (text: string, finishReason: PlannerReply["finishReason"] = "stop"): PlannerReply => ({
  text,
  finishReason,
  promptTokens: 10,
  completionTokens: 5,
});

function deps(planner: Planner, budgets: Partial<LoopDeps["budgets"]> = {}): LoopDeps {
  return {
    planner,
    executor: createInProcessExecutor(),
    limits: { timeoutMs: 1000, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 },
    hostFor: () => ({ handler: async () => ({ result: null }), finish: () => ({ upstreamCalls: [] }) }),
    effectOf: () => "read",
    redact: (t) => t.replaceAll("hunter2-secret", "[REDACTED]"),
    budgets: {
      maxTurns: 1,
      retryTurns: 0,
      taskTimeoutMs: 30_000,
      plannerTimeoutMs: 10_000,
      maxOutputTokens: 100,
      ...budgets,
    },
  };
}

const run = (planner: Planner, budgets: Partial<LoopDeps["budgets"]> = {}, constraints?: Record<string, unknown>) =>
  runTask({ task: "do it", constraints, system: "SYSTEM", allowedServers: null }, deps(planner, budgets));

describe("runTask", () => {
  it("answers with a returned string as is and sums the reported tokens", async () => {
    const out = await run(scripted([reply('(return (str "a" "b"))')]));
    expect(out).toMatchObject({ status: "ok", answer: "ab", program: '(return (str "a" "b"))' });
    expect(out.planner).toMatchObject({ model: "test:scripted", turns: 1, prompt_tokens: 10, completion_tokens: 5 });
  });

  it("renders a returned non-string value in Clojure notation and passes constraints as data/constraints", async () => {
    const out = await run(scripted([reply("(return {:n (:max_items data/constraints)})")]), {}, { max_items: 3 });
    expect(out.answer).toBe("{:n 3}");
  });

  it("ends with reason fail when the program calls fail", async () => {
    const out = await run(scripted([reply('(fail "no such file")')]));
    expect(out).toMatchObject({ status: "error", reason: "fail", answer: "no such file" });
  });

  it("treats a program that ends without return or fail as no_completion", async () => {
    const out = await run(scripted([reply("(+ 1 2)")]));
    expect(out.reason).toBe("no_completion");
    expect(out.answer).toContain("its last value was 3");
  });

  it("feeds a runtime error back while retry turns remain, counting max plus retry turns", async () => {
    const planner = scripted([reply("(+ 1 nil)"), reply("(return :fixed)")]);
    const out = await run(planner, { maxTurns: 1, retryTurns: 1 });
    expect(out).toMatchObject({ status: "ok", answer: "fixed", planner: { turns: 2 } });
    expect(planner.requests[1]?.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(planner.requests[1]?.messages[2]?.content).toContain("did not complete the task:\ntype_error");
  });

  it("scrubs secrets from the feedback the planner sees", async () => {
    // The secret exists only at run time (as an upstream answer would), so only feedback could carry it.
    const planner = scripted([reply('(println (str "hunter2" "-secret")) (+ 1 nil)')]);
    const out = await run(planner, { maxTurns: 2 });
    expect(planner.requests[1]?.messages[2]?.content).toContain("prints:\n[REDACTED]");
    const seen = JSON.stringify(planner.requests.map((r) => r.messages));
    expect(seen).not.toContain("hunter2-secret");
    expect(out.answer).not.toContain("hunter2-secret");
  });

  it("stops at the token cap without running the cut-off program", async () => {
    const out = await run(scripted([reply("(return (str", "length")]), { maxTurns: 2 });
    expect(out).toMatchObject({ status: "error", reason: "token_cap", planner: { turns: 1 } });
    expect(out.program).toBeUndefined();
  });

  it("reports an empty reply and a prose reply with their own reasons", async () => {
    expect((await run(scripted([reply("   ")]))).reason).toBe("empty_reply");
    expect((await run(scripted([reply("Sure! I will read the file.")]))).reason).toBe("no_program");
  });

  it("passes a planner fault through as the task's reason", async () => {
    const out = await run(scripted([new PlannerFault("rate_limited", "slow down; retry after 3 s", 429, 3000)]));
    expect(out).toMatchObject({ status: "error", reason: "rate_limited", answer: "slow down; retry after 3 s" });
  });

  it("ends a planner call that does not answer with planner_timeout", async () => {
    const out = await run(scripted(["hang"]), { plannerTimeoutMs: 50 });
    expect(out).toMatchObject({ status: "error", reason: "planner_timeout" });
  });

  it("ends the whole task at its deadline even between planner turns", async () => {
    const out = await run(scripted(["hang"]), { plannerTimeoutMs: 60_000, taskTimeoutMs: 50 });
    expect(out.reason).toBe("task_timeout");
  });

  it("reports token counts only when every turn reported them", async () => {
    const out = await run(scripted([{ text: "(+ 1 nil)", finishReason: "stop" }, reply("(return 1)")]), {
      maxTurns: 2,
    });
    expect(out.status).toBe("ok");
    expect(out.planner.prompt_tokens).toBeUndefined();
    expect(out.planner.prompt_bytes).toBeGreaterThan(0);
  });
});
