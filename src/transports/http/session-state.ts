/**
 * The types of the 2025-era session registry (sessions.ts) and the pieces it shares with the
 * endpoint: a held session's shape, the limits, and the ready-made refusals (`503
 * store_unavailable`, session caps).
 */

import { randomBytes } from "node:crypto";
import type { AuthInfo, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import type { Redactor } from "../../auth/index.ts";
import type { Logger, UpstreamScope } from "../../config/index.ts";
import type { ServerFactory } from "../../mcp/index.ts";
import type { SessionCloseReason, SessionRepo } from "../../store/index.ts";
import { RPC_ERROR, rpcError } from "./json-rpc.ts";

/** A live session. */
export interface LiveSession {
  readonly id: string;
  /** Hash of the id, for logs and the store. */
  readonly idHash: string;
  readonly owner: string;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly createdAt: number;
  lastSeen: number;
  /** Requests of this session still executing on this replica. */
  inFlight: number;
  /** The protocol revision `initialize` agreed on (null until known). */
  protocolVersion: string | null;
  /**
   * Calls `listener` once if the session closes (pending exchanges stop waiting); returns the
   * function that removes it. A per-request listener set, not a shared promise: reactions on a
   * long-lived promise would pile up for the life of the session.
   */
  onClose(listener: (reason: SessionCloseReason) => void): () => void;
}

/** Session limits (from `--http-*`). */
export interface SessionLimits {
  readonly maxSessions: number;
  readonly maxSessionsPerOwner: number;
  readonly ttlMs: number;
  readonly idleTimeoutMs: number;
}

/** A request the registry refuses with a ready answer (`503` store unavailable or replica full). */
export class SessionRefusal extends Error {
  constructor(readonly response: Response) {
    super("session refused");
  }
}

/** A fresh session id: 32 CSPRNG bytes, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** The `503` answer when the store does not answer. */
export function storeUnavailable(message: string): Response {
  return rpcError(503, RPC_ERROR.server, `store_unavailable: the state store did not answer (${message})`, {
    data: { reason: "store_unavailable" },
    headers: { "retry-after": "1" },
  });
}

/** A session-cap refusal with `status` (`503` replica full, `429` owner cap). */
export function capRefusal(status: number, message: string): Response {
  return rpcError(status, RPC_ERROR.server, `session limit reached: ${message}`);
}

/** `result.protocolVersion` of an `initialize` answer (a JSON body), or null. */
export async function negotiatedVersion(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { result?: { protocolVersion?: unknown } };
    const version = body.result?.protocolVersion;
    return typeof version === "string" ? version : null;
  } catch {
    return null;
  }
}

/** Options of {@link createSessionRegistry}. */
export interface SessionRegistryOptions {
  /** Server instances for a caller's upstream scope (null: unrestricted). */
  readonly factoryFor: (upstreams: UpstreamScope) => ServerFactory;
  readonly limits: SessionLimits;
  /** Session store shared by the replicas, or null (this process alone; nothing is rebuilt). */
  readonly repo: SessionRepo | null;
  readonly redactor: Redactor;
  readonly logger: Logger;
  readonly instance: string;
  /** SSE keep-alive interval of the transports, in ms. */
  readonly keepAliveMs: number;
  readonly now?: () => number;
}

/** The registry. */
export interface SessionRegistry {
  /**
   * Serves an `initialize` POST: checks the caps, creates the session, records it in the store,
   * lets the SDK answer. Returns the SDK's response, or a refusal (`503` global cap or store
   * unavailable, `429` owner cap).
   */
  open(
    request: Request,
    owner: string,
    options: { parsedBody: unknown; authInfo: AuthInfo },
  ): Promise<{ response: Response; session: LiveSession | null }>;
  /**
   * The live session `id` of `owner`, rebuilt from the store when this replica does not hold it
   * (only with `authInfo`, whose scope the rebuilt server gets); null when unknown, closed,
   * expired or another owner's.
   *
   * @throws {SessionRefusal} when the store cannot be read or this replica is at its session cap
   */
  lookup(id: string, owner: string, authInfo?: AuthInfo): Promise<LiveSession | null>;
  /** Marks activity (idle timer; the store gets it at most every quarter idle timeout, ≤ 5 s). */
  touch(session: LiveSession): void;
  /** Ends a session everywhere: its row is closed, its streams end, its running requests are cancelled. */
  close(id: string, reason: SessionCloseReason): Promise<void>;
  /**
   * Closes the session's row before a `DELETE` is handed to the SDK; a refusal (`503
   * store_unavailable`) when the store cannot record it, so no replica keeps serving a session
   * its client was told is gone. Null when recorded (or there is no store).
   */
  recordDelete(session: LiveSession): Promise<Response | null>;
  /** Closes expired sessions (held here, or orphaned in the store); returns how many. */
  reap(): Promise<number>;
  /** Starts the reaper timer. */
  start(): void;
  /** Stops the reaper and releases every held session; their rows stay open for other replicas. */
  closeAll(reason: SessionCloseReason): Promise<void>;
  readonly size: number;
  sizeFor(owner: string): number;
  /** True when the global cap is reached (readiness reports `saturated`). */
  readonly saturated: boolean;
}
