/**
 * Per-evaluation state shared by the evaluator and the builtins: captured prints, the cooperative
 * time budget, the loop-iteration cap and the allocation budget. One evaluation runs at a time per
 * thread (the sandbox gives each program its own worker turn), so the active state is a module
 * variable swapped in and out by {@link withRun}.
 */

import { LispError } from "./errors.ts";

/** Limits for one evaluation. Units are in the field names. */
export interface RunLimits {
  /** Wall-clock budget in ms, checked cooperatively (0 = unlimited). */
  timeoutMs: number;
  /** Max `recur` jumps per `loop`/fn invocation (spec §5.16; default 1000). */
  loopLimit: number;
  /** Approximate heap budget in bytes for values the program builds (0 = unlimited). */
  memoryLimitBytes: number;
}

/**
 * Synchronous calls from a running program to its host — upstream tool calls and discovery in
 * aggregator mode. In the sandbox a worker implements it by posting the request to the main thread
 * and blocking on `Atomics.wait` until the answer is written back (docs/decisions/0003).
 * Payloads and results are JSON-compatible data; failures come back as data, never as throws,
 * except when the host itself is gone (then it throws a LispError).
 */
export interface HostBridge {
  /** Performs one operation (e.g. "tool.call", "catalog.dir") and returns its result. */
  call(op: string, payload: unknown): unknown;
  /** Performs several operations concurrently; results in the same order. */
  callMany(requests: readonly { op: string; payload: unknown }[]): unknown[];
}

/** Defaults of the stdio server (mcp-server.md "Limits"). */
export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 1000, loopLimit: 1000, memoryLimitBytes: 10 * 1024 * 1024 };

/** Mutable state of the running evaluation. */
export class RunState {
  /** Lines printed by `println`, in order. */
  readonly prints: string[] = [];
  /** Deadline as `performance.now()` ms, or Infinity. */
  readonly deadline: number;
  private fuel = TICK_INTERVAL;
  /** Bytes charged so far by {@link charge}. */
  allocated = 0;

  constructor(
    readonly limits: RunLimits,
    /** The host bridge for aggregator-mode builtins; null when the program has no upstreams. */
    readonly host: HostBridge | null = null,
  ) {
    this.deadline = limits.timeoutMs > 0 ? performance.now() + limits.timeoutMs : Number.POSITIVE_INFINITY;
  }

  /** Spends `n` units of fuel; checks the clock every {@link TICK_INTERVAL} units. */
  tick(n = 1): void {
    this.fuel -= n;
    if (this.fuel <= 0) {
      this.fuel = TICK_INTERVAL;
      if (performance.now() > this.deadline) {
        throw new LispError("timeout", `program exceeded its time limit of ${this.limits.timeoutMs} ms`);
      }
    }
  }

  /** Charges `bytes` of newly built data against the memory budget. */
  charge(bytes: number): void {
    this.allocated += bytes;
    const cap = this.limits.memoryLimitBytes;
    if (cap > 0 && this.allocated > cap) {
      throw new LispError(
        "memory_exceeded",
        `program exceeded its memory limit of ${cap} bytes`,
        null,
        "build smaller intermediate collections (filter before map, take before sort)",
      );
    }
  }
}

/** Clock checks happen once per this many fuel units. */
const TICK_INTERVAL = 4096;

let current: RunState = new RunState({ timeoutMs: 0, loopLimit: 1_000_000_000, memoryLimitBytes: 0 });

/** The state of the evaluation in progress (a permissive default outside any evaluation). */
export function run(): RunState {
  return current;
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
