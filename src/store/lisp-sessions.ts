/**
 * Stateful PTC-Lisp sessions at rest (`--sessions`): one `lisp_sessions` row per session and one
 * `lisp_session_bindings` row per stored binding. The interface is asynchronous although SQLite
 * answers synchronously, so a networked database (several replicas on one PostgreSQL) can
 * implement it unchanged.
 *
 * Values are opaque here: bindings hold text made by the value codec (`src/lisp/codec.ts`) and the
 * history column holds JSON the session service defines. Times are Unix epoch milliseconds.
 */

import type { Database } from "bun:sqlite";

/** Why a session ended. */
export type LispSessionCloseReason = "closed" | "ttl" | "idle" | "revoked";

/** A session row. */
export interface LispSessionRecord {
  /** Client-visible handle (`ptcs_…`). */
  readonly id: string;
  /** Owner key (`stdio`, `static`, `pat:<token id>`, …). */
  readonly owner: string;
  readonly createdAt: number;
  /** End of the session's lifetime (`--session-ttl-ms` when it started). */
  readonly expiresAt: number;
  /** Last start, eval or forget (list and inspect do not count). */
  readonly lastUsedAt: number;
  readonly evalCount: number;
  /** Bumped by every commit; a commit names the revision it read (optimistic concurrency). */
  readonly revision: number;
  /** Sum of the stored binding sizes, bytes of encoded text. */
  readonly memoryBytes: number;
  readonly bindingCount: number;
  /** JSON text owned by the session service. */
  readonly history: string;
  readonly closedAt: number | null;
  readonly closeReason: LispSessionCloseReason | null;
}

/** One stored binding. */
export interface StoredBinding {
  readonly name: string;
  /** Encoded value (value codec text). */
  readonly value: string;
  /** UTF-8 bytes of `value`. */
  readonly bytes: number;
  readonly updatedAt: number;
}

/** What one eval (or forget) changes. */
export interface LispSessionCommit {
  /** The revision the change was computed from; the commit fails when another one got there first. */
  readonly revision: number;
  readonly lastUsedAt: number;
  readonly evalCount: number;
  readonly memoryBytes: number;
  readonly bindingCount: number;
  readonly history: string;
  readonly upsert: readonly StoredBinding[];
  readonly remove: readonly string[];
}

/** Persistence of sessions. Every method may reject with the database's error. */
export interface LispSessionRepo {
  create(s: Omit<LispSessionRecord, "closedAt" | "closeReason">): Promise<void>;
  /** The row, open or closed; null when unknown. */
  get(id: string): Promise<LispSessionRecord | null>;
  /** The stored bindings of a session, by name. */
  bindings(id: string): Promise<StoredBinding[]>;
  /** Applies `change` atomically; false (nothing written) when the revision moved on or the session closed. */
  commit(id: string, change: LispSessionCommit): Promise<boolean>;
  /** Open sessions of `owner`, oldest first. */
  listOpen(owner: string): Promise<LispSessionRecord[]>;
  /** Open sessions in all (`owner` undefined) or of one owner. */
  countOpen(owner?: string): Promise<number>;
  /** Ends a session and drops its bindings; false when it was not open. */
  close(id: string, reason: LispSessionCloseReason, at: number): Promise<boolean>;
  /**
   * Ends every open session past its `expiresAt` (reason `ttl`) or unused since `idleBefore`
   * (reason `idle`) and drops their bindings; returns the ids closed.
   */
  closeExpired(now: number, idleBefore: number): Promise<string[]>;
  /** Ends every open session whose owner `isGone` says is gone (reason `revoked`); returns the ids. */
  closeOwners(isGone: (owner: string) => boolean, at: number): Promise<string[]>;
  /** Deletes closed rows older than `before`; returns how many. */
  prune(before: number): Promise<number>;
}

interface Row {
  id: string;
  owner: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
  eval_count: number;
  revision: number;
  memory_bytes: number;
  binding_count: number;
  history: string;
  closed_at: number | null;
  close_reason: LispSessionCloseReason | null;
}

function fromRow(r: Row): LispSessionRecord {
  return {
    id: r.id,
    owner: r.owner,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    evalCount: r.eval_count,
    revision: r.revision,
    memoryBytes: r.memory_bytes,
    bindingCount: r.binding_count,
    history: r.history,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
  };
}

