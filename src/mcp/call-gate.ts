/**
 * Bounds the number of `tools/call`s running at once (`--max-concurrent-calls`). Excess calls are
 * refused immediately with `busy` instead of queueing (mcp-server.md "Architecture", step 2).
 */

/** A counting gate shared by every connection of one server process. */
export interface CallGate {
  /** Takes a slot; returns false (and takes nothing) when all `max` slots are in use. */
  tryEnter(): boolean;
  /** Returns a slot taken by a successful {@link tryEnter}. */
  leave(): void;
  /** Slots in use now. */
  readonly inFlight: number;
  /** Capacity. */
  readonly max: number;
}

/** Creates a gate with `max` slots (a positive integer). */
export function createCallGate(max: number): CallGate {
  let inFlight = 0;
  return {
    tryEnter() {
      if (inFlight >= max) return false;
      inFlight++;
      return true;
    },
    leave() {
      if (inFlight > 0) inFlight--;
    },
    get inFlight() {
      return inFlight;
    },
    max,
  };
}
