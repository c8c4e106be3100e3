/**
 * Metadata of 2025-era HTTP protocol sessions. The live session (transport, server instance) is in
 * memory; these rows record who opened which session and how it ended. Session ids are stored
 * only as a hash: a raw `MCP-Session-Id` is a bearer capability and never touches disk.
 */

import type { Database } from "bun:sqlite";

/** Why a session ended. `restart` marks rows left open by a previous process. */
export type SessionCloseReason = "deleted" | "idle" | "ttl" | "shutdown" | "restart" | "failed";

/** A session row. Times are epoch ms. */
export interface SessionRecord {
  readonly idHash: string;
  readonly owner: string;
  readonly protocolVersion: string | null;
  readonly instance: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly closedAt: number | null;
  readonly closeReason: SessionCloseReason | null;
}

/** Persistence of session metadata. Every method may reject with the database's error. */
export interface SessionRepo {
  open(s: {
    idHash: string;
    owner: string;
    protocolVersion: string | null;
    instance: string;
    at: number;
  }): Promise<void>;
  touch(idHash: string, at: number): Promise<void>;
  close(idHash: string, reason: SessionCloseReason, at: number): Promise<void>;
  /**
   * Closes every row still open, or (with `instance`) only those of one instance label; at boot:
   * those sessions died with the previous process. Resolves how many.
   */
  closeAllOpen(reason: SessionCloseReason, at: number, instance?: string): Promise<number>;
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
}

/** Creates the repository over an open, migrated database. */
export function createSqliteSessionRepo(db: Database): SessionRepo {
  const open = db.query(
    `INSERT OR REPLACE INTO http_sessions (id_hash, owner, protocol_version, instance, created_at, last_seen_at)
     VALUES ($id_hash, $owner, $protocol_version, $instance, $at, $at)`,
  );
  const touch = db.query("UPDATE http_sessions SET last_seen_at = $at WHERE id_hash = $id_hash AND closed_at IS NULL");
  const close = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE id_hash = $id_hash AND closed_at IS NULL",
  );
  const closeAll = db.query("UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE closed_at IS NULL");
  const closeAllOf = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE closed_at IS NULL AND instance = $instance",
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
      });
    },
    async touch(idHash, at) {
      touch.run({ id_hash: idHash, at });
    },
    async close(idHash, reason, at) {
      close.run({ id_hash: idHash, reason, at });
    },
    closeAllOpen: async (reason, at, instance) =>
      (instance === undefined ? closeAll.run({ reason, at }) : closeAllOf.run({ reason, at, instance })).changes,
    listOpen: async () =>
      listOpen.all().map((r) => ({
        idHash: r.id_hash,
        owner: r.owner,
        protocolVersion: r.protocol_version,
        instance: r.instance,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        closedAt: r.closed_at,
        closeReason: r.close_reason,
      })),
    prune: async (before) => prune.run({ before }).changes,
  };
}
