/**
 * The registry of 2025-era protocol sessions held by this replica. Each live session is one SDK
 * `WebStandardStreamableHTTPServerTransport` (stateful: it issues `MCP-Session-Id`, serves `GET`
 * streams and `DELETE`) connected to a fresh server instance from the shared factory.
 *
 * Sessions are shared state: the store keeps each one's owner, times and `initialize` params, so
 * a replica that receives an id it does not hold rebuilds the session (session-restore.ts), and
 * every request on a held session re-reads its row, so a `DELETE` on any replica ends it on all.
 * Stopping a replica releases its sessions without closing them; they continue elsewhere.
 *
 * Limits: a per-replica cap on held sessions (memory), a per-owner cap counted in the store
 * (all replicas), an absolute lifetime and an idle timeout checked from stored times. A closed,
 * unknown, expired or foreign id is simply absent: the endpoint answers `404`.
 *
 * Raw session ids live only in this map and the redactor; logs and the store get a hash.
 */

import { type AuthInfo, type McpServer, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { shortHash } from "../../auth/index.ts";
import { decodeCallerScope } from "../../mcp/index.ts";
import type { SessionCloseReason, StoredSession } from "../../store/index.ts";
import { initParamsOf, replayInitialize } from "./session-restore.ts";
import {
  capRefusal,
  type LiveSession,
  negotiatedVersion,
  newSessionId,
  SessionRefusal,
  type SessionRegistry,
  type SessionRegistryOptions,
  storeUnavailable,
} from "./session-state.ts";

export {
  type LiveSession,
  newSessionId,
  type SessionLimits,
  SessionRefusal,
  type SessionRegistry,
  type SessionRegistryOptions,
} from "./session-state.ts";

/** Creates the registry. */
export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const { limits, logger, redactor, repo } = options;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, LiveSession>();
  const perOwner = new Map<string, number>();
  // The last-seen time this replica last wrote for each session.
  const lastPersisted = new WeakMap<LiveSession, number>();
  const closers = new WeakMap<LiveSession, (reason: SessionCloseReason) => void>();
  const restoring = new Map<string, Promise<LiveSession | null>>();
  let reserved = 0;
  const reservedPerOwner = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  // How stale another replica's stored last-seen time may be; idle checks on stored times allow it.
  const touchEveryMs = Math.max(1, Math.min(5000, Math.floor(limits.idleTimeoutMs / 4)));

  const bump = (m: Map<string, number>, k: string, d: number) => {
    const v = (m.get(k) ?? 0) + d;
    if (v > 0) m.set(k, v);
    else m.delete(k);
  };
  const warn = (what: string, e: unknown) =>
    logger.warn("store_error", { what, message: e instanceof Error ? e.message : String(e) });
  const readRow = async (idHash: string): Promise<StoredSession | null> => {
    try {
      return (await repo?.get(idHash)) ?? null;
    } catch (e) {
      warn("session_read", e);
      throw new SessionRefusal(storeUnavailable(e instanceof Error ? e.message : String(e)));
    }
  };
  const storedExpiry = (row: StoredSession, t: number): SessionCloseReason | null => {
    if (t - row.createdAt >= limits.ttlMs) return "ttl";
    if (t - row.lastSeenAt >= limits.idleTimeoutMs + touchEveryMs) return "idle";
    return null;
  };

  function expiry(s: LiveSession, t: number): SessionCloseReason | null {
    if (t - s.createdAt >= limits.ttlMs) return "ttl";
    if (s.inFlight === 0 && t - s.lastSeen >= limits.idleTimeoutMs) return "idle";
    return null;
  }

  /** Drops a held session; `persist` also closes its row (ending it on every replica). */
  async function release(id: string, reason: SessionCloseReason, persist: boolean): Promise<void> {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    bump(perOwner, s.owner, -1);
    redactor.unregister(s.id);
    if (persist) await repo?.close(s.idHash, reason, now()).catch((e: unknown) => warn("session_close", e));
    logger.info(persist ? "http_session_closed" : "http_session_released", {
      session_hash: s.idHash,
      owner_hash: shortHash(s.owner),
      reason,
    });
    closers.get(s)?.(reason);
    await s.transport.close().catch(() => {});
  }

  /** Registers the session a transport just initialized (new, or rebuilt with its stored times). */
  function hold(
    id: string,
    owner: string,
    transport: WebStandardStreamableHTTPServerTransport,
    createdAt: number,
    restored: boolean,
  ): LiveSession {
    const listeners = new Set<(reason: SessionCloseReason) => void>();
    const s: LiveSession = {
      id,
      idHash: shortHash(id),
      owner,
      transport,
      createdAt,
      lastSeen: restored ? now() : createdAt,
      inFlight: 0,
      protocolVersion: null,
      onClose(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    closers.set(s, (reason) => {
      for (const l of listeners) l(reason);
      listeners.clear();
    });
    redactor.register(id);
    sessions.set(id, s);
    bump(perOwner, owner, 1);
    // A new session's row is written with its creation time; a rebuilt one's first touch is stored.
    lastPersisted.set(s, restored ? 0 : createdAt);
    return s;
  }

  /** A fresh server + transport; `fixedId` rebuilds that session instead of minting one. */
  function pair(authInfo: AuthInfo, owner: string, createdAt: number | null, fixedId: string | null) {
    let created: LiveSession | null = null;
    const server: McpServer = options.factoryFor(decodeCallerScope(authInfo.extra)?.upstreams ?? null)();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: fixedId === null ? newSessionId : () => fixedId,
      keepAliveMs: options.keepAliveMs,
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        created = hold(id, owner, transport, createdAt ?? now(), createdAt !== null);
      },
      // Awaited by the SDK: the row is closed (for every replica) before the DELETE is answered.
      onsessionclosed: (id) => release(id, "deleted", true),
    });
    return { server, transport, created: () => created as LiveSession | null };
  }

  async function restore(id: string, owner: string, authInfo: AuthInfo): Promise<LiveSession | null> {
    const row = await readRow(shortHash(id));
    if (row === null || row.closedAt !== null || row.owner !== owner || row.initParams === null) return null;
    const t = now();
    const reason = storedExpiry(row, t);
    if (reason !== null) {
      await repo?.close(row.idHash, reason, t).catch((e: unknown) => warn("session_close", e));
      return null;
    }
    if (sessions.size + reserved >= limits.maxSessions)
      throw new SessionRefusal(
        capRefusal(503, `this replica holds ${limits.maxSessions} sessions (--http-max-sessions)`),
      );
    const p = pair(authInfo, owner, row.createdAt, id);
    try {
      await p.server.connect(p.transport);
      const version = await replayInitialize(p.transport, id, row.initParams, authInfo);
      const s = p.created();
      if (s === null || version === null) throw new Error("the replayed initialize was refused");
      s.protocolVersion = row.protocolVersion ?? version;
      logger.info("http_session_restored", { session_hash: s.idHash, owner_hash: shortHash(owner) });
      return s;
    } catch (e) {
      logger.warn("http_session_restore_failed", { session_hash: row.idHash, message: (e as Error).message });
      if (p.created() !== null) await release(id, "failed", false);
      else await p.server.close().catch(() => {});
      return null;
    }
  }

  /** Re-reads the row of a held session: ended elsewhere → released; newer activity → adopted. */
  async function refresh(s: LiveSession, t: number): Promise<boolean> {
    const row = await readRow(s.idHash);
    if (row === null || row.closedAt !== null) {
      await release(s.id, row?.closeReason ?? "deleted", false);
      return false;
    }
    // A time another replica wrote may lag its last request by up to one touch interval: count
    // the session as seen that much later, so idle expiry across replicas is late, never early.
    const seen = row.lastSeenAt === lastPersisted.get(s) ? row.lastSeenAt : row.lastSeenAt + touchEveryMs;
    if (seen > s.lastSeen) s.lastSeen = Math.min(seen, t);
    return true;
  }

  const registry: SessionRegistry = {
    async open(request, owner, { parsedBody, authInfo }) {
      if (sessions.size + reserved >= limits.maxSessions)
        return {
          response: capRefusal(503, `${limits.maxSessions} sessions are open (--http-max-sessions)`),
          session: null,
        };
      const t = now();
      let owned = perOwner.get(owner) ?? 0;
      try {
        if (repo) owned = await repo.countLive(owner, t, limits.ttlMs, limits.idleTimeoutMs + touchEveryMs);
      } catch (e) {
        warn("session_count", e);
        return { response: storeUnavailable((e as Error).message), session: null };
      }
      if (owned + (reservedPerOwner.get(owner) ?? 0) >= limits.maxSessionsPerOwner) {
        const why = `this owner has ${limits.maxSessionsPerOwner} open sessions (--http-max-sessions-per-owner)`;
        return { response: capRefusal(429, why), session: null };
      }
      reserved++;
      bump(reservedPerOwner, owner, 1);
      const p = pair(authInfo, owner, null, null);
      try {
        await p.server.connect(p.transport);
        const response = await p.transport.handleRequest(request, { parsedBody, authInfo });
        const session = p.created();
        if (session === null) return { response, session };
        session.protocolVersion = await negotiatedVersion(response);
        try {
          await repo?.open({
            idHash: session.idHash,
            owner,
            protocolVersion: session.protocolVersion,
            instance: options.instance,
            at: session.createdAt,
            initParams: initParamsOf(parsedBody),
          });
        } catch (e) {
          warn("session_open", e);
          await release(session.id, "failed", false);
          return { response: storeUnavailable((e as Error).message), session: null };
        }
        logger.info("http_session_opened", { session_hash: session.idHash, owner_hash: shortHash(owner) });
        return { response, session };
      } finally {
        reserved--;
        bump(reservedPerOwner, owner, -1);
        if (p.created() === null) await p.server.close().catch(() => {});
      }
    },

    async lookup(id, owner, authInfo) {
      const s = sessions.get(id);
      if (!s) {
        if (!repo || authInfo === undefined) return null;
        let pending = restoring.get(id);
        if (pending === undefined) {
          pending = restore(id, owner, authInfo).finally(() => restoring.delete(id));
          restoring.set(id, pending);
        }
        const restored = await pending;
        return restored?.owner === owner ? restored : null;
      }
      if (s.owner !== owner) return null;
      const t = now();
      if (t - s.createdAt >= limits.ttlMs) {
        await release(id, "ttl", true);
        return null;
      }
      // A held session keeps serving while the store is unreachable (calls that need no store still
      // work); only a rebuild needs the row. A DELETE elsewhere is seen once the store answers again.
      if (repo && !(await refresh(s, t).catch(() => true))) return null;
      const reason = expiry(s, t);
      if (reason !== null) {
        await release(id, reason, true);
        return null;
      }
      return sessions.get(id) === s ? s : null;
    },

    touch(s) {
      const t = now();
      s.lastSeen = t;
      if (t - (lastPersisted.get(s) ?? 0) >= touchEveryMs) {
        lastPersisted.set(s, t);
        repo?.touch(s.idHash, t).catch((e: unknown) => warn("session_touch", e));
      }
    },

    close: (id, reason) => release(id, reason, true),

    async recordDelete(s) {
      try {
        await repo?.close(s.idHash, "deleted", now());
        return null;
      } catch (e) {
        warn("session_close", e);
        return storeUnavailable(e instanceof Error ? e.message : String(e));
      }
    },

    async reap() {
      const t = now();
      let closed = 0;
      for (const s of [...sessions.values()]) {
        if (repo && t - s.createdAt < limits.ttlMs && !(await refresh(s, t).catch(() => true))) continue;
        const reason = expiry(s, t);
        if (reason === null) continue;
        await release(s.id, reason, true);
        closed++;
      }
      try {
        if (repo) closed += await repo.closeExpired(t, limits.ttlMs, limits.idleTimeoutMs + touchEveryMs);
      } catch (e) {
        warn("session_reap", e);
      }
      return closed;
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
      await Promise.all([...sessions.keys()].map((id) => release(id, reason, false)));
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
