/**
 * The progress reporter of one call (src/mcp/progress.ts): nothing without a token, increasing
 * progress, at most one notification per interval (later calls reported together), none after stop.
 */

import { describe, expect, it } from "bun:test";
import { callProgress, type NotifySink } from "../../src/mcp/progress.ts";

type Sent = Parameters<NotifySink>[0]["params"];

function sink(): { notify: NotifySink; sent: Sent[] } {
  const sent: Sent[] = [];
  return { sent, notify: async (n) => void sent.push(n.params) };
}

describe("callProgress", () => {
  it("returns no reporter when the request has no progress token", () => {
    const { notify } = sink();
    expect(callProgress(undefined, notify, { total: 5 })).toBeUndefined();
    expect(callProgress({ progressToken: { x: 1 } }, notify, { total: 5 })).toBeUndefined();
  });

  it("sends the first call at once and coalesces the calls of one interval into one trailing notification", async () => {
    const { notify, sent } = sink();
    let clock = 0;
    const p = callProgress({ progressToken: "t1" }, notify, { total: 50, intervalMs: 40, now: () => clock });
    if (!p) throw new Error("expected a reporter");
    p.upstreamCallDone();
    clock = 10;
    p.upstreamCallDone();
    p.upstreamCallDone();
    expect(sent).toEqual([{ progressToken: "t1", progress: 1, total: 50, message: "1/50 upstream calls, 0.0 s" }]);
    clock = 1500;
    await Bun.sleep(80);
    expect(sent.map((s) => s.progress)).toEqual([1, 3]);
    expect(sent[1]?.message).toBe("3/50 upstream calls, 1.5 s");
  });

  it("sends nothing once stopped, not even a pending notification", async () => {
    const { notify, sent } = sink();
    let clock = 0;
    const p = callProgress({ progressToken: 7 }, notify, { total: 3, intervalMs: 30, now: () => clock });
    p?.upstreamCallDone();
    clock = 5;
    p?.upstreamCallDone();
    p?.stop();
    p?.upstreamCallDone();
    await Bun.sleep(60);
    expect(sent.map((s) => s.progress)).toEqual([1]);
  });
});
