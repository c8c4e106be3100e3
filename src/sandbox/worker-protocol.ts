/**
 * Messages between the pool (main thread) and a sandbox worker, and the layout of the small
 * shared control block each worker gets. Everything here is plain data: it crosses threads by
 * structured clone, or lives in a `SharedArrayBuffer` both sides read without messages.
 */

import type { EvalOutcome } from "./executor.ts";
import type { ProgramInput } from "./run-program.ts";

/**
 * Main → worker, once: the control block and the port host-call answers arrive on. `warm`: run a
 * small program through the common paths before saying ready (a server's workers do; a one-shot
 * `eval` would only pay for it before its own program). `keepIdleMs`: how long an idle worker
 * keeps its last run's garbage (worker-leftovers.ts; absent: its default).
 */
export interface InitMessage {
  readonly type: "init";
  readonly control: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly warm: boolean;
  readonly keepIdleMs?: number | undefined;
}

/**
 * Main → worker: run one program. `host` says whether host calls are served for this run;
 * `returnBuffer`, whether the moved context buffer is posted back once decoded ({@link SpareMessage}).
 */
export interface RunMessage extends ProgramInput {
  readonly type: "run";
  readonly runId: number;
  readonly host: boolean;
  readonly returnBuffer?: boolean | undefined;
}

/**
 * Main → worker: collect the garbage kept from the last run now and give its memory back (sent
 * to an idle worker that keeps some, when another worker starts a run; see worker-leftovers.ts).
 */
export interface ReleaseMessage {
  readonly type: "release";
}

/**
 * Worker → main, after a run's `done`: it keeps that run's garbage (`SLOT.KEPT_KIB` is set). The
 * pool then sends a {@link ReleaseMessage} if another worker is running meanwhile.
 */
export interface KeptMessage {
  readonly type: "kept";
}

/**
 * Worker → main, during run `runId`, once its context's bytes are decoded: their buffer, moved
 * back for the transport's next large line (`ContextText.giveBack`; sent only when the run
 * message asked for it with `returnBuffer`).
 */
export interface SpareMessage {
  readonly type: "spare";
  readonly runId: number;
  readonly buffer: ArrayBuffer;
}

/** Worker → main: the worker loaded and is idle. */
export interface ReadyMessage {
  readonly type: "ready";
}

/** Worker → main: the outcome of run `runId`. */
export interface DoneMessage {
  readonly type: "done";
  readonly runId: number;
  readonly outcome: EvalOutcome;
}

/** One operation of a host call. */
export interface HostRequest {
  readonly op: string;
  readonly payload: unknown;
}

/** Worker → main: perform these operations (concurrently) and answer on the port with `seq`. */
export interface HostCallMessage {
  readonly type: "host";
  readonly runId: number;
  readonly seq: number;
  readonly requests: readonly HostRequest[];
}

/** Result of one host operation: its value, or why the handler failed. */
export type HostResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** Main → worker, on the port: the answers to host call `seq`, in request order. */
export interface HostReplyMessage {
  readonly seq: number;
  readonly results: readonly HostResult[];
}

/** Anything a worker posts to the main thread. */
export type WorkerMessage = ReadyMessage | DoneMessage | KeptMessage | SpareMessage | HostCallMessage;

/** Size of the shared control block in bytes. */
export const CONTROL_BYTES = 32;

/**
 * Int32 slots of the control block:
 * - `REPLY_FLAG`: 0 while a host call waits, 1 once its answer was posted on the port;
 * - `HEAP_KIB`: the worker's last heap reading in KiB (memory backstop picks its victim by it);
 * - `NAP`: never written; the worker waits on it to sleep briefly;
 * - `CHARGED_KIB`: KiB the current run has charged to its memory budget, written before each
 *   large allocation (0 between runs); with `HEAP_KIB` it tells the backstop which worker grows;
 * - `KEPT_KIB`: KiB of garbage an idle worker keeps from its last run, uncollected so the next
 *   run can reuse its memory (0 once collected; worker-leftovers.ts). While idle, `HEAP_KIB` is
 *   its live heap without them.
 *
 * Int32 slots 4–5 hold the Float64 {@link RUN_STARTED_AT}.
 */
export const SLOT = { REPLY_FLAG: 0, HEAP_KIB: 1, NAP: 2, KEPT_KIB: 3, CHARGED_KIB: 6 } as const;

/**
 * Publishes `bytes` in `slot` of the control block `control` as whole KiB, clamped to 0..2^31-1
 * (an Int32 slot); nothing without a control block (tests run a worker's parts without one).
 */
export function storeKiB(control: Int32Array | undefined, slot: number, bytes: number): void {
  if (control) Atomics.store(control, slot, Math.min(0x7fffffff, Math.max(0, Math.round(bytes / 1024))));
}

/** Float64 slot (index into a Float64Array over the same buffer): `Date.now()` when the current run started, 0 when idle. */
export const RUN_STARTED_AT = 2;
