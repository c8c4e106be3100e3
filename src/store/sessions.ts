/**
 * Metadata of 2025-era HTTP protocol sessions. The live session (transport, server instance) is in
 * the memory of whichever replica serves it; these rows record who opened which session, the
 * `initialize` parameters any replica needs to rebuild it, and how it ended. Session ids are stored
 * only as a hash: a raw `MCP-Session-Id` is a bearer capability and never touches disk.
 */

import type { Database } from "bun:sqlite";

/** Why a session ended. `restart` marks rows left open by a previous process. */
export type SessionCloseReason = "deleted" | "idle" | "ttl" | "shutdown" | "restart" | "failed";

/** A session row. Times are epoch ms. */
export interface SessionRecord {
  readonly idHash: string;
  readonly owner: string;
  /** The revision `initialize` negotiated (null when unknown). */
  readonly protocolVersion: string | null;
  /** Instance label of the replica that served `initialize`. */
  readonly instance: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly closedAt: number | null;
  readonly closeReason: SessionCloseReason | null;
}

/** A row with what a replica needs to rebuild the session. */
export interface StoredSession extends SessionRecord {
  /**
   * JSON of the client's `initialize` params (`protocolVersion`, `capabilities`, `clientInfo`);
   * null when the session cannot be rebuilt on another replica (too large, or an older row).
   */
  readonly initParams: string | null;
}

/** Persistence of session metadata. Every method may reject with the database's error. */
export interface SessionRepo {
  open(s: {
    idHash: string;
    owner: string;
    protocolVersion: string | null;
    instance: string;
    at: number;
    initParams?: string | null;
  }): Promise<void>;
  /** The row of `idHash` (open or closed), or null. */
  get(idHash: string): Promise<StoredSession | null>;
  touch(idHash: string, at: number): Promise<void>;
  close(idHash: string, reason: SessionCloseReason, at: number): Promise<void>;
  /**
   * Closes every row still open, or (with `instance`) only those of one instance label.
   * Resolves how many.
   */
  closeAllOpen(reason: SessionCloseReason, at: number, instance?: string): Promise<number>;
  /**
   * Closes open rows past their absolute lifetime (`ttl`) or idle for `idleMs` (`idle`), whoever
   * held them (a replica that died leaves its rows open). Resolves how many.
   */
  closeExpired(at: number, ttlMs: number, idleMs: number): Promise<number>;
  /** Open rows of `owner` still within both lifetimes at `at`. */
  countLive(owner: string, at: number, ttlMs: number, idleMs: number): Promise<number>;
  /** Rows not closed yet. */
  listOpen(): Promise<SessionRecord[]>;
  /** Deletes closed rows older than `before`; resolves how many. */
  prune(before: number): Promise<number>;
}

interface Row {
  id_hash: string;
  owner: string;
  protocol_version: string | null;
  instance: string;
  created_at: number;
  last_seen_at: number;
  closed_at: number | null;
  close_reason: SessionCloseReason | null;
  init_params?: string | null;
}

function recordOf(r: Row): SessionRecord {
  return {
    idHash: r.id_hash,
    owner: r.owner,
    protocolVersion: r.protocol_version,
    instance: r.instance,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
  };
}

/** Creates the repository over an open, migrated database. */
export function createSqliteSessionRepo(db: Database): SessionRepo {
  const open = db.query(
    `INSERT OR REPLACE INTO http_sessions (id_hash, owner, protocol_version, instance, created_at, last_seen_at, init_params)
     VALUES ($id_hash, $owner, $protocol_version, $instance, $at, $at, $init_params)`,
  );
  const get = db.query<Row, { id_hash: string }>("SELECT * FROM http_sessions WHERE id_hash = $id_hash");
  const touch = db.query(
    "UPDATE http_sessions SET last_seen_at = max(last_seen_at, $at) WHERE id_hash = $id_hash AND closed_at IS NULL",
  );
  const close = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE id_hash = $id_hash AND closed_at IS NULL",
  );
  const closeAll = db.query("UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE closed_at IS NULL");
  const closeAllOf = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE closed_at IS NULL AND instance = $instance",
  );
  const closeTtl = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = 'ttl' WHERE closed_at IS NULL AND created_at <= $born_before",
  );
  const closeIdle = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = 'idle' WHERE closed_at IS NULL AND last_seen_at <= $seen_before",
  );
  const countLive = db.query<{ n: number }, { owner: string; born_after: number; seen_after: number }>(
    `SELECT count(*) AS n FROM http_sessions
     WHERE owner = $owner AND closed_at IS NULL AND created_at > $born_after AND last_seen_at > $seen_after`,
  );
  const listOpen = db.query<Row, []>("SELECT * FROM http_sessions WHERE closed_at IS NULL ORDER BY created_at");
  const prune = db.query("DELETE FROM http_sessions WHERE closed_at IS NOT NULL AND closed_at < $before");
  return {
    async open(s) {
      open.run({
        id_hash: s.idHash,
        owner: s.owner,
        protocol_version: s.protocolVersion,
        instance: s.instance,
        at: s.at,
        init_params: s.initParams ?? null,
      });
    },
    async get(idHash) {
      const r = get.get({ id_hash: idHash });
      return r === null ? null : { ...recordOf(r), initParams: r.init_params ?? null };
    },
    async touch(idHash, at) {
      touch.run({ id_hash: idHash, at });
    },
    async close(idHash, reason, at) {
      close.run({ id_hash: idHash, reason, at });
    },
    closeAllOpen: async (reason, at, instance) =>
      (instance === undefined ? closeAll.run({ reason, at }) : closeAllOf.run({ reason, at, instance })).changes,
    closeExpired: async (at, ttlMs, idleMs) =>
      db.transaction(
        () =>
          closeTtl.run({ at, born_before: at - ttlMs }).changes +
          closeIdle.run({ at, seen_before: at - idleMs }).changes,
      )(),
    countLive: async (owner, at, ttlMs, idleMs) =>
      countLive.get({ owner, born_after: at - ttlMs, seen_after: at - idleMs })?.n ?? 0,
    listOpen: async () => listOpen.all().map(recordOf),
    prune: async (before) => prune.run({ before }).changes,
  };
}
