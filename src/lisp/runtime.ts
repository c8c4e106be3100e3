/**
 * Per-evaluation state shared by the evaluator and the builtins: captured prints, the cooperative
 * time budget, the loop-iteration cap and the allocation budget. One evaluation runs at a time per
 * thread (the sandbox gives each program its own worker turn), so the active state is a module
 * variable swapped in and out by {@link withRun}.
 *
 * Memory is guarded two ways. Builtins {@link RunState.charge} the collections and strings they
 * build: one charge over the budget fails at once, before the value exists. Charges also add up;
 * without a {@link MemoryProbe} the running total is the budget (simple, but a long program that
 * makes lots of short-lived garbage can trip it). With a probe — the sandbox injects one that reads
 * the thread's real heap — a total over the budget only triggers a look at the heap, and the
 * heap is also sampled every few ms from the clock check, so only memory actually held counts.
 */

import type { HostOp, HostOps, HostPayload, HostRequest } from "./host-ops.ts";
import { LispError } from "./errors.ts";

/** Limits for one evaluation. Units are in the field names. */
export interface RunLimits {
  /** Wall-clock budget in ms, checked cooperatively (0 = unlimited). */
  timeoutMs: number;
  /** Max `recur` jumps per `loop`/fn invocation (spec §5.16; default 1000). */
  loopLimit: number;
  /** Approximate heap budget in bytes for values the program builds (0 = unlimited). */
  memoryLimitBytes: number;
  /** Reads this thread's heap; when set, the budget applies to memory held rather than charged. */
  memoryProbe?: MemoryProbe;
  /**
   * Told the bytes charged so far in this run (a running total) whenever a large charge is about
   * to be built, before the allocation happens. The sandbox publishes it so that, under memory
   * pressure, it stops the worker that is really growing even while that worker is inside one
   * long builtin and cannot answer.
   */
  reportCharged?: (totalBytes: number) => void;
}

/**
 * Bytes of heap in use on the calling thread. With `exact` false it must be cheap (it runs every
 * few ms) and may lag behind recent allocations; with `exact` true it may collect garbage first so
 * the answer counts live data only. Injected by the host, so this folder stays free of host APIs.
 */
export type MemoryProbe = (exact: boolean) => number;

/**
 * Synchronous calls from a running program to its host — upstream tool calls and discovery in
 * aggregator mode. In the sandbox a worker implements it by posting the request to the main thread
 * and blocking on `Atomics.wait` until the answer is written back (docs/decisions/0003).
 * Payloads and results are JSON-compatible data; failures come back as data, never as throws,
 * except when the host itself is gone (then it throws a LispError).
 */
export interface HostBridge {
  /** Performs one operation of {@link HostOps} (e.g. "tool.call", "catalog.dir") and returns its reply. */
  call<O extends HostOp>(op: O, payload: HostPayload<O>): unknown;
  /** Performs several operations concurrently; replies in the same order. */
  callMany(requests: readonly HostRequest[]): unknown[];
}

/** Defaults of the stdio server (mcp-server.md "Limits"). */
export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 1000, loopLimit: 1000, memoryLimitBytes: 10 * 1024 * 1024 };

/** The meters of a {@link RunState} at one moment (see {@link RunState.snapshot}); bytes and fuel units. */
export interface MeterSnapshot {
  readonly fuel: number;
  readonly allocated: number;
  readonly chargedTotal: number;
  readonly heapSeen: number;
  readonly nextSample: number;
  /** Number of printed lines. */
  readonly prints: number;
}

/** Mutable state of the running evaluation. */
export class RunState {
  /** Lines printed by `println`, in order. */
  readonly prints: string[] = [];
  /** Deadline as `performance.now()` ms, or Infinity. */
  readonly deadline: number;
  /**
   * Fuel left before the next clock check. Compiled code spends it inline at function entries and
   * loop back-edges (`--T.fuel`, then `tick(0)` once it runs out); everything else calls {@link tick}.
   */
  fuel = TICK_INTERVAL;
  /** Bytes charged since the last heap check (or since the start, without a probe). */
  allocated = 0;
  /** Bytes charged since the run started (never reset). */
  private chargedTotal = 0;
  /** Probe reading when the run started: the heap the program found, context included. */
  private readonly heapBase: number;
  /** Program heap (bytes over {@link heapBase}) measured by the last exact probe. */
  private heapSeen = 0;
  /** `performance.now()` after which the clock check samples the heap again. */
  private nextSample = 0;
  /** No deadline and no heap to sample: a clock check would find nothing, so it is skipped. */
  private readonly clockless: boolean;

  constructor(
    readonly limits: RunLimits,
    /** The host bridge for aggregator-mode builtins; null when the program has no upstreams. */
    readonly host: HostBridge | null = null,
  ) {
    this.deadline = limits.timeoutMs > 0 ? performance.now() + limits.timeoutMs : Number.POSITIVE_INFINITY;
    const probe = limits.memoryLimitBytes > 0 ? limits.memoryProbe : undefined;
    this.heapBase = probe ? probe(false) : 0;
    this.clockless = this.deadline === Number.POSITIVE_INFINITY && !probe;
  }

