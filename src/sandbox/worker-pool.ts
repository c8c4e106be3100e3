/**
 * The server's {@link Executor}: a pool of Bun Workers (decision 0003). Each program runs on a
 * worker of its own for its whole run, so a slow or hostile program never blocks the main thread
 * or another caller.
 *
 * - Time: the evaluator stops itself at its deadline (`timeout`); a worker that has not answered
 *   by deadline + grace — stuck in one long builtin — is terminated and replaced (`timeout` too).
 * - Memory: the evaluator checks its own heap (memory-probe.ts). Behind that, the pool samples the
 *   process RSS while programs run; past the cap it terminates the busy worker that grew the most
 *   during its run (heap growth, or bytes charged before a large allocation; `memory_exceeded`) —
 *   the one stop that also catches a builtin that allocates without ever reaching a check, and
 *   never a bystander that merely holds a big context.
 * - Cancellation: an aborted request terminates its worker (`cancelled`).
 * - Host calls: served on the main thread by the request's {@link HostHandler} (host-channel.ts).
 *
 * The pool does not queue for fairness: the MCP layer's gate admits at most `size` calls, so a call
 * only waits here while a stopped worker is being replaced. With {@link WorkerPoolOptions.spareWorker}
 * a spare worker is kept booted beside the pool: a stopped worker's place is taken by the spare at
 * once, and the next spare boots in the background, so no call waits for a worker to start.
 */

import type { Logger } from "../config/index.ts";
import type { EvalFault, EvalOutcome, EvalRequest, Executor, FaultCode, HostHandler } from "./executor.ts";
import { serveHostCall } from "./host-channel.ts";
import { HARD_STOP_GRACE_MS, hardStopFault, memoryCapFault, RSS_SAMPLE_MS, rssCapBytes } from "./hard-stops.ts";
import { type ActiveRun, WorkerSlot } from "./worker-slot.ts";
import type { RunMessage, WorkerMessage } from "./worker-protocol.ts";

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** Workers, i.e. programs running at once (`--max-concurrent-calls`). */
  readonly size: number;
  /** Serves host calls of requests that bring no handler of their own. */
  readonly host?: HostHandler | undefined;
  /** Extra time past the deadline before a silent worker is terminated (ms, default 500). */
  readonly hardStopGraceMs?: number;
  /** Per-program memory budget the RSS cap is derived from (`--program-memory-limit-bytes`). */
  readonly memoryLimitBytes?: number;
  /** Process RSS above which the busiest worker is stopped; default derived from size and budget. */
  readonly rssCapBytes?: number;
  /** How often RSS is sampled while programs run (ms, default 50). */
  readonly rssSampleMs?: number;
  /** A worker is replaced after this many runs, bounding slow growth in its heap (default 2000). */
  readonly maxRunsPerWorker?: number;
  readonly logger?: Logger | undefined;
  /** The worker entry; defaults to worker-entry.ts, found both from source and in the binary. */
  readonly workerUrl?: string | URL;
  /**
   * Start only this many workers at once and the rest after {@link warmupDelayMs} (or as soon as a
   * call finds no idle worker), so worker start-up does not compete with the server's own boot on
   * small machines. Default: all of them at once.
   */
  readonly eagerWorkers?: number;
  /** Delay before the remaining workers start (ms, default 200); see {@link eagerWorkers}. */
  readonly warmupDelayMs?: number;
  /**
   * Keep one more worker booted and idle, started once the pool is full, that takes the place of
   * a stopped or retired worker at once (default false: `eval` and tests need no spare).
   */
  readonly spareWorker?: boolean;
  /**
   * Each worker runs a small program before it reports ready, so the first real call does not pay
   * for compiling the common paths (default true; a one-shot `eval` skips it: its one program would
   * only wait for the warm-up).
   */
  readonly warmUp?: boolean;
  /**
   * How long an idle worker keeps the garbage of a large run for its next run to reuse the memory
   * of, before it gives the memory back (ms; default 5000, decision 0038).
   */
  readonly keepIdleMs?: number;
}

