/**
 * The registry of live 2025-era protocol sessions. Each session is one SDK
 * `WebStandardStreamableHTTPServerTransport` (stateful: it issues `MCP-Session-Id`, serves `GET`
 * streams and `DELETE`) connected to a fresh server instance from the shared factory.
 *
 * Limits: a global cap and a per-owner cap on sessions (checked before `initialize` is served),
 * an absolute lifetime and an idle timeout (a reaper closes expired sessions; a lookup also checks,
 * so an expired id is refused even between sweeps). A closed or unknown id is simply absent:
 * the endpoint answers `404`, and a session of another owner looks exactly the same.
 *
 * Raw session ids live only in this map and the redactor; logs and the store get a hash.
 */

import { randomBytes } from "node:crypto";
import { type AuthInfo, type McpServer, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { type Redactor, shortHash } from "../../auth/index.ts";
import type { Logger, UpstreamScope } from "../../config/index.ts";
import { decodeCallerScope, type ServerFactory } from "../../mcp/index.ts";
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
  /** Requests of this session still executing. */
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

/** Options of {@link createSessionRegistry}. */
export interface SessionRegistryOptions {
  /** Server instances for a caller's upstream scope (null: unrestricted). */
  readonly factoryFor: (upstreams: UpstreamScope) => ServerFactory;
  readonly limits: SessionLimits;
  /** Session metadata store, or null. */
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
   * Serves an `initialize` POST: checks the caps, creates the session, lets the SDK answer.
   * Returns the SDK's response, or a refusal (`503` global cap, `429` owner cap).
   */
  open(
    request: Request,
    owner: string,
    options: { parsedBody: unknown; authInfo: AuthInfo },
  ): Promise<{ response: Response; session: LiveSession | null }>;
  /** The live session `id` of `owner`, or null (unknown, closed, expired, or another owner's). */
  lookup(id: string, owner: string): LiveSession | null;
  /** Marks activity (idle timer). */
  touch(session: LiveSession): void;
  /** Closes a session: its streams end and its running requests are cancelled. */
  close(id: string, reason: SessionCloseReason): Promise<void>;
  /** Closes expired sessions; returns how many. Runs on a timer while {@link start}ed. */
  reap(): Promise<number>;
  /** Starts the reaper timer. */
  start(): void;
  /** Stops the reaper and closes every session. */
  closeAll(reason: SessionCloseReason): Promise<void>;
  readonly size: number;
  sizeFor(owner: string): number;
  /** True when the global cap is reached (readiness reports `saturated`). */
  readonly saturated: boolean;
}

/** `result.protocolVersion` of an `initialize` answer (a JSON body), or null. */
async function negotiatedVersion(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { result?: { protocolVersion?: unknown } };
    const version = body.result?.protocolVersion;
    return typeof version === "string" ? version : null;
  } catch {
    return null;
  }
}

