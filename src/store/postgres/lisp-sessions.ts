/**
 * Stateful PTC-Lisp sessions on PostgreSQL: the {@link LispSessionRepo} contract of the SQLite
 * implementation, for several replicas at once. A commit is one transaction whose first statement
 * bumps the revision under the optimistic check (so two replicas never both commit the same
 * revision); the eval lease is one conditional UPDATE (a row lock decides between racers), and a
 * lease whose holder crashed runs out at `lease_until`.
 */

import type {
  LispSessionCloseReason,
  LispSessionCommit,
  LispSessionRecord,
  LispSessionRepo,
} from "../lisp-sessions.ts";
import { num, type Pg, type PgPool } from "./client.ts";

type Row = Record<string, unknown>;

function recordOf(r: Row): LispSessionRecord {
  return {
    id: r.id as string,
    owner: r.owner as string,
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
    lastUsedAt: num(r.last_used_at),
    evalCount: num(r.eval_count),
    revision: num(r.revision),
    memoryBytes: num(r.memory_bytes),
    bindingCount: num(r.binding_count),
    history: r.history as string,
    closedAt: num(r.closed_at, true),
    closeReason: (r.close_reason as LispSessionCloseReason | null) ?? null,
  };
}

/** Ends session `id` and drops its bindings inside `tx`; false when it was not open. */
async function closeIn(tx: Pg, id: string, reason: LispSessionCloseReason, at: number): Promise<boolean> {
  const n = await tx.run(
    `UPDATE lisp_sessions SET closed_at = $1, close_reason = $2, lease_holder = NULL, lease_until = NULL
     WHERE id = $3 AND closed_at IS NULL`,
    [at, reason, id],
  );
  if (n === 0) return false;
  await tx.run("DELETE FROM lisp_session_bindings WHERE session_id = $1", [id]);
  return true;
}

/** Creates the repository over a migrated database. */
export function createPgLispSessionRepo(pool: PgPool): LispSessionRepo {
  const commitIn = async (tx: Pg, id: string, c: LispSessionCommit): Promise<boolean> => {
    const changed = await tx.run(
      `UPDATE lisp_sessions SET revision = revision + 1, last_used_at = $1, eval_count = $2, memory_bytes = $3,
         binding_count = $4, history = $5
       WHERE id = $6 AND revision = $7 AND closed_at IS NULL`,
      [c.lastUsedAt, c.evalCount, c.memoryBytes, c.bindingCount, c.history, id, c.revision],
    );
    if (changed === 0) return false;
    if (c.remove.length > 0)
      await tx.run("DELETE FROM lisp_session_bindings WHERE session_id = $1 AND name = ANY($2::text[])", [
        id,
        [...c.remove],
      ]);
    for (const b of c.upsert) {
      await tx.run(
        `INSERT INTO lisp_session_bindings (session_id, name, value, bytes, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_id, name) DO UPDATE SET value = excluded.value, bytes = excluded.bytes,
           updated_at = excluded.updated_at`,
        [id, b.name, b.value, b.bytes, b.updatedAt],
      );
    }
    return true;
  };

  return {
    async create(s) {
      await pool.run(
        `INSERT INTO lisp_sessions (id, owner, created_at, expires_at, last_used_at, eval_count, revision,
           memory_bytes, binding_count, history)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          s.id,
          s.owner,
          s.createdAt,
          s.expiresAt,
          s.lastUsedAt,
          s.evalCount,
          s.revision,
          s.memoryBytes,
          s.bindingCount,
          s.history,
        ],
      );
    },
    get: async (id) => (await pool.query("SELECT * FROM lisp_sessions WHERE id = $1", [id])).map(recordOf)[0] ?? null,
    bindings: async (id) =>
      (
        await pool.query("SELECT name, value, bytes, updated_at FROM lisp_session_bindings WHERE session_id = $1", [id])
      ).map((b) => ({
        name: b.name as string,
        value: b.value as string,
        bytes: num(b.bytes),
        updatedAt: num(b.updated_at),
      })),
    commit: (id, change) =>
      // A change with no binding rows is one statement; otherwise one transaction.
      change.upsert.length === 0 && change.remove.length === 0
        ? commitIn(pool, id, change)
        : pool.tx((tx) => commitIn(tx, id, change)),
    listOpen: async (owner) =>
      (
        await pool.query("SELECT * FROM lisp_sessions WHERE closed_at IS NULL AND owner = $1 ORDER BY created_at, id", [
          owner,
        ])
      ).map(recordOf),
    async countOpen(owner) {
      const rows =
        owner === undefined
          ? await pool.query("SELECT count(*) AS n FROM lisp_sessions WHERE closed_at IS NULL")
          : await pool.query("SELECT count(*) AS n FROM lisp_sessions WHERE closed_at IS NULL AND owner = $1", [owner]);
      return num(rows[0]?.n ?? 0);
    },
    close: (id, reason, at) => pool.tx((tx) => closeIn(tx, id, reason, at)),
    async closeExpired(now, idleBefore) {
      const due = await pool.query(
        "SELECT id, expires_at FROM lisp_sessions WHERE closed_at IS NULL AND (expires_at <= $1 OR last_used_at <= $2)",
        [now, idleBefore],
      );
      const closed: string[] = [];
      for (const r of due) {
        const reason = num(r.expires_at) <= now ? "ttl" : "idle";
        if (await pool.tx((tx) => closeIn(tx, r.id as string, reason, now))) closed.push(r.id as string);
      }
      return closed;
    },
    async closeOwners(isGone, at) {
      const open = await pool.query("SELECT id, owner FROM lisp_sessions WHERE closed_at IS NULL");
      const closed: string[] = [];
      for (const r of open) {
        if (isGone(r.owner as string) && (await pool.tx((tx) => closeIn(tx, r.id as string, "revoked", at))))
          closed.push(r.id as string);
      }
      return closed;
    },
    prune: (before) => pool.run("DELETE FROM lisp_sessions WHERE closed_at IS NOT NULL AND closed_at < $1", [before]),
    acquireLease: async (id, holder, now, until) =>
      (await pool.run(
        `UPDATE lisp_sessions SET lease_holder = $1, lease_until = $2
         WHERE id = $3 AND closed_at IS NULL AND (lease_until IS NULL OR lease_until <= $4)`,
        [holder, until, id, now],
      )) > 0,
    renewLease: async (id, holder, until) =>
      (await pool.run("UPDATE lisp_sessions SET lease_until = $1 WHERE id = $2 AND lease_holder = $3", [
        until,
        id,
        holder,
      ])) > 0,
    async releaseLease(id, holder) {
      await pool.run(
        "UPDATE lisp_sessions SET lease_holder = NULL, lease_until = NULL WHERE id = $1 AND lease_holder = $2",
        [id, holder],
      );
    },
  };
}