  /** Spends `n` units of fuel; checks the clock (and samples the heap) every {@link TICK_INTERVAL} units. */
  tick(n = 1): void {
    this.fuel -= n;
    // `!(x > 0)` also catches NaN, so a bad count can never switch the clock check off.
    if (!(this.fuel > 0)) {
      this.fuel = TICK_INTERVAL;
      if (this.clockless) return;
      const now = performance.now();
      if (now > this.deadline) {
        throw new LispError("timeout", `program exceeded its time limit of ${this.limits.timeoutMs} ms`);
      }
      if (now >= this.nextSample && this.limits.memoryProbe && this.limits.memoryLimitBytes > 0) {
        this.nextSample = now + SAMPLE_EVERY_MS;
        this.checkHeap(this.limits.memoryProbe);
      }
    }
  }

  /**
   * Charges `bytes` of newly built data against the memory budget. One charge over the budget
   * fails at once; a running total over it fails without a probe, or asks the probe otherwise.
   */
  charge(bytes: number): void {
    const cap = this.limits.memoryLimitBytes;
    if (cap <= 0) return;
    if (!(bytes <= cap)) throw memoryExceeded(cap, bytes);
    this.allocated += bytes;
    this.chargedTotal += bytes;
    if (bytes >= REPORT_CHARGES_FROM) this.limits.reportCharged?.(this.chargedTotal);
    if (this.allocated <= cap) return;
    const probe = this.limits.memoryProbe;
    if (!probe) throw memoryExceeded(cap);
    this.allocated = 0;
    this.checkHeap(probe);
  }

  /**
   * The run's meters (fuel, charged bytes, heap readings, prints) as they are now, for
   * {@link restore}: a speculative computation (compiler/group-fusion.ts) that gives up puts
   * them back so the plain code it falls back to spends and charges exactly as if it ran alone.
   */
  snapshot(): MeterSnapshot {
    return {
      fuel: this.fuel,
      allocated: this.allocated,
      chargedTotal: this.chargedTotal,
      heapSeen: this.heapSeen,
      nextSample: this.nextSample,
      prints: this.prints.length,
    };
  }

  /** Puts the meters back to a {@link snapshot} taken earlier in this run. */
  restore(s: MeterSnapshot): void {
    this.fuel = s.fuel;
    this.allocated = s.allocated;
    this.chargedTotal = s.chargedTotal;
    this.heapSeen = s.heapSeen;
    this.nextSample = s.nextSample;
    this.prints.length = s.prints;
  }

  /**
   * Fails when the program holds more than the budget. A cheap reading over the budget is
   * confirmed by an exact one (after garbage collection) unless the heap has hardly grown since
   * the last exact reading, so a program living near its budget does not collect on every sample.
   */
  private checkHeap(probe: MemoryProbe): void {
    const cap = this.limits.memoryLimitBytes;
    const rough = probe(false) - this.heapBase;
    if (rough <= cap || rough - this.heapSeen < cap / 4) return;
    this.heapSeen = probe(true) - this.heapBase;
    if (this.heapSeen > cap) throw memoryExceeded(cap);
  }
}

function memoryExceeded(cap: number, single?: number): LispError {
  const message =
    single === undefined
      ? `program exceeded its memory limit of ${cap} bytes`
      : `one value of about ${single} bytes is over the memory limit of ${cap} bytes`;
  return new LispError(
    "memory_exceeded",
    message,
    null,
    "build smaller intermediate collections (filter before map, take before sort)",
  );
}

/**
 * Charges a string built piece by piece (printing, `str`, JSON text) as it grows: call
 * {@link TextMeter.grew} with the text's length so far; every {@link TEXT_CHUNK} characters it
 * ticks the clock and charges the new characters, so a runaway text fails while it is still
 * small enough to hold, and a long print still answers the time limit.
 */
export class TextMeter {
  private charged = 0;
  private next = TEXT_CHUNK;
  constructor(private readonly state: RunState = run()) {}
  /** Reports the current length (UTF-16 units) of the text being built. */
  grew(length: number): void {
    if (length < this.next) return;
    this.state.tick(1 + ((length - this.charged) >> 6));
    this.state.charge((length - this.charged) * 2);
    this.charged = length;
    this.next = length + TEXT_CHUNK;
  }
}

/** Characters a {@link TextMeter} lets a text grow between two charges. */
export const TEXT_CHUNK = 16 * 1024;

/** A single charge of at least this many bytes is reported through `RunLimits.reportCharged`. */
const REPORT_CHARGES_FROM = 64 * 1024;

/** Clock checks happen once per this many fuel units. */
const TICK_INTERVAL = 4096;
/** With a probe, the heap is sampled at most this often (ms); a cheap probe read costs ~20 µs. */
const SAMPLE_EVERY_MS = 10;

let current: RunState = new RunState({ timeoutMs: 0, loopLimit: 1_000_000_000, memoryLimitBytes: 0 });

/** The state of the evaluation in progress (a permissive default outside any evaluation). */
export function run(): RunState {
  return current;
}

/**
 * A restorer of the active evaluation state as it is now, for a caller whose evaluations the JS
 * engine may end midway: a `node:vm` time limit ends a script past every `finally`, so
 * {@link withRun} cannot put the previous state back, and the next use of the interpreter outside
 * a run would otherwise meet the cut run's limits (src/sandbox/watched-run.ts).
 */
export function runStateRestorer(): () => void {
  const saved = current;
  return () => {
    current = saved;
  };
}

/** Runs `f` with `state` as the active evaluation state, restoring the previous one afterwards. */
export function withRun<T>(state: RunState, f: () => T): T {
  const prev = current;
  current = state;
  try {
    return f();
  } finally {
    current = prev;
  }
}
