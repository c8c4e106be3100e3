/**
 * The synchronous host-call channel (docs/decisions/0003-execution-model.md): a program running in
 * a worker calls its host through `HostBridge.call` / `callMany`, which must return a value
 * synchronously, while the host side (upstream MCP calls) is asynchronous on the main thread.
 *
 * Protocol, per host call:
 * 1. worker: clears `REPLY_FLAG`, posts `{type: "host", seq, requests}` to the main thread, then
 *    blocks in `Atomics.wait` on `REPLY_FLAG` (at most until the program's deadline);
 * 2. main: runs every request through the {@link HostHandler} concurrently, posts
 *    `{seq, results}` on the worker's private `MessagePort`, sets `REPLY_FLAG` and notifies;
 * 3. worker: wakes and takes the reply off its port synchronously with `receiveMessageOnPort`.
 * Answers of any size travel as messages (the shared int is only the wake-up), and a reply that
 * comes too late for a timed-out call is recognised by its `seq` and dropped.
 */

import { type MessagePort as NodeMessagePort, receiveMessageOnPort } from "node:worker_threads";
import { type HostBridge, LispError } from "../lisp/index.ts";
import type { HostCallContext, HostHandler } from "./executor.ts";
import {
  type HostCallMessage,
  type HostReplyMessage,
  type HostRequest,
  type HostResult,
  SLOT,
} from "./worker-protocol.ts";

/** What the worker side needs from its thread. */
export interface WorkerBridgeOptions {
  /** Int32 view of the worker's control block. */
  readonly control: Int32Array;
  /** The worker's end of its private reply channel. */
  readonly port: MessagePort;
  /** Posts a message to the main thread (`postMessage` of the worker). */
  readonly post: (message: HostCallMessage) => void;
  readonly runId: number;
  /** The program's deadline as `performance.now()` ms; waiting past it raises `timeout`. */
  readonly deadline: number;
}

/** Longest single `Atomics.wait`, so a missed wake-up costs at most this much (ms). */
const WAIT_SLICE_MS = 250;

/**
 * A {@link HostBridge} as the sandbox carries it: ops are opaque here (any name, any JSON payload);
 * the program side types them through `HostOps` (src/lisp/host-ops.ts) and the host validates.
 */
export interface WireBridge extends HostBridge {
  call(op: string, payload: unknown): unknown;
  callMany(requests: readonly HostRequest[]): unknown[];
}

/**
 * Creates the worker-side {@link HostBridge} for one run. Blocks the calling thread during each
 * call. A handler failure raises `tool_error`; waiting past the deadline raises `timeout`.
 */
export function createWorkerBridge(options: WorkerBridgeOptions): WireBridge {
  const { control, port } = options;
  let seq = 0;

  function callMany(requests: readonly HostRequest[]): unknown[] {
    if (requests.length === 0) return [];
    seq++;
    while (take(port) !== undefined) {
      // Drop replies to earlier calls that timed out.
    }
    Atomics.store(control, SLOT.REPLY_FLAG, 0);
    options.post({
      type: "host",
      runId: options.runId,
      seq,
      requests: requests.map((r) => ({ op: r.op, payload: r.payload })),
    });
    const reply = awaitReply(seq);
    return reply.results.map((result, i) => {
      if (result.ok) return result.value;
      throw new LispError("tool_error", `host call ${requests[i]?.op ?? "?"} failed: ${result.error}`);
    });
  }

  function awaitReply(want: number): HostReplyMessage {
    for (;;) {
      const left = options.deadline - performance.now();
      if (left <= 0) throw new LispError("timeout", "program reached its time limit while waiting for a host call");
      if (Atomics.load(control, SLOT.REPLY_FLAG) === 0) {
        Atomics.wait(control, SLOT.REPLY_FLAG, 0, Math.min(left, WAIT_SLICE_MS));
        continue;
      }
      const got = take(port) as HostReplyMessage | undefined;
      if (got?.seq === want) return got;
      // The flag can be seen before the message is queued; nap 1 ms and look again.
      if (got === undefined) Atomics.wait(control, SLOT.NAP, 0, 1);
    }
  }

  return {
    call(op, payload) {
      return callMany([{ op, payload }])[0];
    },
    callMany,
  };
}

/**
 * Main-thread side: serves one host-call message with `handler` and wakes the worker. Never
 * rejects; a handler that throws or returns something that cannot cross threads becomes an
 * error result. Nothing is posted once `ctx.signal` has aborted (the worker is gone or moved on).
 */
export async function serveHostCall(
  message: HostCallMessage,
  handler: HostHandler,
  ctx: HostCallContext,
  reply: { readonly control: Int32Array; readonly port: MessagePort },
): Promise<void> {
  const settled = await Promise.allSettled(message.requests.map((r) => handler(r.op, r.payload, ctx)));
  if (ctx.signal.aborted) return;
  const results: HostResult[] = settled.map((s) =>
    s.status === "fulfilled" ? { ok: true, value: s.value } : { ok: false, error: reasonText(s.reason) },
  );
  try {
    reply.port.postMessage({ seq: message.seq, results } satisfies HostReplyMessage);
  } catch (e) {
    const error = `the host answer cannot be sent to the program: ${reasonText(e)}`;
    reply.port.postMessage({
      seq: message.seq,
      results: results.map(() => ({ ok: false, error })),
    } satisfies HostReplyMessage);
  }
  Atomics.store(reply.control, SLOT.REPLY_FLAG, 1);
  Atomics.notify(reply.control, SLOT.REPLY_FLAG);
}

/** Takes the next message off `port` without waiting (Bun implements this for web MessagePorts too). */
function take(port: MessagePort): unknown {
  return receiveMessageOnPort(port as unknown as NodeMessagePort)?.message;
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