/** Counters and timings of a pool, for tests, benchmarks and logs. */
export interface PoolStats {
  readonly size: number;
  readonly idle: number;
  readonly busy: number;
  readonly starting: number;
  /** Spare workers booted and waiting to take a stopped worker's place (0 or 1). */
  readonly spare: number;
  /** Workers created since the pool started (initial ones included). */
  readonly spawned: number;
  /** Workers stopped by the pool, by cause. */
  readonly stopped: {
    readonly timeout: number;
    readonly memory: number;
    readonly cancelled: number;
    readonly crashed: number;
  };
  /** ms from `new Worker` to its ready message, for the most recent worker. */
  readonly lastSpawnMs: number;
  /** The RSS cap in bytes. */
  readonly rssCapBytes: number;
  /** Garbage of their last runs that idle workers keep for their next ones (bytes, as they last published it). */
  readonly keptBytes: number;
}

/** The worker-pool executor. */
export interface WorkerPool extends Executor {
  /** Resolves once every worker of the initial set is ready. */
  ready(): Promise<void>;
  stats(): PoolStats;
}

const NOOP_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };
/** Workers that fail before becoming ready, in a row, before the pool gives up respawning. */
const MAX_START_FAILURES = 3;
/** After stopping a worker for memory, RSS is not judged again for this long (memory takes a moment to return). */
const MEMORY_SETTLE_MS = 300;

