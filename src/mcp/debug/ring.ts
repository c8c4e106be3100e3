/**
 * The bounded in-memory ring behind `lisp_debug` (mcp-debug.md "What gets recorded"): at most
 * `capacity` records (`--debug-ring-size`) and at most {@link MAX_RING_BYTES} of stored record data;
 * past either bound the oldest records go first (FIFO). Lost on restart by design.
 */

import type { DebugEntry } from "./types.ts";

/** Stored record bytes the ring may hold. */
export const MAX_RING_BYTES = 8 * 1024 * 1024;

/** A FIFO of {@link DebugEntry} with an index by request id. */
export class DebugRing {
  readonly capacity: number;
  readonly maxBytes: number;
  #items: DebugEntry[] = [];
  /** Index of the oldest live item in `#items` (evicted slots before it are reclaimed in batches). */
  #head = 0;
  #bytes = 0;
  #evicted = 0;
  readonly #byId = new Map<string, DebugEntry>();

  /**
   * @param capacity most records kept (already clamped by the flag parser)
   * @param maxBytes most stored bytes kept; defaults to {@link MAX_RING_BYTES}
   */
  constructor(capacity: number, maxBytes: number = MAX_RING_BYTES) {
    this.capacity = Math.max(1, capacity);
    this.maxBytes = maxBytes;
  }

  /** Appends `entry`, then evicts the oldest records until both bounds hold again. */
  add(entry: DebugEntry): void {
    this.#items.push(entry);
    this.#byId.set(entry.requestId, entry);
    this.#bytes += entry.bytes;
    while (this.size > this.capacity || (this.#bytes > this.maxBytes && this.size > 1)) this.#evictOldest();
  }

  /** Records held now. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Bytes charged for the records held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Records evicted since the process started. */
  get evicted(): number {
    return this.#evicted;
  }

  /** The record `requestId`, if still held. */
  find(requestId: string): DebugEntry | undefined {
    return this.#byId.get(requestId);
  }

  /** Records, newest first, that pass `keep`, stopping after `limit`. */
  newest(keep: (e: DebugEntry) => boolean, limit = Number.POSITIVE_INFINITY): DebugEntry[] {
    const out: DebugEntry[] = [];
    for (let i = this.#items.length - 1; i >= this.#head && out.length < limit; i--) {
      const e = this.#items[i] as DebugEntry;
      if (keep(e)) out.push(e);
    }
    return out;
  }

  #evictOldest(): void {
    const e = this.#items[this.#head] as DebugEntry;
    this.#head++;
    this.#bytes -= e.bytes;
    this.#evicted++;
    this.#byId.delete(e.requestId);
    // Reclaim the evicted prefix now and then, so eviction stays O(1) amortized.
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
