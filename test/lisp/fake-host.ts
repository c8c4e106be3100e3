/**
 * A synchronous in-test {@link HostBridge} that speaks the host protocol of src/upstream/session.ts
 * (`{result}` / `{fault}` replies) without any upstream: answers come from a function, and every
 * `call`/`callMany` is recorded as one batch so tests can see what ran concurrently.
 */

import type { HostBridge } from "../../src/lisp/index.ts";

/** One request as the program sent it. */
export interface SentRequest {
  readonly op: string;
  readonly payload: Record<string, unknown>;
}

/** A fake host plus what it saw. */
export interface FakeHost extends HostBridge {
  /** Each element is one round-trip: the requests sent together. */
  readonly batches: SentRequest[][];
}

/** Creates a fake host; `answer` maps one request to its reply. */
export function fakeHost(answer: (r: SentRequest) => unknown): FakeHost {
  const batches: SentRequest[][] = [];
  const callMany = (requests: readonly { op: string; payload: unknown }[]) => {
    const batch = requests.map((r) => ({ op: r.op, payload: (r.payload ?? {}) as Record<string, unknown> }));
    batches.push(batch);
    return batch.map(answer);
  };
  return { batches, callMany, call: (op, payload) => callMany([{ op, payload }])[0] };
}

/** A `tool.call` success reply. */
export const ok = (value: unknown, value_kind = "json") => ({ result: { ok: true, value, value_kind } });
/** A `tool.call` world-fault reply. */
export const worldFault = (reason: string, message: string) => ({ result: { ok: false, reason, message } });
/** A programmer-fault reply. */
export const fault = (code: string, message: string) => ({ fault: { code, message } });