/** Creates the pool and starts its workers (without waiting for them). */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const logger = options.logger ?? NOOP_LOGGER;
  const url = options.workerUrl ?? defaultWorkerUrl();
  const graceMs = options.hardStopGraceMs ?? HARD_STOP_GRACE_MS;
  const maxRuns = options.maxRunsPerWorker ?? 2000;
  const sampleMs = options.rssSampleMs ?? RSS_SAMPLE_MS;
  const limit = options.memoryLimitBytes ?? 10 * 1024 * 1024;
  const rssCap = options.rssCapBytes ?? rssCapBytes(options.size, limit, options.spareWorker);
  const slots: WorkerSlot[] = [];
  /** The spare worker (starting or idle), never running a program; null while there is none. */
  let spare: WorkerSlot | null = null;
  const waiters: Array<(slot: WorkerSlot | null) => void> = [];
  const stopped = { timeout: 0, memory: 0, cancelled: 0, crashed: 0 };
  let spawned = 0;
  let lastSpawnMs = 0;
  let startFailures = 0;
  let broken: string | null = null;
  let closed = false;
  let nextRunId = 1;
  let sampler: ReturnType<typeof setInterval> | null = null;
  let judgeRssAfter = 0;
  let readyLogged = false;
  const createdAt = performance.now();
  let initialReady: () => void = () => {};
  const initial = new Promise<void>((resolve) => {
    initialReady = resolve;
  });

  const events = {
    message(slot: WorkerSlot, message: WorkerMessage) {
      if (message.type === "ready") return onReady(slot);
      if (message.type === "kept") return releaseBeside(slot);
      const active = slot.active;
      if (!active || active.runId !== message.runId) return;
      if (message.type === "done") return finish(slot, message.outcome);
      if (message.type === "spare") return active.giveBack?.(message.buffer);
      if (active.handler) {
        const ctx = { signal: (active.hostAbort as AbortController).signal, runId: active.runId };
        void serveHostCall(message, active.handler, ctx, slot).catch((e) =>
          logger.error("host_call_failed", { message: String(e) }),
        );
      }
    },
    crash(slot: WorkerSlot, reason: string) {
      if (slot.state === "dead") return;
      logger.error("sandbox_worker_crashed", { reason, during: slot.state });
      stopped.crashed++;
      if (slot.state === "starting" && ++startFailures >= MAX_START_FAILURES) broken = reason;
      const fault: EvalFault = { code: "internal_error", message: `the sandbox worker failed: ${reason}` };
      replace(slot, { ok: false, error: fault, prints: [], durationMs: 0 });
    },
  };

  const eager = Math.max(1, Math.min(options.size, options.eagerWorkers ?? options.size));
  for (let i = 0; i < eager; i++) slots.push(spawn());
  let warmup: ReturnType<typeof setTimeout> | null = null;
  if (eager < options.size) {
    warmup = setTimeout(fillUp, options.warmupDelayMs ?? 200);
    warmup.unref?.();
  }

  /** Starts the workers the pool does not have yet. */
  function fillUp(): void {
    if (warmup) clearTimeout(warmup);
    warmup = null;
    while (!closed && !broken && slots.length < options.size) slots.push(spawn());
  }

  function spawn(): WorkerSlot {
    spawned++;
    return new WorkerSlot(url, events, options.warmUp ?? true, options.keepIdleMs);
  }

  function onReady(slot: WorkerSlot): void {
    startFailures = 0;
    lastSpawnMs = performance.now() - slot.createdAt;
    if (readyLogged) logger.debug("sandbox_worker_ready", { ms: Math.round(lastSpawnMs * 10) / 10 });
    slot.state = "idle";
    if (slot === spare) return;
    if (!readyLogged && slots.every((s) => s.state !== "starting")) {
      readyLogged = true;
      logger.info("sandbox_ready", { workers: slots.length, ms: Math.round(performance.now() - createdAt) });
      initialReady();
    }
    handOut(slot);
    bootSpare();
  }

  /** Starts the spare once the pool is full and booted, if the pool keeps one and has none. */
  function bootSpare(): void {
    if (!options.spareWorker || spare !== null || closed || broken) return;
    if (slots.length < options.size || slots.some((s) => s.state === "starting")) return;
    spare = spawn();
  }

  /** Gives an idle slot to the first waiting call, if any. */
  function handOut(slot: WorkerSlot): void {
    const next = waiters.shift();
    if (next) {
      slot.state = "busy";
      next(slot);
    }
  }

  function acquire(): Promise<WorkerSlot | null> {
    const idle = slots.find((s) => s.state === "idle");
    if (idle) {
      idle.state = "busy";
      return Promise.resolve(idle);
    }
    if (slots.length < options.size && !closed && !broken) slots.push(spawn());
    return new Promise((resolve) => waiters.push(resolve));
  }

  /** Ends the slot's run with `outcome`; the slot goes back to the pool or is replaced. */
  function finish(slot: WorkerSlot, outcome: EvalOutcome): void {
    const active = settle(slot, outcome);
    if (!active) return;
    slot.runs++;
    // A worker that really held memory is replaced (the surest way to give it all back); one that
    // refused a single oversized value before building it is fine as it is. The worker may already
    // have split its heap into the live part and the garbage it keeps (worker-leftovers.ts): the
    // run held their sum.
    const heavy = !outcome.ok && outcome.error.code === "memory_exceeded" && slot.heapBytes + slot.keptBytes > limit;
    if (heavy || slot.runs >= maxRuns) return replace(slot);
    slot.state = "idle";
    handOut(slot);
  }

  /** Detaches and resolves the slot's run; returns it, or null when there was none. */
  function settle(slot: WorkerSlot, outcome: EvalOutcome): ActiveRun | null {
    const active = slot.active;
    if (!active) return null;
    slot.active = null;
    if (active.timer) clearTimeout(active.timer);
    active.detach?.();
    active.hostAbort?.abort();
    active.resolve(outcome);
    return active;
  }

  /** Stops the slot's worker (answering its run with `outcome`) and starts a fresh one in its place. */
  function replace(slot: WorkerSlot, outcome?: EvalOutcome): void {
    if (outcome) settle(slot, outcome);
    void slot.stop();
    if (slot === spare) {
      // The spare itself failed: boot another unless the pool is broken or closing.
      spare = null;
      if (!broken && !closed) spare = spawn();
      return;
    }
    const at = slots.indexOf(slot);
    if (closed || at === -1) return;
    if (broken) {
      slots.splice(at, 1);
      logger.error("sandbox_unavailable", { reason: broken });
      for (const w of waiters.splice(0)) w(null);
      return;
    }
    if (spare !== null && spare.state === "idle") {
      const ready = spare;
      spare = null;
      slots[at] = ready;
      handOut(ready);
      bootSpare();
      return;
    }
    slots[at] = spawn();
  }

  /**
   * An idle worker's leftovers (worker-leftovers.ts) are another caller's memory: while any other
   * worker runs a program they are given back rather than kept beside it.
   */
  function releaseBeside(slot: WorkerSlot): void {
    if (slot.active === null && slots.some((s) => s !== slot && s.active !== null)) slot.release();
  }

  function hardStop(slot: WorkerSlot, outcome: EvalOutcome, cause: keyof typeof stopped): void {
    stopped[cause]++;
    logger.warn("sandbox_worker_stopped", { cause, run_ms: Date.now() - (slot.active?.dispatchedAt ?? Date.now()) });
    replace(slot, outcome);
  }

  function armWatchdog(slot: WorkerSlot, active: ActiveRun): void {
    const check = () => {
      if (slot.active !== active) return;
      const due = (slot.runStartedAt || active.dispatchedAt) + active.timeoutMs + graceMs;
      const left = due - Date.now();
      if (left > 0) {
        active.timer = setTimeout(check, left);
        return;
      }
      hardStop(slot, stoppedWith(hardStopFault(active.timeoutMs), active), "timeout");
    };
    active.timer = setTimeout(check, active.timeoutMs + graceMs);
  }

  /** Samples RSS while any program runs; past the cap, stops the busy worker that grew the most. */
  function watchMemory(): void {
    if (sampler) return;
    sampler = setInterval(() => {
      const busy = slots.filter((s) => s.active !== null);
      if (busy.length === 0) {
        if (sampler) clearInterval(sampler);
        sampler = null;
        return;
      }
      // Garbage an idle worker keeps from its last run (until it gives it back) is no running program's.
      const rss = process.memoryUsage.rss() - slots.reduce((n, s) => (s.active === null ? n + s.keptBytes : n), 0);
      if (rss <= rssCap || Date.now() < judgeRssAfter) return;
      const victim = busy.reduce((a, b) =>
        growth(b) > growth(a) || (growth(b) === growth(a) && started(b) < started(a)) ? b : a,
      );
      const active = victim.active as ActiveRun;
      judgeRssAfter = Date.now() + MEMORY_SETTLE_MS;
      logger.warn("sandbox_memory_cap", { rss_bytes: rss, cap_bytes: rssCap, busy: busy.length });
      hardStop(victim, stoppedWith(memoryCapFault(rss, rssCap), active), "memory");
    }, sampleMs);
  }

  return {
    async run(request: EvalRequest): Promise<EvalOutcome> {
      if (closed) return failure("cancelled", "the server is shutting down");
      if (broken) return failure("internal_error", `the sandbox is unavailable: ${broken}`);
      if (request.signal?.aborted) return failure("cancelled", "the call was cancelled before it started");
      const slot = await acquire();
      if (!slot)
        return failure(
          closed ? "cancelled" : "internal_error",
          closed ? "the server is shutting down" : `the sandbox is unavailable: ${broken}`,
        );
      if (request.signal?.aborted) {
        slot.state = "idle";
        handOut(slot);
        return failure("cancelled", "the call was cancelled before it started");
      }
      return new Promise<EvalOutcome>((resolve) => {
        const handler = request.host ?? options.host;
        const moved = request.contextText?.transferable ? request.contextText.bytes.buffer : undefined;
        const transfer = moved instanceof ArrayBuffer ? [moved] : undefined;
        const giveBack = transfer === undefined ? undefined : request.contextText?.giveBack;
        const active: ActiveRun = {
          runId: nextRunId++,
          timeoutMs: request.limits.timeoutMs,
          dispatchedAt: Date.now(),
          heapAtDispatch: slot.heapBytes,
          handler,
          hostAbort: handler ? new AbortController() : null,
          giveBack,
          resolve,
        };
        slot.active = active;
        const signal = request.signal;
        if (signal) {
          const onAbort = () =>
            slot.active === active &&
            hardStop(slot, failure("cancelled", "the client cancelled the call", active), "cancelled");
          signal.addEventListener("abort", onAbort, { once: true });
          active.detach = () => signal.removeEventListener("abort", onAbort);
        }
        slot.post(runMessage(request, active.runId, handler !== undefined, giveBack !== undefined), transfer);
        for (const other of slots) if (other !== slot && other.keptBytes > 0) releaseBeside(other);
        armWatchdog(slot, active);
        watchMemory();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (warmup) clearTimeout(warmup);
      if (sampler) clearInterval(sampler);
      for (const w of waiters.splice(0)) w(null);
      const exits = slots.map((slot) => {
        settle(slot, failure("cancelled", "the server is shutting down"));
        return slot.stop();
      });
      // The spare never ran anything: it is terminated, not waited for (a worker still booting
      // may take a while to exit, and shutdown must not wait on it).
      if (spare !== null) void spare.stop();
      spare = null;
      await Promise.all(exits);
    },
    ready: () => initial,
    stats() {
      const count = (state: string) => slots.filter((s) => s.state === state).length;
      return {
        size: options.size,
        idle: count("idle"),
        busy: count("busy"),
        starting: count("starting"),
        spare: spare?.state === "idle" ? 1 : 0,
        spawned,
        stopped: { ...stopped },
        lastSpawnMs,
        rssCapBytes: rssCap,
        keptBytes: slots.reduce((n, s) => n + s.keptBytes, 0),
      };
    },
  };
}

function runMessage(request: EvalRequest, runId: number, host: boolean, returnBuffer: boolean): RunMessage {
  const given = request.contextText;
  // Plain data only: `giveBack` stays here (the pool calls it when the worker posts the buffer back).
  const contextText =
    given === undefined ? undefined : { bytes: given.bytes, ascii: given.ascii, transferable: given.transferable };
  const contextFrame = contextText === undefined ? request.contextFrame : undefined;
  const contextJson =
    contextText !== undefined || contextFrame !== undefined
      ? undefined
      : (request.contextJson ?? (request.context === undefined ? undefined : JSON.stringify(request.context)));
  const { limits } = request;
  return {
    type: "run",
    runId,
    host,
    returnBuffer,
    program: request.program,
    contextJson,
    contextFrame,
    contextText,
    limits: { timeoutMs: limits.timeoutMs, memoryLimitBytes: limits.memoryLimitBytes, loopLimit: limits.loopLimit },
    wantJson: request.wantJson,
    outputSchema: request.outputSchema,
    session: request.session,
  };
}

function failure(code: FaultCode, message: string, active?: ActiveRun, hint?: string): EvalOutcome {
  return stoppedWith({ code, message, hint }, active);
}

/**
 * How much a busy worker has grown during its run, as far as the main thread can tell: the larger
 * of its heap growth since dispatch and what the run has charged (charges are published before
 * the allocation, so a worker stuck building one huge value still shows it). A bystander holding
 * a big context has a big heap but no growth.
 */
function growth(slot: WorkerSlot): number {
  const heap = slot.heapBytes - (slot.active?.heapAtDispatch ?? slot.heapBytes);
  return Math.max(heap, slot.chargedBytes);
}

function started(slot: WorkerSlot): number {
  return slot.active?.dispatchedAt ?? Number.POSITIVE_INFINITY;
}

/** The outcome of a run that ended with `error`, timed from its dispatch (0 for one never dispatched). */
function stoppedWith(error: EvalFault, active?: ActiveRun): EvalOutcome {
  return { ok: false, error, prints: [], durationMs: active ? Date.now() - active.dispatchedAt : 0 };
}

/**
 * Where the worker entry lives. From source, this module sits beside it. In the compiled binary
 * every module is bundled into an entry point, and the worker is one stored under its path in the
 * repository, beside the root entry `Bun.main` names (see build.ts).
 */
function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith("/sandbox/worker-pool.ts")
    ? new URL("./worker-entry.ts", here)
    : new URL("./src/sandbox/worker-entry.ts", Bun.pathToFileURL(Bun.main));
}
