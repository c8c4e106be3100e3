/**
 * Audit records: one row per MCP request served over HTTP, and one per tool call served over stdio
 * (owner `stdio`). Rows carry the owner id and token name (never a raw token), a hash of the
 * session id, the JSON-RPC method and tool name, the HTTP status and time, and for tool calls the
 * outcome, bytes in and out, upstream calls and upstream bytes read (migration v3).
 */

import type { Database } from "bun:sqlite";

/** One audited request. */
export interface AuditRecord {
  /** Epoch ms when the request arrived. */
  readonly at: number;
  readonly instance: string;
  readonly requestId: string;
  /** Owner id, e.g. `static` or `pat:<token id>`. */
  readonly owner: string;
  readonly sessionHash: string | null;
  /** `legacy` (2025 revisions) or `modern` (2026-07-28). */
  readonly era: "legacy" | "modern";
  /** JSON-RPC method of the request (first one of a batch); null for GET/DELETE. */
  readonly rpcMethod: string | null;
  /** `params.name` of a `tools/call`. */
  readonly tool: string | null;
  readonly status: number;
  readonly durationMs: number;
  /** Name of the named token behind `owner` when the request was made (null: static, stdio, OAuth). */
  readonly tokenName?: string | null;
  /** A tool call's end: `ok` or its error reason (`timeout`, `busy`, …); null for other requests. */
  readonly outcome?: string | null;
  /** A tool call's `arguments` as JSON, in bytes. */
  readonly bytesIn?: number | null;
  /** A tool call's result as JSON, in bytes. */
  readonly bytesOut?: number | null;
  /** Upstream calls the program made. */
  readonly upstreamCalls?: number | null;
  /** Bytes of the successful upstream answers the program read. */
  readonly upstreamBytes?: number | null;
}

/** Which audit rows {@link AuditRepo.query} returns; every field narrows, absent ones do not. */
export interface AuditFilter {
  /** Only rows at or after this epoch ms. */
  readonly since?: number;
  /** Only rows of this owner id (`static`, `pat:<id>`, ...). */
  readonly owner?: string;
  /** Only `tools/call` rows of this tool. */
  readonly tool?: string;
  /** At most this many rows (the newest ones); default 10000. */
  readonly limit?: number;
}

/** Persistence of audit records. Every method may reject with the database's error. */
export interface AuditRepo {
  append(r: AuditRecord): Promise<void>;
  /** Appends several rows in one transaction (the HTTP mode batches its writes). */
  appendMany(rs: readonly AuditRecord[]): Promise<void>;
  /** Most recent rows first. */
  recent(limit: number): Promise<AuditRecord[]>;
  /** Rows matching `filter`, by arrival time, oldest first (the newest `limit` of them). */
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  /** Deletes rows older than `before` (at most `limit` of them when given); resolves how many. */
  prune(before: number, limit?: number): Promise<number>;
}

interface Row {
  at: number;
  instance: string;
  request_id: string;
  owner: string;
  session_hash: string | null;
  era: "legacy" | "modern";
  rpc_method: string | null;
  tool: string | null;
  status: number;
  duration_ms: number;
  token_name: string | null;
  outcome: string | null;
  bytes_in: number | null;
  bytes_out: number | null;
  upstream_calls: number | null;
  upstream_bytes: number | null;
}

/** Creates the repository over an open, migrated database. */
export function createSqliteAuditRepo(db: Database): AuditRepo {
  const append = db.query(
    `INSERT INTO audit (at, instance, request_id, owner, session_hash, era, rpc_method, tool, status, duration_ms,
                        token_name, outcome, bytes_in, bytes_out, upstream_calls, upstream_bytes)
     VALUES ($at, $instance, $request_id, $owner, $session_hash, $era, $rpc_method, $tool, $status, $duration_ms,
             $token_name, $outcome, $bytes_in, $bytes_out, $upstream_calls, $upstream_bytes)`,
  );
  const recent = db.query<Row, { limit: number }>("SELECT * FROM audit ORDER BY id DESC LIMIT $limit");
  const prune = db.query("DELETE FROM audit WHERE at < $before");
  const query = db.query<Row, { since: number; owner: string | null; tool: string | null; limit: number }>(
    `SELECT * FROM (SELECT * FROM audit
       WHERE at >= $since AND ($owner IS NULL OR owner = $owner) AND ($tool IS NULL OR tool = $tool)
       ORDER BY at DESC, id DESC LIMIT $limit) ORDER BY at ASC, id ASC`,
  );
  const toRecord = (r: Row): AuditRecord => ({
    at: r.at,
    instance: r.instance,
    requestId: r.request_id,
    owner: r.owner,
    sessionHash: r.session_hash,
    era: r.era,
    rpcMethod: r.rpc_method,
    tool: r.tool,
    status: r.status,
    durationMs: r.duration_ms,
    tokenName: r.token_name,
    outcome: r.outcome,
    bytesIn: r.bytes_in,
    bytesOut: r.bytes_out,
    upstreamCalls: r.upstream_calls,
    upstreamBytes: r.upstream_bytes,
  });
  const pruneSome = db.query(
    "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < $before ORDER BY at LIMIT $limit)",
  );
  const appendOne = (r: AuditRecord) => {
    append.run({
      at: r.at,
      instance: r.instance,
      request_id: r.requestId,
      owner: r.owner,
      session_hash: r.sessionHash,
      era: r.era,
      rpc_method: r.rpcMethod,
      tool: r.tool,
      status: r.status,
      duration_ms: r.durationMs,
      token_name: r.tokenName ?? null,
      outcome: r.outcome ?? null,
      bytes_in: r.bytesIn ?? null,
      bytes_out: r.bytesOut ?? null,
      upstream_calls: r.upstreamCalls ?? null,
      upstream_bytes: r.upstreamBytes ?? null,
    });
  };
  const appendMany = db.transaction((rs: readonly AuditRecord[]) => {
    for (const r of rs) appendOne(r);
  });
  return {
    append: async (r) => appendOne(r),
    async appendMany(rs) {
      if (rs.length > 0) appendMany(rs);
    },
    recent: async (limit) => recent.all({ limit }).map(toRecord),
    query: async (f) =>
      query
        .all({ since: f.since ?? 0, owner: f.owner ?? null, tool: f.tool ?? null, limit: f.limit ?? 10_000 })
        .map(toRecord),
    prune: async (before, limit) =>
      limit === undefined ? prune.run({ before }).changes : pruneSome.run({ before, limit }).changes,
  };
}
