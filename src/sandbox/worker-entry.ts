/**
 * Entry point of a sandbox worker (a Bun `Worker`; in the compiled binary, an extra build entry
 * point — see build.ts). Runs one program at a time for the pool: every run gets a fresh
 * evaluation (its own namespace, prints and budgets), the heap probe for the memory limit, and a
 * host bridge when the call serves host operations.
 *
 * Between runs the worker tidies up off the response path: when the last program left a lot of
 * garbage it collects it, so the next program starts from a small, exactly measured heap.
 */

import { createWorkerBridge } from "./host-channel.ts";
import { collectHeap, createHeapProbe, currentHeap } from "./memory-probe.ts";
import { runProgram } from "./run-program.ts";
import {
  type DoneMessage,
  type InitMessage,
  RUN_STARTED_AT,
  type ReadyMessage,
  type RunMessage,
  SLOT,
  type WorkerMessage,
} from "./worker-protocol.ts";

declare const self: {
  onmessage: ((event: MessageEvent<InitMessage | RunMessage>) => void) | null;
  postMessage(message: WorkerMessage): void;
};

/** Garbage a run may leave before the worker collects it between runs (bytes over the idle heap). */
const TIDY_ABOVE_BYTES = 8 * 1024 * 1024;

let control: Int32Array | undefined;
let startedAt: Float64Array | undefined;
let port: MessagePort | undefined;
let idleHeap = 0;

const post = (message: WorkerMessage) => self.postMessage(message);
const probe = createHeapProbe((bytes) => {
  if (control) Atomics.store(control, SLOT.HEAP_KIB, Math.min(0x7fffffff, Math.round(bytes / 1024)));
});

const reportCharged = (bytes: number) => {
  if (control) Atomics.store(control, SLOT.CHARGED_KIB, Math.min(0x7fffffff, Math.round(bytes / 1024)));
};

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    control = new Int32Array(message.control);
    startedAt = new Float64Array(message.control);
    port = message.port;
    if (message.warm) warmUp();
    idleHeap = collectHeap();
    probe.prime(idleHeap);
    post({ type: "ready" } satisfies ReadyMessage);
    return;
  }
  if (message.type === "run") runOne(message);
};

function runOne(message: RunMessage): void {
  if (startedAt) startedAt[RUN_STARTED_AT] = Date.now();
  const deadline = performance.now() + message.limits.timeoutMs;
  const host =
    message.host && control && port
      ? createWorkerBridge({ control, port, post, runId: message.runId, deadline })
      : null;
  if (control) Atomics.store(control, SLOT.CHARGED_KIB, 0);
  // The message was posted to this worker (its buffers moved or cloned here): the run owns it.
  const outcome = runProgram(message, { probe, host, reportCharged, ownsInput: true });
  if (startedAt) startedAt[RUN_STARTED_AT] = 0;
  if (control) Atomics.store(control, SLOT.CHARGED_KIB, 0);
  post({ type: "done", runId: message.runId, outcome } satisfies DoneMessage);
  tidy(outcome.durationMs);
}

/** A run shorter than this (ms) cannot have left much garbage; see {@link tidy}. */
const QUICK_RUN_MS = 1;
/** After this many quick runs in a row the heap is measured anyway. */
const MAX_QUICK_RUNS = 32;
let lastHeap = -1;
let quickRuns = 0;

/**
 * Collects garbage when the last run left more than {@link TIDY_ABOVE_BYTES}, then primes the probe
 * with the heap the next run will start from, so that run's baseline costs no measurement. After a
 * quick run the previous reading is reused (up to {@link MAX_QUICK_RUNS} times): measuring costs
 * ~20 µs, which would delay the next call of a client sending small programs back to back.
 */
function tidy(runMs: number): void {
  if (runMs < QUICK_RUN_MS && lastHeap >= 0 && quickRuns < MAX_QUICK_RUNS) {
    quickRuns++;
    probe.prime(lastHeap);
    return;
  }
  quickRuns = 0;
  let heap = currentHeap();
  if (heap - idleHeap > TIDY_ABOVE_BYTES) {
    heap = collectHeap();
    idleHeap = heap;
  }
  if (control) Atomics.store(control, SLOT.HEAP_KIB, Math.round(heap / 1024));
  lastHeap = heap;
  probe.prime(heap);
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
