/**
 * The token, protocol-session, failed-auth and audit repositories on PostgreSQL: the same
 * interfaces and semantics as the SQLite ones beside them in `src/store/`, one statement per
 * method (a constraint violation on a token name becomes `duplicate_name`).
 */

import type { UpstreamScope } from "../../config/index.ts";
import type { AuditRecord, AuditRepo } from "../audit.ts";
import { type AuthFailureRepo, type FailureState, RECORD_FAILURE_SQL } from "../auth-failures.ts";
import { StoreError } from "../errors.ts";
import type { SessionCloseReason, SessionRecord, SessionRepo } from "../sessions.ts";
import type { TokenRecord, TokenRepo } from "../tokens.ts";
import { num, type Pg } from "./client.ts";

type Row = Record<string, unknown>;

function tokenOf(r: Row): TokenRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    hash: r.hash as string,
    prefix: r.prefix as string,
    description: (r.description as string | null) ?? null,
    upstreams: r.upstreams === null ? null : (JSON.parse(r.upstreams as string) as UpstreamScope),
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at, true),
    lastUsedAt: num(r.last_used_at, true),
    revokedAt: num(r.revoked_at, true),
  };
}

/** Tokens on PostgreSQL. */
export function createPgTokenRepo(pg: Pg): TokenRepo {
  const one = async (where: string, value: string) =>
    (await pg.query(`SELECT * FROM tokens WHERE ${where} = $1`, [value])).map(tokenOf)[0] ?? null;
  return {
    async insert(t) {
      const inserted = await pg.run(
        `INSERT INTO tokens (id, name, hash, prefix, description, upstreams, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING`,
        [
          t.id,
          t.name,
          t.hash,
          t.prefix,
          t.description,
          t.upstreams === null ? null : JSON.stringify(t.upstreams),
          t.createdAt,
          t.expiresAt,
        ],
      );
      if (inserted === 0) throw new StoreError("duplicate_name", `a token named "${t.name}" already exists`);
    },
    findByHash: (hash) => one("hash", hash),
    findById: (id) => one("id", id),
    findByName: (name) => one("name", name),
    list: async () => (await pg.query("SELECT * FROM tokens ORDER BY created_at, name")).map(tokenOf),
    revoke: async (name, at) =>
      (await pg.run("UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL", [at, name])) > 0,
    remove: async (name) => (await pg.run("DELETE FROM tokens WHERE name = $1", [name])) > 0,
    rehash: async (name, hash, prefix) =>
      (await pg.run("UPDATE tokens SET hash = $1, prefix = $2 WHERE name = $3 AND revoked_at IS NULL", [
        hash,
        prefix,
        name,
      ])) > 0,
    async touch(id, at) {
      await pg.run("UPDATE tokens SET last_used_at = $1 WHERE id = $2", [at, id]);
    },
  };
}

/** Protocol-session metadata on PostgreSQL (the rows any replica rebuilds a session from). */
export function createPgSessionRepo(pg: Pg): SessionRepo {
  const recordOf = (r: Row): SessionRecord => ({
    idHash: r.id_hash as string,
    owner: r.owner as string,
    protocolVersion: (r.protocol_version as string | null) ?? null,
    instance: r.instance as string,
    createdAt: num(r.created_at),
    lastSeenAt: num(r.last_seen_at),
    closedAt: num(r.closed_at, true),
    closeReason: (r.close_reason as SessionCloseReason | null) ?? null,
  });
  return {
    async open(s) {
      await pg.run(
        `INSERT INTO http_sessions (id_hash, owner, protocol_version, instance, created_at, last_seen_at, init_params)
         VALUES ($1, $2, $3, $4, $5, $5, $6)
         ON CONFLICT (id_hash) DO UPDATE SET owner = excluded.owner, protocol_version = excluded.protocol_version,
           instance = excluded.instance, created_at = excluded.created_at, last_seen_at = excluded.last_seen_at,
           init_params = excluded.init_params, closed_at = NULL, close_reason = NULL`,
        [s.idHash, s.owner, s.protocolVersion, s.instance, s.at, s.initParams ?? null],
      );
    },
    async get(idHash) {
      const r = (await pg.query("SELECT * FROM http_sessions WHERE id_hash = $1", [idHash]))[0];
      return r === undefined ? null : { ...recordOf(r), initParams: (r.init_params as string | null) ?? null };
    },
    async touch(idHash, at) {
      await pg.run(
        "UPDATE http_sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE id_hash = $2 AND closed_at IS NULL",
        [at, idHash],
      );
    },
    async close(idHash, reason, at) {
      await pg.run(
        "UPDATE http_sessions SET closed_at = $1, close_reason = $2 WHERE id_hash = $3 AND closed_at IS NULL",
        [at, reason, idHash],
      );
    },
    closeAllOpen: (reason, at, instance) =>
      instance === undefined
        ? pg.run("UPDATE http_sessions SET closed_at = $1, close_reason = $2 WHERE closed_at IS NULL", [at, reason])
        : pg.run(
            "UPDATE http_sessions SET closed_at = $1, close_reason = $2 WHERE closed_at IS NULL AND instance = $3",
            [at, reason, instance],
          ),
    closeExpired: (at, ttlMs, idleMs) =>
      pg.run(
        `UPDATE http_sessions SET closed_at = $1,
           close_reason = CASE WHEN created_at <= $2 THEN 'ttl' ELSE 'idle' END
         WHERE closed_at IS NULL AND (created_at <= $2 OR last_seen_at <= $3)`,
        [at, at - ttlMs, at - idleMs],
      ),
    countLive: async (owner, at, ttlMs, idleMs) =>
      num(
        (
          await pg.query(
            `SELECT count(*) AS n FROM http_sessions
             WHERE owner = $1 AND closed_at IS NULL AND created_at > $2 AND last_seen_at > $3`,
            [owner, at - ttlMs, at - idleMs],
          )
        )[0]?.n ?? 0,
      ),
    listOpen: async () =>
      (await pg.query("SELECT * FROM http_sessions WHERE closed_at IS NULL ORDER BY created_at")).map(recordOf),
    prune: (before) => pg.run("DELETE FROM http_sessions WHERE closed_at IS NOT NULL AND closed_at < $1", [before]),
  };
}

