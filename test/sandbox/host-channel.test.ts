import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { HostHandler } from "../../src/sandbox/executor.ts";
import { serveHostCall } from "../../src/sandbox/host-channel.ts";
import { CONTROL_BYTES, type HostCallMessage } from "../../src/sandbox/worker-protocol.ts";
import type { CallsMessage, CallsResult } from "./fixtures/bridge-worker.ts";

/** A worker running the bridge fixture, with the main side of the channel served by `handler`. */
class Channel {
  readonly worker = new Worker(new URL("./fixtures/bridge-worker.ts", import.meta.url));
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  readonly ports = new MessageChannel();
  handler: HostHandler = async () => null;
  hostCalls = 0;
  private pending: ((r: CallsResult) => void) | null = null;
  readonly ready: Promise<void>;

  constructor() {
    let ready: () => void = () => {};
    this.ready = new Promise((resolve) => {
      ready = resolve;
    });
    this.worker.onmessage = (e: MessageEvent) => {
      const m = e.data as { type: string };
      if (m.type === "ready") ready();
      else if (m.type === "host") {
        this.hostCalls++;
        const ctx = { signal: new AbortController().signal, runId: (m as HostCallMessage).runId };
        void serveHostCall(m as HostCallMessage, this.handler, ctx, { control: this.control, port: this.ports.port1 });
      } else if (m.type === "result") this.pending?.(m as CallsResult);
    };
    this.worker.postMessage({ type: "init", control: this.control.buffer, port: this.ports.port2 }, [this.ports.port2]);
  }

  ask(requests: CallsMessage["requests"], many = false, deadlineMs = 5000): Promise<CallsResult> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker.postMessage({ type: "calls", requests, many, deadlineMs } satisfies CallsMessage);
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("host channel (worker blocks on Atomics.wait, main thread answers asynchronously)", () => {
  let ch: Channel;
  beforeAll(async () => {
    ch = new Channel();
    await ch.ready;
  });
  afterAll(() => ch.worker.terminate());

  it("returns the handler's value to the blocked worker while the main thread keeps running", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    ch.handler = async (op, payload) => {
      await sleep(60);
      return { op, echo: payload };
    };
    const r = await ch.ask([{ op: "tool.call", payload: { server: "s", args: [1, 2] } }]);
    clearInterval(timer);
    expect(r).toMatchObject({ ok: true, value: { op: "tool.call", echo: { server: "s", args: [1, 2] } } });
    expect(ticks).toBeGreaterThan(3);
    if (r.ok) expect(r.waitedMs).toBeGreaterThanOrEqual(55);
  });

  it("delivers an answer of several megabytes intact when it is far larger than the shared block", async () => {
    const big = "z".repeat(5 * 1024 * 1024);
    ch.handler = async () => ({ text: big });
    const r = await ch.ask([{ op: "big", payload: null }]);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { text: string }).text.length).toBe(big.length);
  });

  it("runs the requests of callMany concurrently and answers in request order", async () => {
    let active = 0;
    let peak = 0;
    ch.handler = async (_op, payload) => {
      const ms = payload as number;
      peak = Math.max(peak, ++active);
      await sleep(ms);
      active--;
      return ms;
    };
    const r = await ch.ask(
      [
        { op: "a", payload: 150 },
        { op: "b", payload: 100 },
        { op: "c", payload: 50 },
      ],
      true,
    );
    expect(r).toMatchObject({ ok: true, value: [150, 100, 50] });
    // All three were in flight at once (a serial bridge would peak at 1), however slow the machine.
    expect(peak).toBe(3);
  });

  it("raises tool_error in the program when the handler rejects", async () => {
    ch.handler = async () => {
      throw new Error("upstream exploded");
    };
    const r = await ch.ask([{ op: "tool.call", payload: {} }]);
    expect(r).toMatchObject({ ok: false, code: "tool_error" });
    if (!r.ok) expect(r.message).toContain("upstream exploded");
  });

  it("raises timeout at the deadline and ignores the late reply on the next call", async () => {
    ch.handler = async (op) => {
      await sleep(op === "slow" ? 300 : 1);
      return op;
    };
    const slow = await ch.ask([{ op: "slow", payload: null }], false, 80);
    expect(slow).toMatchObject({ ok: false, code: "timeout" });
    await sleep(350);
    const next = await ch.ask([{ op: "fast", payload: null }]);
    expect(next).toMatchObject({ ok: true, value: "fast" });
  });

  it("reports a value that cannot cross threads as an error instead of hanging", async () => {
    ch.handler = async () => ({ fn: () => 1 });
    const r = await ch.ask([{ op: "bad", payload: null }]);
    expect(r).toMatchObject({ ok: false, code: "tool_error" });
  });
});
