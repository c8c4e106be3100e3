/**
 * JSON-RPC batches per protocol revision. Revision 2025-03-26 requires servers to accept a batch
 * (basic/transports: "MUST support receiving JSON-RPC batches"); 2025-06-18 removed batching
 * (changelog: "Remove support for JSON-RPC batching") and later revisions kept it out. A batch
 * may never carry `initialize` (2025-03-26 lifecycle).
 *
 * {@link BatchCollector} does the stdio half: it splits an accepted batch into messages for the
 * server and holds back the answers to its requests until all are in, then hands them on as one
 * array, as JSON-RPC 2.0 section 6 prescribes.
 */

import type { JSONRPCMessage } from "@modelcontextprotocol/server";

/** The revision a peer that did not say otherwise speaks (2025-06-18 basic/transports, HTTP). */
export const DEFAULT_REVISION = "2025-03-26";

/** True when protocol revision `version` (`YYYY-MM-DD`) allows JSON-RPC batches. */
export function batchesAllowed(version: string): boolean {
  return version < "2025-06-18";
}

/** Why a batch is refused under `version`, or null when it is acceptable. */
export function batchRefusal(version: string | null, batch: readonly unknown[]): string | null {
  if (batch.length === 0) return "Invalid Request: empty batch";
  if (batch.some((m) => (m as { method?: unknown } | null)?.method === "initialize")) {
    return "Invalid Request: initialize must not be part of a JSON-RPC batch";
  }
  if (version === null) return "Invalid Request: JSON-RPC batches need an initialized 2025-03-26 session";
  if (!batchesAllowed(version)) {
    return `Invalid Request: protocol revision ${version} does not support JSON-RPC batches`;
  }
  return null;
}

type RequestId = string | number;

interface Pending {
  readonly waiting: Set<RequestId>;
  readonly answers: unknown[];
}

/** Collects the answers of batched requests (one collector per connection). */
export class BatchCollector {
  private readonly byId = new Map<RequestId, Pending>();

  /**
   * Registers a batch: `requestIds` are its requests (answered later through {@link take}),
   * `immediate` the answers already known (invalid members). Returns the array to write now
   * when nothing is pending, else null.
   */
  open(requestIds: readonly RequestId[], immediate: readonly unknown[]): unknown[] | null {
    const fresh = requestIds.filter((id) => !this.byId.has(id));
    if (fresh.length === 0) return immediate.length > 0 ? [...immediate] : null;
    const pending: Pending = { waiting: new Set(fresh), answers: [...immediate] };
    for (const id of fresh) this.byId.set(id, pending);
    return null;
  }

  /**
   * Offers an outgoing message. Returns `undefined` when it is not the answer to a batched request
   * (write it as usual), null when it was held back, or the completed batch's array to write.
   */
  take(message: JSONRPCMessage): unknown[] | null | undefined {
    const id = (message as { id?: unknown }).id;
    if (typeof id !== "string" && typeof id !== "number") return undefined;
    if (!("result" in message) && !("error" in message)) return undefined;
    const pending = this.byId.get(id);
    if (pending === undefined) return undefined;
    this.byId.delete(id);
    pending.waiting.delete(id);
    pending.answers.push(message);
    return pending.waiting.size === 0 ? pending.answers : null;
  }

  /** True when `id` is a batched request still waiting for its answer. */
  has(id: RequestId): boolean {
    return this.byId.has(id);
  }

  /** Forgets everything (connection closed). */
  clear(): void {
    this.byId.clear();
  }
}