/** Creates the repository over an open, migrated database. */
export function createSqliteLispSessionRepo(db: Database): LispSessionRepo {
  const insert = db.query(
    `INSERT INTO lisp_sessions (id, owner, created_at, expires_at, last_used_at, eval_count, revision,
       memory_bytes, binding_count, history)
     VALUES ($id, $owner, $created_at, $expires_at, $last_used_at, $eval_count, $revision, $memory_bytes,
       $binding_count, $history)`,
  );
  const get = db.query<Row, { id: string }>("SELECT * FROM lisp_sessions WHERE id = $id");
  const bindings = db.query<{ name: string; value: string; bytes: number; updated_at: number }, { id: string }>(
    "SELECT name, value, bytes, updated_at FROM lisp_session_bindings WHERE session_id = $id",
  );
  const bump = db.query(
    `UPDATE lisp_sessions SET revision = revision + 1, last_used_at = $at, eval_count = $eval_count,
       memory_bytes = $memory_bytes, binding_count = $binding_count, history = $history
     WHERE id = $id AND revision = $revision AND closed_at IS NULL`,
  );
  const upsert = db.query(
    `INSERT INTO lisp_session_bindings (session_id, name, value, bytes, updated_at)
     VALUES ($id, $name, $value, $bytes, $at)
     ON CONFLICT (session_id, name) DO UPDATE SET value = excluded.value, bytes = excluded.bytes,
       updated_at = excluded.updated_at`,
  );
  const remove = db.query("DELETE FROM lisp_session_bindings WHERE session_id = $id AND name = $name");
  const dropBindings = db.query("DELETE FROM lisp_session_bindings WHERE session_id = $id");
  const listOpen = db.query<Row, { owner: string }>(
    "SELECT * FROM lisp_sessions WHERE closed_at IS NULL AND owner = $owner ORDER BY created_at, id",
  );
  const countAll = db.query<{ n: number }, []>("SELECT count(*) AS n FROM lisp_sessions WHERE closed_at IS NULL");
  const countOwner = db.query<{ n: number }, { owner: string }>(
    "SELECT count(*) AS n FROM lisp_sessions WHERE closed_at IS NULL AND owner = $owner",
  );
  const close = db.query(
    "UPDATE lisp_sessions SET closed_at = $at, close_reason = $reason WHERE id = $id AND closed_at IS NULL",
  );
  const expired = db.query<{ id: string; expires_at: number }, { now: number; idle: number }>(
    "SELECT id, expires_at FROM lisp_sessions WHERE closed_at IS NULL AND (expires_at <= $now OR last_used_at <= $idle)",
  );
  const owners = db.query<{ id: string; owner: string }, []>(
    "SELECT id, owner FROM lisp_sessions WHERE closed_at IS NULL",
  );
  const prune = db.query("DELETE FROM lisp_sessions WHERE closed_at IS NOT NULL AND closed_at < $before");

  const commitTx = db.transaction((id: string, c: LispSessionCommit): boolean => {
    const changed = bump.run({
      id,
      revision: c.revision,
      at: c.lastUsedAt,
      eval_count: c.evalCount,
      memory_bytes: c.memoryBytes,
      binding_count: c.bindingCount,
      history: c.history,
    }).changes;
    if (changed === 0) return false;
    for (const name of c.remove) remove.run({ id, name });
    for (const b of c.upsert) upsert.run({ id, name: b.name, value: b.value, bytes: b.bytes, at: b.updatedAt });
    return true;
  });
  const closeTx = db.transaction((id: string, reason: LispSessionCloseReason, at: number): boolean => {
    if (close.run({ id, reason, at }).changes === 0) return false;
    dropBindings.run({ id });
    return true;
  });

  return {
    async create(s) {
      insert.run({
        id: s.id,
        owner: s.owner,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_used_at: s.lastUsedAt,
        eval_count: s.evalCount,
        revision: s.revision,
        memory_bytes: s.memoryBytes,
        binding_count: s.bindingCount,
        history: s.history,
      });
    },
    async get(id) {
      const r = get.get({ id });
      return r ? fromRow(r) : null;
    },
    async bindings(id) {
      return bindings
        .all({ id })
        .map((b) => ({ name: b.name, value: b.value, bytes: b.bytes, updatedAt: b.updated_at }));
    },
    async commit(id, change) {
      return commitTx(id, change);
    },
    async listOpen(owner) {
      return listOpen.all({ owner }).map(fromRow);
    },
    async countOpen(owner) {
      return (owner === undefined ? countAll.get() : countOwner.get({ owner }))?.n ?? 0;
    },
    async close(id, reason, at) {
      return closeTx(id, reason, at);
    },
    async closeExpired(now, idleBefore) {
      const closed: string[] = [];
      for (const r of expired.all({ now, idle: idleBefore })) {
        if (closeTx(r.id, r.expires_at <= now ? "ttl" : "idle", now)) closed.push(r.id);
      }
      return closed;
    },
    async closeOwners(isGone, at) {
      const closed: string[] = [];
      for (const r of owners.all()) if (isGone(r.owner) && closeTx(r.id, "revoked", at)) closed.push(r.id);
      return closed;
    },
    async prune(before) {
      return prune.run({ before }).changes;
    },
  };
}
