/**
 * The heap reading behind the evaluator's memory budget (`MemoryProbe`, src/lisp/runtime.ts).
 *
 * Measured in Bun 1.4.5 (docs/decisions/0003-execution-model.md): every Worker has its own
 * JavaScriptCore heap, and `heapSize()` from `bun:jsc` reads the calling thread's heap only, in
 * about 20 µs. It lags: it is brought up to date by each garbage collection, so right after a big
 * allocation it can still show the old figure. After a full collection (`Bun.gc(true)`, which also
 * collects only the calling thread's heap) it counts every live cell, large array storage and
 * string contents included. `Bun.gc(true)` also hands the memory it freed back to the system at
 * once (the allocator's purge), so the next allocations of that size fault fresh pages in, ~3-8
 * ms/MB on a VM; `fullGC()` from `bun:jsc` collects as fully (the same live heap, within a few
 * KiB) and leaves the freed memory with the allocator for reuse (decision 0038). Process-wide
 * figures (`process.memoryUsage().rss`) are no use inside a worker because every worker shares
 * them, and `heapStats()` is exact but costs 2–20 ms.
 */

import { fullGC, heapSize } from "bun:jsc";
import type { MemoryProbe } from "../lisp/index.ts";

/** A {@link MemoryProbe} that can be handed its next cheap reading in advance. */
export interface HeapProbe extends MemoryProbe {
  /**
   * Makes the next cheap (`exact` false) reading return `bytes` without measuring. The worker
   * primes it with the heap it measured after the previous run, off the response path, so a
   * run's baseline reading costs nothing.
   */
  prime(bytes: number): void;
}

/**
 * Creates the probe for the calling thread. `publish`, when given, receives each reading (the pool
 * shares it with the main thread to pick which worker to stop under memory pressure).
 */
export function createHeapProbe(publish?: (bytes: number) => void): HeapProbe {
  let primed = -1;
  const probe = function probeHeap(exact: boolean): number {
    if (!exact && primed >= 0) {
      const bytes = primed;
      primed = -1;
      return bytes;
    }
    primed = -1;
    if (exact) Bun.gc(true);
    const bytes = heapSize();
    publish?.(bytes);
    return bytes;
  };
  return Object.assign(probe, {
    prime(bytes: number) {
      primed = bytes;
    },
  });
}

/** Collects garbage on the calling thread and returns the live heap in bytes. */
export function collectHeap(): number {
  Bun.gc(true);
  return heapSize();
}

/**
 * Collects garbage on the calling thread like {@link collectHeap}, but leaves the freed memory
 * resident with the allocator, so allocations right after reuse it instead of faulting fresh
 * pages in; returns the live heap in bytes. Memory left unused is still returned by the
 * allocator's own purge within a fraction of a second.
 */
export function collectHeapKeepingMemory(): number {
  fullGC();
  return heapSize();
}

/** The calling thread's heap as last measured (cheap; see the module notes for its lag). */
export function currentHeap(): number {
  return heapSize();
}
