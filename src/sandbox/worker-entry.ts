/**
 * Entry point of a sandbox worker (a Bun `Worker`; in the compiled binary, an extra build entry
 * point — see build.ts). Runs one program at a time for the pool: every run gets a fresh
 * evaluation (its own namespace, prints and budgets), the heap probe for the memory limit, and a
 * host bridge when the call serves host operations.
 *
 * Between runs the worker's heap is accounted for by worker-leftovers.ts: each run's budget is
 * measured from the live heap, and a run's large garbage is kept for the next run to collect and
 * reuse the memory of (decision 0038).
 */

import { createWorkerBridge } from "./host-channel.ts";
import { createHeapProbe } from "./memory-probe.ts";
import { runProgram } from "./run-program.ts";
import { createLeftovers, type Leftovers } from "./worker-leftovers.ts";
import {
  type DoneMessage,
  type InitMessage,
  type KeptMessage,
  RUN_STARTED_AT,
  type ReadyMessage,
  type ReleaseMessage,
  type RunMessage,
  SLOT,
  type SpareMessage,
  storeKiB,
  type WorkerMessage,
} from "./worker-protocol.ts";

declare const self: {
  onmessage: ((event: MessageEvent<InitMessage | RunMessage | ReleaseMessage>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
};

let control: Int32Array | undefined;
let startedAt: Float64Array | undefined;
let port: MessagePort | undefined;
let leftovers: Leftovers | undefined;

const post = (message: WorkerMessage) => self.postMessage(message);
const probe = createHeapProbe((bytes) => storeKiB(control, SLOT.HEAP_KIB, bytes));

const reportCharged = (bytes: number) => storeKiB(control, SLOT.CHARGED_KIB, bytes);

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    control = new Int32Array(message.control);
    startedAt = new Float64Array(message.control);
    port = message.port;
    if (message.warm) warmUp();
    leftovers = createLeftovers(probe, control, message.keepIdleMs);
    leftovers.boot();
    post({ type: "ready" } satisfies ReadyMessage);
    return;
  }
  if (message.type === "run") runOne(message);
  else if (message.type === "release") leftovers?.release();
};

function runOne(message: RunMessage): void {
  if (startedAt) startedAt[RUN_STARTED_AT] = Date.now();
  leftovers?.beforeRun();
  const deadline = performance.now() + message.limits.timeoutMs;
  const host =
    message.host && control && port
      ? createWorkerBridge({ control, port, post, runId: message.runId, deadline })
      : null;
  if (control) Atomics.store(control, SLOT.CHARGED_KIB, 0);
  // The message was posted to this worker (its buffers moved or cloned here): the run owns it.
  const { runId } = message;
  const giveBack = message.returnBuffer
    ? (buffer: ArrayBuffer) => self.postMessage({ type: "spare", runId, buffer } satisfies SpareMessage, [buffer])
    : undefined;
  const outcome = runProgram(message, {
    probe,
    host,
    reportCharged,
    ownsInput: true,
    giveBack,
    retain: leftovers?.retain,
  });
  if (startedAt) startedAt[RUN_STARTED_AT] = 0;
  if (control) Atomics.store(control, SLOT.CHARGED_KIB, 0);
  post({ type: "done", runId: message.runId, outcome } satisfies DoneMessage);
  if (leftovers?.afterRun(outcome.durationMs)) post({ type: "kept" } satisfies KeptMessage);
}

/**
 * Runs a small program through the common paths once, so the first real call does not pay for
 * compiling them; its regex also evaluates re2js, which is loaded on first use (decision 0032).
 */
function warmUp(): void {
  const limits = { timeoutMs: 1000, memoryLimitBytes: 0, loopLimit: 1000 };
  runProgram({
    program: '(->> data/xs (filter odd?) (map #(* % 2)) (reduce + 0) (str "n=") (re-find #"[0-9]+"))',
    contextJson: '{"xs":[1,2,3]}',
    limits,
    wantJson: true,
  });
}
