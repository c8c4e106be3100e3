/**
 * Ending cancelled 2025-era exchanges (MCP 2025-11-25 basic/utilities/cancellation).
 *
 * The SDK aborts a request's handler on `notifications/cancelled` and then, as the spec says,
 * sends no response. With JSON responses (`enableJsonResponse`) the POST that carried the request
 * waits for that response, so without help the exchange never ends and keeps its in-flight slots
 * until the session closes. Answering the cancelled id ourselves through the session's transport
 * resolves the POST and lets the transport drop its bookkeeping for the id. The client has
 * already forgotten the id; it discards the answer.
 *
 * The same path serves a client that hangs up mid-call: its request ids are cancelled as if it
 * had sent the notification, so the program stops and the slots come back at once.
 */

import type { AuthInfo, JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { RPC_ERROR } from "./json-rpc.ts";

type RequestId = string | number;

function messagesOf(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : [body];
  return list.filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null);
}

function isRequestId(x: unknown): x is RequestId {
  return typeof x === "string" || typeof x === "number";
}

/** The ids of the JSON-RPC requests in a parsed body (a message or a batch). */
export function requestIdsOf(body: unknown): RequestId[] {
  const ids: RequestId[] = [];
  for (const m of messagesOf(body)) if (typeof m.method === "string" && isRequestId(m.id)) ids.push(m.id);
  return ids;
}

/** The `params.requestId`s named by the `notifications/cancelled` messages of a parsed body. */
export function cancelledIdsOf(body: unknown): RequestId[] {
  const ids: RequestId[] = [];
  for (const m of messagesOf(body)) {
    if (m.method !== "notifications/cancelled" || "id" in m) continue;
    const id = (m.params as { requestId?: unknown } | undefined)?.requestId;
    if (isRequestId(id)) ids.push(id);
  }
  return ids;
}

/** The error a cancelled request is answered with: `-32000`, `data.reason: "cancelled"`. */
export function cancelledResponse(id: RequestId, why: string): JSONRPCMessage {
  return {
    jsonrpc: "2.0",
    id,
    error: { code: RPC_ERROR.server, message: `request cancelled: ${why}`, data: { reason: "cancelled" } },
  } as JSONRPCMessage;
}

/**
 * Answers each cancelled `id` on `transport`, so the POST waiting for it ends. An id that is not
 * pending there (already answered, never sent, another session's) is ignored: the transport
 * refuses it.
 */
export function answerCancelled(transport: Pick<Transport, "send">, ids: readonly RequestId[], why: string): void {
  for (const id of ids) transport.send(cancelledResponse(id, why)).catch(() => {});
}

/**
 * Cancels requests of a session whose client went away: the server sees a `notifications/cancelled`
 * for each id (its handler aborts, the program stops), then each id is answered so the exchange ends.
 */
export function cancelAbandoned(
  transport: Pick<Transport, "send" | "onmessage">,
  ids: readonly RequestId[],
  authInfo: AuthInfo,
): void {
  for (const id of ids) {
    const notification = {
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: id, reason: "client disconnected" },
    } as JSONRPCMessage;
    transport.onmessage?.(notification, { authInfo });
  }
  answerCancelled(transport, ids, "the client disconnected");
}

/** Early cancels a session remembers, and for how long (ms). */
const EARLY_CANCELS_MAX = 64;
const EARLY_CANCEL_TTL_MS = 10_000;

/**
 * A session's request ids in flight, and the ids cancelled before their request arrived. Over
 * HTTP a `notifications/cancelled` and the request it names travel on different connections, so
 * under load the cancel can overtake the request; the request would then run to its end with
 * nobody waiting. A cancel for an id not in flight is remembered (at most 64, for 10 s), and a
 * request with that id is answered cancelled at once instead of being run.
 */
export class CancelLedger {
  private readonly pending = new Set<RequestId>();
  private readonly early = new Map<RequestId, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Marks `ids` in flight; returns those cancelled before they arrived (not marked, to be refused). */
  enter(ids: readonly RequestId[]): RequestId[] {
    const refused: RequestId[] = [];
    for (const id of ids) {
      const at = this.early.get(id);
      if (at !== undefined) {
        this.early.delete(id);
        if (this.now() - at <= EARLY_CANCEL_TTL_MS) {
          refused.push(id);
          continue;
        }
      }
      this.pending.add(id);
    }
    return refused;
  }

  /** Marks `ids` no longer in flight. */
  leave(ids: readonly RequestId[]): void {
    for (const id of ids) this.pending.delete(id);
  }

  /** Records cancels: an id not in flight is remembered as cancelled early. */
  cancelled(ids: readonly RequestId[]): void {
    for (const id of ids) {
      if (this.pending.has(id)) continue;
      this.early.delete(id);
      this.early.set(id, this.now());
      if (this.early.size > EARLY_CANCELS_MAX) this.early.delete(this.early.keys().next().value as RequestId);
    }
  }
}
