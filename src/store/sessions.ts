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

/** Persistence of session metadata. */
export interface SessionRepo {
  open(s: { idHash: string; owner: string; protocolVersion: string | null; instance: string; at: number }): void;
  touch(idHash: string, at: number): void;
  close(idHash: string, reason: SessionCloseReason, at: number): void;
  /** Closes every row still open (at boot: those sessions died with the previous process). */
  closeAllOpen(reason: SessionCloseReason, at: number): number;
  /** Rows not closed yet. */
  listOpen(): SessionRecord[];
  /** Deletes closed rows older than `before`; returns how many. */
  prune(before: number): number;
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
export function createSessionRepo(db: Database): SessionRepo {
  const open = db.query(
    `INSERT OR REPLACE INTO http_sessions (id_hash, owner, protocol_version, instance, created_at, last_seen_at)
     VALUES ($id_hash, $owner, $protocol_version, $instance, $at, $at)`,
  );
  const touch = db.query("UPDATE http_sessions SET last_seen_at = $at WHERE id_hash = $id_hash AND closed_at IS NULL");
  const close = db.query(
    "UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE id_hash = $id_hash AND closed_at IS NULL",
  );
  const closeAll = db.query("UPDATE http_sessions SET closed_at = $at, close_reason = $reason WHERE closed_at IS NULL");
  const listOpen = db.query<Row, []>("SELECT * FROM http_sessions WHERE closed_at IS NULL ORDER BY created_at");
  const prune = db.query("DELETE FROM http_sessions WHERE closed_at IS NOT NULL AND closed_at < $before");
  return {
    open(s) {
      open.run({
        id_hash: s.idHash,
        owner: s.owner,
        protocol_version: s.protocolVersion,
        instance: s.instance,
        at: s.at,
      });
    },
    touch(idHash, at) {
      touch.run({ id_hash: idHash, at });
    },
    close(idHash, reason, at) {
      close.run({ id_hash: idHash, reason, at });
    },
    closeAllOpen: (reason, at) => closeAll.run({ reason, at }).changes,
    listOpen: () =>
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
    prune: (before) => prune.run({ before }).changes,
  };
}
