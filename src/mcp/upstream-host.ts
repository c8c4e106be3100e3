/**
 * Aggregator mode in the MCP layer: each `lisp_eval` call gets a fresh upstream session (its own
 * call and discovery budgets and `upstream_calls` ledger) whose handler serves the program's host
 * calls, and whose ledger feeds `ptc_metrics` / `upstream_calls` in the `debug` profile.
 *
 * A caller restricted to some upstreams (an HTTP token created with `--upstreams`) gets a host
 * built with that scope: the other servers are invisible to its discovery and its calls.
 */

import type { SessionOptions, UpstreamRuntime } from "../upstream/index.ts";
import type { CallHost } from "./lisp-eval.ts";
import type { UpstreamScope } from "../config/index.ts";

/** Per-program budgets of aggregator mode (the flags of the same names). */
export type UpstreamBudgets = Omit<SessionOptions, "allowedServers">;

/**
 * Builds the `hostFor` of the server core over `runtime`.
 *
 * @returns a function giving the host of one call; pass the caller's allowed servers to scope it
 */
export function upstreamHostFor(runtime: UpstreamRuntime, budgets: UpstreamBudgets) {
  return function hostFor(allowedServers?: UpstreamScope): CallHost {
    const session = runtime.session({ ...budgets, allowedServers: allowedServers ?? null });
    return {
      // The pool aborts ctx.signal when the program ends first; upstream calls it still waits on stop.
      handler: (op, payload, ctx) => session.handle(op, payload, ctx.signal),
      finish: () => ({ upstreamCalls: session.calls }),
    };
  };
}
