/**
 * Host calls from a synchronous evaluator, and the replay that lets `pmap` run them concurrently.
 *
 * A program reaches its host (upstream tools, discovery) through `run().host`, a {@link HostBridge}
 * whose calls block until answered. A plain call simply blocks. Inside `pmap`, blocking item by
 * item would serialise the calls, so {@link parallelMap} runs every item in *collect* mode instead:
 * the first host call an item makes that has no answer yet records its request and abandons the
 * item with a private signal. When every item has either finished or stopped at a call, all the
 * recorded requests go to the host in one `callMany` (which serves them concurrently), and the
 * unfinished items run again from the start with their answers memoised in call order, so they
 * pass the calls already answered and stop at the next one. Rounds repeat until every item is done;
 * each round spends upstream calls, so the per-program call budget bounds them.
 *
 * This is sound because programs are pure apart from `println`: prints of abandoned attempts are
 * dropped and each item's prints are kept from its finished run, in item order. A replayed item
 * must ask for the same requests again; one that does not (its arguments depend on the clock) is
 * refused. Nested `pmap`s work too: an inner round's batch is one memoised call of the outer item.
 */

import { LispError } from "./errors.ts";
import { type RunState, run } from "./runtime.ts";
import type { HostOp, HostPayload, HostRequest } from "./host-ops.ts";
import type { Value } from "./values/index.ts";

/** The memo of one `pmap` item: answers of its earlier rounds and what it asks next. */
interface Frame {
  readonly answers: unknown[][];
  readonly asked: string[];
  cursor: number;
  pending: readonly HostRequest[] | null;
}

/** Abandons a `pmap` item at a host call that has no answer yet. Never escapes {@link parallelMap}. */
class Pending {
  constructor(readonly frame: Frame) {}
}

/** Active item frames per evaluation (innermost last). */
const stacks = new WeakMap<RunState, Frame[]>();

/** The error raised when a program calls the host but has none. */
export function noHost(what: string): LispError {
  return new LispError(
    "unknown_tool",
    `${what} is unavailable: no upstreams are configured`,
    null,
    "upstream tools need aggregator mode: start the server with --upstreams-config <file>",
  );
}

/** True when the running program has a host. */
export function hasHost(): boolean {
  return run().host !== null;
}

/**
 * Sends `requests` to the host and returns the replies in order. Inside a `pmap` item this either
 * returns the memoised replies or abandons the item until the next round.
 */
export function hostCallMany(requests: readonly HostRequest[], what: string): unknown[] {
  const state = run();
  const host = state.host;
  if (host === null) throw noHost(what);
  const frame = stacks.get(state)?.at(-1);
  if (frame === undefined)
    return requests.length === 1
      ? [host.call((requests[0] as HostRequest).op, (requests[0] as HostRequest).payload)]
      : host.callMany(requests);
  const key = JSON.stringify(requests);
  if (frame.cursor < frame.answers.length) {
    if (frame.asked[frame.cursor] !== key) {
      throw new LispError(
        "runtime_error",
        `${what} inside pmap asked for different arguments when its item ran again`,
        null,
        "tool call arguments inside pmap must not depend on the clock or other changing values",
      );
    }
    return frame.answers[frame.cursor++] as unknown[];
  }
  frame.pending = requests;
  throw new Pending(frame);
}

/** One host call (see {@link hostCallMany}); the reply is checked by the caller (`hostResult`). */
export function hostCall<O extends HostOp>(op: O, payload: HostPayload<O>, what: string): unknown {
  return hostCallMany([{ op, payload } as HostRequest], what)[0];
}

/**
 * Computes `item(0) ... item(n-1)` like `map`, but lets the host calls of different items run
 * concurrently (see the module docs). Without a host it is exactly a sequential map. Errors
 * surface as a sequential map would raise them: the lowest-index failing item wins.
 */
export function parallelMap(n: number, item: (i: number) => Value): Value[] {
  const state = run();
  const out = new Array<Value>(n);
  if (state.host === null) {
    for (let i = 0; i < n; i++) out[i] = item(i);
    return out;
  }
  let stack = stacks.get(state);
  if (stack === undefined) {
    stack = [];
    stacks.set(state, stack);
  }
  const frames: Frame[] = Array.from({ length: n }, () => ({ answers: [], asked: [], cursor: 0, pending: null }));
  const done = new Uint8Array(n);
  const prints: string[][] = new Array(n);
  let failed: { i: number; error: unknown } | null = null;
  for (;;) {
    const waiting: number[] = [];
    const end = failed === null ? n : failed.i;
    for (let i = 0; i < end; i++) {
      if (done[i] === 1) continue;
      const frame = frames[i] as Frame;
      frame.cursor = 0;
      frame.pending = null;
      const mark = state.prints.length;
      stack.push(frame);
      try {
        out[i] = item(i);
        done[i] = 1;
        prints[i] = state.prints.splice(mark);
      } catch (e) {
        const printed = state.prints.splice(mark);
        if (e instanceof Pending && e.frame === frame) {
          waiting.push(i);
          continue;
        }
        if (!(e instanceof LispError) || FATAL.has(e.code)) throw e;
        prints[i] = printed;
        failed = { i, error: e };
        break;
      } finally {
        stack.pop();
      }
    }
    if (waiting.length === 0) break;
    const batch: HostRequest[] = [];
    for (const i of waiting) batch.push(...((frames[i] as Frame).pending as readonly HostRequest[]));
    const replies = hostCallMany(batch, "pmap");
    let at = 0;
    for (const i of waiting) {
      const frame = frames[i] as Frame;
      const asked = frame.pending as readonly HostRequest[];
      frame.answers.push(replies.slice(at, at + asked.length));
      frame.asked.push(JSON.stringify(asked));
      at += asked.length;
    }
  }
  const last = failed === null ? n : failed.i + 1;
  for (let i = 0; i < last; i++) if (prints[i] !== undefined) state.prints.push(...(prints[i] as string[]));
  if (failed !== null) throw failed.error;
  return out;
}

/** Errors that end the whole program at once rather than belonging to one item. */
const FATAL = new Set(["timeout", "memory_exceeded", "stack_overflow"]);
