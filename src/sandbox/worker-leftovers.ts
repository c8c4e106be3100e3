/**
 * A sandbox worker's heap between runs: what the next run's memory budget is measured from, and
 * what is done with the garbage a run leaves (decision 0038).
 *
 * A run that leaves a lot of garbage (a large context's decoded text, its parsed tree, the
 * program's values) used to be collected right after it with `Bun.gc(true)`, which also hands
 * the freed memory back to the system; the next large run then faulted all of it in again, at
 * ~3-8 ms/MB on a VM. Now the garbage is kept until the next run starts, which collects it with
 * the memory left resident (`collectHeapKeepingMemory`), so that run's decode, parse and values
 * reuse it. (Collecting right after the run without the purge would not do: the allocator
 * purges freed memory by itself after ~100 ms, and the next large call's line takes longer than
 * that to arrive.) Kept garbage is never the next run's: the collection comes before the run's
 * baseline is read, so the budget is measured from the live heap exactly as before. An idle
 * worker gives it back after {@link KEEP_IDLE_MS}, or at once when told to
 * ({@link Leftovers.release}: the pool does so while another worker runs a program), and it
 * publishes the amount it keeps (`SLOT.KEPT_KIB`) so the pool's RSS backstop does not count it
 * against another worker's run.
 */

import { collectHeap, collectHeapKeepingMemory, currentHeap, type HeapProbe } from "./memory-probe.ts";
import { SLOT, storeKiB } from "./worker-protocol.ts";

/** Garbage a run may leave before it is dealt with as leftovers (bytes over the live heap). */
const TIDY_ABOVE_BYTES = 8 * 1024 * 1024;
/** A run shorter than this (ms) cannot have left much garbage; see {@link Leftovers.afterRun}. */
const QUICK_RUN_MS = 1;
/** After this many quick runs in a row the heap is measured anyway. */
const MAX_QUICK_RUNS = 32;
/** An idle worker keeps a run's garbage this long (ms) before it collects it and gives the memory back. */
export const KEEP_IDLE_MS = 5000;

/** The between-runs half of a worker's memory accounting; see the module notes. */
export interface Leftovers {
  /** Measures the live heap once the worker has booted; the first run's baseline. */
  boot(): void;
  /**
   * Before a run: collects what the last run left, keeping its memory for this run to reuse, and
   * primes the probe with the live heap, so the run's baseline is exact and costs no measurement.
   */
  beforeRun(): void;
  /**
   * After a run (its answer already posted), off the response path: primes the probe with the
   * heap the next run starts from, or keeps the garbage for the next run to collect when there
   * is more than {@link TIDY_ABOVE_BYTES} of it, or a retained text longer than that (then
   * answers true). A run shorter than
   * {@link QUICK_RUN_MS} reuses the previous reading (up to {@link MAX_QUICK_RUNS} times):
   * measuring costs ~20 µs, which would delay the next call of a client sending small programs
   * back to back.
   */
  afterRun(runMs: number): boolean;
  /** Collects any kept garbage now and gives its memory back to the system. */
  release(): void;
  /** Keeps a decoded context text alive until the next run or release (`RunEnv.retain`). */
  retain(text: string): void;
}

/**
 * Creates the accounting for the calling worker. `control` is its shared control block (heap and
 * kept figures are published there for the pool), absent in tests; `keepIdleMs` overrides
 * {@link KEEP_IDLE_MS}.
 */
export function createLeftovers(probe: HeapProbe, control?: Int32Array, keepIdleMs = KEEP_IDLE_MS): Leftovers {
  /** The live heap after the last full collection (bytes). */
  let liveHeap = 0;
  let lastHeap = -1;
  let quickRuns = 0;
  let kept = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Holding the text is what keeps its memory (see `retain`); otherwise only its length is read. */
  const held: { text: string | null } = { text: null };

  /** Makes `heap` (a fresh full collection's reading) the next run's baseline. */
  const settle = (heap: number) => {
    liveHeap = heap;
    lastHeap = heap;
    storeKiB(control, SLOT.HEAP_KIB, heap);
    probe.prime(heap);
  };
  const collectKept = (giveBack: boolean) => {
    held.text = null;
    if (!kept) return;
    kept = false;
    clearTimeout(timer);
    timer = undefined;
    settle(giveBack ? collectHeap() : collectHeapKeepingMemory());
    storeKiB(control, SLOT.KEPT_KIB, 0);
  };

  return {
    boot() {
      settle(collectHeap());
    },
    beforeRun() {
      collectKept(false);
    },
    afterRun(runMs) {
      if (runMs < QUICK_RUN_MS && lastHeap >= 0 && quickRuns < MAX_QUICK_RUNS) {
        quickRuns++;
        probe.prime(lastHeap);
        return false;
      }
      quickRuns = 0;
      const heap = currentHeap();
      // A large decoded context still held is kept whatever the reading says: the cheap reading
      // lags, and the next run's decode is what reuses that memory (decision 0040).
      const holdsLargeText = held.text !== null && held.text.length > TIDY_ABOVE_BYTES;
      if (heap - liveHeap <= TIDY_ABOVE_BYTES && !holdsLargeText) {
        held.text = null;
        lastHeap = heap;
        storeKiB(control, SLOT.HEAP_KIB, heap);
        probe.prime(heap);
        return false;
      }
      kept = true;
      lastHeap = -1;
      // While idle the pool sees the live heap (the next run's base) and the garbage apart. The
      // garbage is published first: the pool may read both while the run's answer is handled
      // (worker-pool.ts `finish` judges a memory_exceeded run by their sum), and must never see
      // the small live heap without the garbage beside it.
      storeKiB(control, SLOT.KEPT_KIB, Math.max(heap - liveHeap, held.text?.length ?? 0));
      storeKiB(control, SLOT.HEAP_KIB, liveHeap);
      timer = setTimeout(() => collectKept(true), keepIdleMs);
      timer.unref?.();
      return true;
    },
    release() {
      collectKept(true);
    },
    retain(decoded) {
      held.text = decoded;
    },
  };
}
