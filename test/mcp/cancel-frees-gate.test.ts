/** A cancelled lisp_eval call gives its concurrency slot back in the abort itself, not a tick later. */

import { expect, it } from "bun:test";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createLispEvalHandler } from "../../src/mcp/lisp-eval.ts";
import { slimRenderer } from "../../src/mcp/profiles/index.ts";
import type { EvalOutcome, EvalRequest, Executor } from "../../src/sandbox/executor.ts";

it("frees the gate slot synchronously when the call's signal aborts", async () => {
  const gate = createCallGate(1);
  // An executor that answers a cancelled run only later, as a worker pool's promise does.
  const executor: Executor = {
    run: (request: EvalRequest) =>
      new Promise<EvalOutcome>((resolve) =>
        request.signal?.addEventListener("abort", () =>
          setTimeout(
            () => resolve({ ok: false, error: { code: "cancelled", message: "x" }, prints: [], durationMs: 0 }),
            50,
          ),
        ),
      ),
    close: async () => {},
  };
  const handler = createLispEvalHandler({
    executor,
    limits: { timeoutMs: 1000, memoryLimitBytes: 1 << 20, loopLimit: 1000 },
    caps: { maxProgramBytes: 100, maxContextBytes: 200 },
    gate,
    renderer: slimRenderer,
    logger: silentLogger,
  });
  const abort = new AbortController();
  const call = handler({ program: "1" }, abort.signal);
  expect(gate.inFlight).toBe(1);
  abort.abort();
  expect(gate.inFlight).toBe(0);
  await call;
  // The late answer does not give the slot back a second time.
  expect(gate.tryEnter()).toBe(true);
  expect(gate.tryEnter()).toBe(false);
});
