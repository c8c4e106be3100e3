/** CancelLedger: a cancel that overtakes its request over HTTP still cancels it. */

import { describe, expect, it } from "bun:test";
import { CancelLedger } from "../../../src/transports/http/cancel.ts";

describe("CancelLedger", () => {
  it("refuses a request whose cancel arrived first, once, and lets others through", () => {
    const ledger = new CancelLedger();
    ledger.cancelled([7]);
    expect(ledger.enter([7])).toEqual([7]);
    // Remembered once only: the same id later is a new request.
    expect(ledger.enter([7])).toEqual([]);
    expect(ledger.enter(["a", 8])).toEqual([]);
  });

  it("does not remember a cancel for a request in flight (the SDK stops that one)", () => {
    const ledger = new CancelLedger();
    expect(ledger.enter([1])).toEqual([]);
    ledger.cancelled([1]);
    ledger.leave([1]);
    expect(ledger.enter([1])).toEqual([]);
  });

  it("forgets early cancels after 10 s and keeps at most 64", () => {
    let now = 0;
    const ledger = new CancelLedger(() => now);
    ledger.cancelled([1]);
    now = 10_001;
    expect(ledger.enter([1])).toEqual([]);
    ledger.cancelled(Array.from({ length: 70 }, (_, i) => 100 + i));
    expect(ledger.enter([100, 105, 106, 169])).toEqual([106, 169]);
  });
});