/** A fresh session id: 32 CSPRNG bytes, base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** Creates the registry. */
export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const { limits, logger, redactor, repo } = options;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, LiveSession>();
  const perOwner = new Map<string, number>();
  const lastPersisted = new WeakMap<LiveSession, number>();
  const closers = new WeakMap<LiveSession, (reason: SessionCloseReason) => void>();
  let reserved = 0;
  const reservedPerOwner = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const countFor = (owner: string) => (perOwner.get(owner) ?? 0) + (reservedPerOwner.get(owner) ?? 0);
  const bump = (m: Map<string, number>, k: string, d: number) => {
    const v = (m.get(k) ?? 0) + d;
    if (v > 0) m.set(k, v);
    else m.delete(k);
  };
  /** Session metadata is bookkeeping: a store failure is logged, never waited for by the request. */
  const persist = (what: string, fn: () => Promise<void> | undefined) => {
    let pending: Promise<void> | undefined;
    try {
      pending = fn();
    } catch (e) {
      pending = Promise.reject(e);
    }
    pending?.catch((e: unknown) =>
      logger.warn("store_error", { what, message: e instanceof Error ? e.message : String(e) }),
    );
  };

  function expiry(s: LiveSession, t: number): SessionCloseReason | null {
    if (t - s.createdAt >= limits.ttlMs) return "ttl";
    if (s.inFlight === 0 && t - s.lastSeen >= limits.idleTimeoutMs) return "idle";
    return null;
  }

  async function close(id: string, reason: SessionCloseReason): Promise<void> {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    bump(perOwner, s.owner, -1);
    redactor.unregister(s.id);
    persist("session_close", () => repo?.close(s.idHash, reason, now()));
    logger.info("http_session_closed", { session_hash: s.idHash, owner_hash: shortHash(s.owner), reason });
    closers.get(s)?.(reason);
    await s.transport.close().catch(() => {});
  }

  const registry: SessionRegistry = {
    async open(request, owner, { parsedBody, authInfo }) {
      if (sessions.size + reserved >= limits.maxSessions) {
        return {
          response: rpcError(
            503,
            RPC_ERROR.server,
            `session limit reached: ${limits.maxSessions} sessions are open (--http-max-sessions)`,
          ),
          session: null,
        };
      }
      if (countFor(owner) >= limits.maxSessionsPerOwner) {
        return {
          response: rpcError(
            429,
            RPC_ERROR.server,
            `session limit reached: this owner has ${limits.maxSessionsPerOwner} open sessions (--http-max-sessions-per-owner)`,
          ),
          session: null,
        };
      }
      reserved++;
      bump(reservedPerOwner, owner, 1);
      let created: LiveSession | null = null;
      const server: McpServer = options.factoryFor(decodeCallerScope(authInfo.extra)?.upstreams ?? null)();
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: newSessionId,
        keepAliveMs: options.keepAliveMs,
        enableJsonResponse: true,
        onsessioninitialized: (id) => {
          const t = now();
          const listeners = new Set<(reason: SessionCloseReason) => void>();
          created = {
            id,
            idHash: shortHash(id),
            owner,
            transport,
            createdAt: t,
            lastSeen: t,
            inFlight: 0,
            protocolVersion: null,
            onClose(listener) {
              listeners.add(listener);
              return () => listeners.delete(listener);
            },
          };
          closers.set(created, (reason) => {
            for (const l of listeners) l(reason);
            listeners.clear();
          });
          redactor.register(id);
          sessions.set(id, created);
          bump(perOwner, owner, 1);
          lastPersisted.set(created, t);
          const version = (parsedBody as { params?: { protocolVersion?: unknown } })?.params?.protocolVersion;
          const s = created;
          persist("session_open", () =>
            repo?.open({
              idHash: s.idHash,
              owner,
              protocolVersion: typeof version === "string" ? version : null,
              instance: options.instance,
              at: t,
            }),
          );
          logger.info("http_session_opened", { session_hash: s.idHash, owner_hash: shortHash(owner) });
        },
        onsessionclosed: (id) => {
          void close(id, "deleted");
        },
      });
      try {
        await server.connect(transport);
        const response = await transport.handleRequest(request, { parsedBody, authInfo });
        const session = created as LiveSession | null;
        if (session !== null) session.protocolVersion = await negotiatedVersion(response);
        return { response, session };
      } finally {
        reserved--;
        bump(reservedPerOwner, owner, -1);
        if (created === null) await server.close().catch(() => {});
      }
    },

    lookup(id, owner) {
      const s = sessions.get(id);
      if (!s) return null;
      const reason = expiry(s, now());
      if (reason !== null) {
        void close(id, reason);
        return null;
      }
      return s.owner === owner ? s : null;
    },

    touch(s) {
      const t = now();
      s.lastSeen = t;
      // Memory holds the exact time; the store gets it at most every 5 s per session.
      if (t - (lastPersisted.get(s) ?? 0) >= 5000) {
        lastPersisted.set(s, t);
        persist("session_touch", () => repo?.touch(s.idHash, t));
      }
    },

    close,

    async reap() {
      const t = now();
      const due: Array<[string, SessionCloseReason]> = [];
      for (const s of sessions.values()) {
        const reason = expiry(s, t);
        if (reason !== null) due.push([s.id, reason]);
      }
      await Promise.all(due.map(([id, reason]) => close(id, reason)));
      return due.length;
    },

    start() {
      if (timer) return;
      const every = Math.min(5000, Math.max(50, Math.floor(Math.min(limits.ttlMs, limits.idleTimeoutMs) / 4)));
      timer = setInterval(() => void registry.reap(), every);
      timer.unref?.();
    },

    async closeAll(reason) {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all([...sessions.keys()].map((id) => close(id, reason)));
    },

    get size() {
      return sessions.size;
    },
    sizeFor: (owner) => perOwner.get(owner) ?? 0,
    get saturated() {
      return sessions.size + reserved >= limits.maxSessions;
    },
  };
  return registry;
}