/** Failed-auth state on PostgreSQL; {@link AuthFailureRepo.recordFailure} is one atomic upsert. */
export function createPgAuthFailureRepo(pg: Pg): AuthFailureRepo {
  const stateOf = (r: Row): FailureState => ({
    source: r.source as string,
    failures: num(r.failures),
    windowStartedAt: num(r.window_started_at),
    blockedUntil: num(r.blocked_until, true),
  });
  return {
    get: async (source) =>
      (await pg.query("SELECT * FROM auth_failures WHERE source = $1", [source])).map(stateOf)[0] ?? null,
    all: async () => (await pg.query("SELECT * FROM auth_failures")).map(stateOf),
    async put(s) {
      await pg.run(
        `INSERT INTO auth_failures (source, failures, window_started_at, blocked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (source) DO UPDATE SET failures = excluded.failures,
           window_started_at = excluded.window_started_at, blocked_until = excluded.blocked_until`,
        [s.source, s.failures, s.windowStartedAt, s.blockedUntil],
      );
    },
    async recordFailure(source, at, p) {
      // Typed parameters: PostgreSQL cannot infer the type of `$4` in `1 > $4` on its own.
      const text = RECORD_FAILURE_SQL.replaceAll("$1", "$1::text")
        .replaceAll("$2", "$2::bigint")
        .replaceAll("$3", "$3::bigint")
        .replaceAll("$4", "$4::integer")
        .replaceAll("$5", "$5::bigint");
      const row = (await pg.query(text, [source, at, p.windowMs, p.maxFailures, p.blockMs]))[0];
      if (row === undefined)
        throw new StoreError("unavailable", "store_unavailable: the failed-auth upsert returned no row");
      return stateOf(row);
    },
    async clear(source) {
      await pg.run("DELETE FROM auth_failures WHERE source = $1", [source]);
    },
    prune: (before) =>
      pg.run(
        "DELETE FROM auth_failures WHERE window_started_at < $1 AND (blocked_until IS NULL OR blocked_until < $1)",
        [before],
      ),
  };
}

/** Columns one audit row binds in the multi-row INSERT. */
const AUDIT_COLUMNS = 16;

/** Audit rows on PostgreSQL; `appendMany` is one multi-row INSERT. */
export function createPgAuditRepo(pg: Pg): AuditRepo {
  const recordOf = (r: Row): AuditRecord => ({
    at: num(r.at),
    instance: r.instance as string,
    requestId: r.request_id as string,
    owner: r.owner as string,
    sessionHash: (r.session_hash as string | null) ?? null,
    era: r.era as "legacy" | "modern",
    rpcMethod: (r.rpc_method as string | null) ?? null,
    tool: (r.tool as string | null) ?? null,
    status: num(r.status),
    durationMs: num(r.duration_ms),
    tokenName: (r.token_name as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
    bytesIn: num(r.bytes_in, true),
    bytesOut: num(r.bytes_out, true),
    upstreamCalls: num(r.upstream_calls, true),
    upstreamBytes: num(r.upstream_bytes, true),
  });
  const appendMany = async (rs: readonly AuditRecord[]) => {
    if (rs.length === 0) return;
    const values: unknown[] = [];
    const tuples = rs.map((r, i) => {
      values.push(
        r.at,
        r.instance,
        r.requestId,
        r.owner,
        r.sessionHash,
        r.era,
        r.rpcMethod,
        r.tool,
        r.status,
        r.durationMs,
        r.tokenName ?? null,
        r.outcome ?? null,
        r.bytesIn ?? null,
        r.bytesOut ?? null,
        r.upstreamCalls ?? null,
        r.upstreamBytes ?? null,
      );
      const b = i * AUDIT_COLUMNS;
      return `(${Array.from({ length: AUDIT_COLUMNS }, (_, k) => `$${b + k + 1}`).join(", ")})`;
    });
    await pg.run(
      `INSERT INTO audit (at, instance, request_id, owner, session_hash, era, rpc_method, tool, status, duration_ms,
                          token_name, outcome, bytes_in, bytes_out, upstream_calls, upstream_bytes)
       VALUES ${tuples.join(", ")}`,
      values,
    );
  };
  return {
    append: (r) => appendMany([r]),
    appendMany,
    recent: async (limit) => (await pg.query("SELECT * FROM audit ORDER BY id DESC LIMIT $1", [limit])).map(recordOf),
    query: async (f) =>
      (
        await pg.query(
          `SELECT * FROM (SELECT * FROM audit
             WHERE at >= $1 AND ($2::text IS NULL OR owner = $2) AND ($3::text IS NULL OR tool = $3)
             ORDER BY at DESC, id DESC LIMIT $4) AS newest ORDER BY at ASC, id ASC`,
          [f.since ?? 0, f.owner ?? null, f.tool ?? null, f.limit ?? 10_000],
        )
      ).map(recordOf),
    prune: (before, limit) =>
      limit === undefined
        ? pg.run("DELETE FROM audit WHERE at < $1", [before])
        : pg.run("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < $1 ORDER BY at LIMIT $2)", [
            before,
            limit,
          ]),
  };
}
