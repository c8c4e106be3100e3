/**
 * One sandbox worker as the pool sees it: the Bun `Worker`, its shared control block, the main
 * side of its reply port, and the run it is busy with. Knows how to start and stop a worker; the
 * scheduling, deadlines and memory policy live in worker-pool.ts.
 */

import type { EvalOutcome, HostHandler } from "./executor.ts";
import {
  CONTROL_BYTES,
  type InitMessage,
  type ReleaseMessage,
  RUN_STARTED_AT,
  SLOT,
  type WorkerMessage,
} from "./worker-protocol.ts";

/** A run in progress on a slot. */
export interface ActiveRun {
  readonly runId: number;
  readonly timeoutMs: number;
  /** `Date.now()` when the run was handed to the worker. */
  readonly dispatchedAt: number;
  /** The worker's published heap (bytes) when the run was handed to it: the base its growth is measured from. */
  readonly heapAtDispatch: number;
  /** Serves this run's host calls, if any. */
  readonly handler: HostHandler | undefined;
  /**
   * Aborted when the run ends, so host calls still in flight give up; null for runs without a host
   * handler (aborting a controller dispatches an event, a cost plain runs need not pay).
   */
  readonly hostAbort: AbortController | null;
  /** Takes the run's context buffer back once the worker decoded it (`ContextText.giveBack`). */
  readonly giveBack?: ((buffer: ArrayBuffer) => void) | undefined;
  /** Settles the caller's promise; called exactly once. */
  readonly resolve: (outcome: EvalOutcome) => void;
  /** Watchdog timer of the hard time stop. */
  timer?: ReturnType<typeof setTimeout>;
  /** Removes the caller's abort listener. */
  detach?: () => void;
}

/** Lifecycle of a slot: starting → idle ⇄ busy → dead. */
export type SlotState = "starting" | "idle" | "busy" | "dead";

/** Callbacks from a slot's worker to the pool. */
export interface SlotEvents {
  message(slot: WorkerSlot, message: WorkerMessage): void;
  /** The worker failed or exited on its own; `reason` says how. */
  crash(slot: WorkerSlot, reason: string): void;
}

/** A worker and its bookkeeping. */
export class WorkerSlot {
  state: SlotState = "starting";
  /** Runs finished on this worker. */
  runs = 0;
  active: ActiveRun | null = null;
  /** `performance.now()` when the worker was created (for spawn-time figures). */
  readonly createdAt = performance.now();
  readonly control: Int32Array;
  readonly port: MessagePort;
  private readonly times: Float64Array;
  private readonly worker: Worker;

  /**
   * `warm`: the worker warms its common paths up before it reports ready; `keepIdleMs`: how long
   * it keeps a run's garbage while idle (both as in `InitMessage`).
   */
  constructor(url: string | URL, events: SlotEvents, warm = true, keepIdleMs?: number) {
    const shared = new SharedArrayBuffer(CONTROL_BYTES);
    this.control = new Int32Array(shared);
    this.times = new Float64Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(url);
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.message(this, event.data);
    this.worker.onerror = (event: ErrorEvent) => events.crash(this, event.message || "worker error");
    this.worker.addEventListener("close", () => {
      if (this.state !== "dead") events.crash(this, "the worker exited");
    });
    const init: InitMessage = { type: "init", control: shared, port: port2, warm, keepIdleMs };
    this.worker.postMessage(init, [port2]);
  }

  /** Hands a run to the worker (the caller already set {@link active}), moving the `transfer` buffers. */
  post(message: unknown, transfer?: Transferable[]): void {
    if (transfer === undefined) this.worker.postMessage(message);
    else this.worker.postMessage(message, transfer);
  }

  /** `Date.now()` when the worker started the current run, or 0 while it has not (or is idle). */
  get runStartedAt(): number {
    return this.times[RUN_STARTED_AT] ?? 0;
  }

  /** The worker's last published heap reading, in bytes. */
  get heapBytes(): number {
    return Atomics.load(this.control, SLOT.HEAP_KIB) * 1024;
  }

  /** Garbage of its last run the idle worker keeps for the next one (bytes; worker-leftovers.ts). */
  get keptBytes(): number {
    return Atomics.load(this.control, SLOT.KEPT_KIB) * 1024;
  }

  /** Asks the idle worker to collect the garbage it keeps and give the memory back. */
  release(): void {
    this.worker.postMessage({ type: "release" } satisfies ReleaseMessage);
  }

  /** Bytes the current run has charged to its budget so far (published before large allocations). */
  get chargedBytes(): number {
    return Atomics.load(this.control, SLOT.CHARGED_KIB) * 1024;
  }

  /** Stops the worker for good; resolves when it has exited (or after `waitMs`). */
  stop(waitMs = 1000): Promise<void> {
    this.state = "dead";
    const exited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.worker.addEventListener("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.worker.terminate();
    this.port.close();
    return exited;
  }
}
