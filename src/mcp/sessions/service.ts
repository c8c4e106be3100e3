/**
 * Stateful sessions (`--sessions`, mcp-server.md "Stateful Sessions"), persisted in the state store
 * so they survive a restart of the process. One service per process, shared by every connection.
 *
 * - Owner-scoped: every operation names the caller's owner key; a session of another owner is
 *   answered exactly like an unknown id (`session_not_found`), so ids cannot be probed.
 * - Lifetime: TTL and idle expiry are checked from the stored times on every access, and
 *   {@link SessionService.reap} closes expired sessions on a schedule.
 * - One eval per session at a time (`session_busy`, nothing queues), across every process on
 *   the store: an eval holds the session's lease row ({@link LEASE_MS}, renewed while it runs;
 *   a crashed holder's lease runs out). Evals share the process's concurrency gate with
 *   `lisp_eval` (`busy`).
 * - An eval refused by a cap stores nothing; a failed one keeps only its prints and call
 *   histories; a successful one commits its bindings, `*1`, prints and histories in one
 *   transaction (eval.ts).
 */

import { randomBytes } from "node:crypto";
import type { Executor, ProgramLimits } from "../../sandbox/index.ts";
import type { LispSessionRecord, LispSessionRepo, StoredBinding } from "../../store/index.ts";
import type { CallGate } from "../call-gate.ts";
import type { CallHost, InputCaps } from "../lisp-eval.ts";
import {
  type Answer,
  argsError,
  type EvalEnv,
  fail,
  limit,
  runSessionEval,
  type SessionEvalAnswer,
  type SessionEvalArgs,
  type SessionFault,
  type SessionSummary,
  sum,
} from "./eval.ts";
import { emptyHistory, parseHistory } from "./history.ts";
import type { SessionSettings } from "./settings.ts";
import type { UpstreamScope } from "../../config/index.ts";

export type { Answer, SessionEvalAnswer, SessionEvalArgs, SessionFault, SessionSummary } from "./eval.ts";

/** What the service needs. */
export interface SessionServiceDeps {
  readonly repo: LispSessionRepo;
  readonly executor: Executor;
  readonly limits: ProgramLimits;
  readonly caps: InputCaps;
  readonly gate: CallGate;
  readonly settings: SessionSettings;
  /** Host side of each eval (aggregator mode), as for `lisp_eval`. */
  readonly hostFor?: ((allowedServers?: UpstreamScope) => CallHost) | undefined;
  /** Removes secrets from text kept in the tool-call history. */
  readonly scrub?: (text: string) => string;
  /** Clock (epoch ms); tests leave it alone. */
  readonly now?: () => number;
}

const NOT_FOUND: SessionFault = {
  code: "session_not_found",
  message:
    "no open session has this session_id (it may have been closed or expired); start one with lisp_session_start",
};

/** Sessions whose bindings stay decoded-ready in memory between evals. */
const CACHED_SESSIONS = 16;

/**
 * Length of an eval lease, ms: renewed every quarter of it while the eval runs, so it ends this
 * long after its holder died at the latest (decision 0020).
 */
export const LEASE_MS = 10_000;

const BUSY_MESSAGE = "another eval is running in this session; wait for it to finish (evals do not queue)";

/** Creates the service. */
export function createSessionService(deps: SessionServiceDeps) {
  const { repo, settings } = deps;
  const now = deps.now ?? Date.now;
  const scrub = deps.scrub ?? ((t: string) => t);
  const running = new Set<string>();
  /** Names this process's leases: unique per process and per lease. */
  const leasePrefix = randomBytes(6).toString("base64url");
  let leaseSeq = 0;

  /**
   * Runs `fn` holding the session's lease; null (nothing run) when another holder has it. The
   * lease is renewed while `fn` runs and given up after.
   */
  async function withLease<T>(id: string, fn: () => Promise<T>): Promise<T | null> {
    const holder = `${leasePrefix}:${++leaseSeq}`;
    const t = now();
    if (!(await repo.acquireLease(id, holder, t, t + LEASE_MS))) return null;
    const renew = setInterval(() => {
      repo.renewLease(id, holder, now() + LEASE_MS).catch(() => {});
    }, LEASE_MS / 4);
    renew.unref?.();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await repo.releaseLease(id, holder).catch(() => {});
    }
  }
  /** Bindings by session id, valid while the row's revision matches. */
  const cache = new Map<string, { revision: number; bindings: Map<string, StoredBinding> }>();

  const summary = (r: LispSessionRecord): SessionSummary => ({
    session_id: r.id,
    created_at: r.createdAt,
    last_used_at: r.lastUsedAt,
    expires_at: r.expiresAt,
    idle_expires_at: r.lastUsedAt + settings.idleTimeoutMs,
    eval_count: r.evalCount,
    binding_count: r.bindingCount,
    memory_bytes: r.memoryBytes,
  });

  /** The open session `id` of `owner`, closing it first when its time is up. */
  async function find(owner: string, id: string): Promise<LispSessionRecord | null> {
    const row = await repo.get(id);
    if (row === null || row.owner !== owner || row.closedAt !== null) return null;
    const t = now();
    if (row.expiresAt <= t || row.lastUsedAt + settings.idleTimeoutMs <= t) {
      await repo.close(id, row.expiresAt <= t ? "ttl" : "idle", t);
      cache.delete(id);
      return null;
    }
    return row;
  }

  async function bindingsOf(row: LispSessionRecord): Promise<Map<string, StoredBinding>> {
    const hit = cache.get(row.id);
    if (hit !== undefined && hit.revision === row.revision) return hit.bindings;
    const map = new Map((await repo.bindings(row.id)).map((b) => [b.name, b]));
    remember(row.id, row.revision, map);
    return map;
  }

  function remember(id: string, revision: number, bindings: Map<string, StoredBinding>): void {
    cache.delete(id);
    if (cache.size >= CACHED_SESSIONS) cache.delete(cache.keys().next().value as string);
    cache.set(id, { revision, bindings });
  }

  /** The forget step, run under the session's lease. */
  async function forgetIn(row: LispSessionRecord, names: readonly string[] | undefined) {
    const id = row.id;
    const bindings = new Map(await bindingsOf(row));
    const removed = (names ?? [...bindings.keys()]).filter((n) => bindings.delete(n));
    const history = emptyHistory();
    const memoryBytes = sum(bindings);
    const t = now();
    const ok = await repo.commit(id, {
      revision: row.revision,
      lastUsedAt: t,
      evalCount: row.evalCount,
      memoryBytes,
      bindingCount: bindings.size,
      history: JSON.stringify(history),
      upsert: [],
      remove: removed,
    });
    if (!ok) return fail("session_busy", "the session changed while forgetting; try again");
    remember(id, row.revision + 1, bindings);
    const after = { ...row, lastUsedAt: t, memoryBytes, bindingCount: bindings.size, revision: row.revision + 1 };
    return { ok: true as const, value: { removed, summary: summary(after) } };
  }

  const env: EvalEnv = { deps, settings, now, scrub, bindingsOf, remember, summary };

  return {
    /** Starts a session for `owner`; refused past `--max-sessions` / `--max-sessions-per-owner`. */
    async start(owner: string): Promise<Answer<SessionSummary>> {
      if ((await repo.countOpen()) >= settings.maxSessions)
        return limit(`the server already has ${settings.maxSessions} open sessions (--max-sessions); close one first`);
      if ((await repo.countOpen(owner)) >= settings.maxSessionsPerOwner) {
        return limit(
          `this owner already has ${settings.maxSessionsPerOwner} open sessions (--max-sessions-per-owner); close one with lisp_session_close`,
        );
      }
      const t = now();
      const row: LispSessionRecord = {
        id: `ptcs_${randomBytes(18).toString("base64url")}`,
        owner,
        createdAt: t,
        expiresAt: t + settings.ttlMs,
        lastUsedAt: t,
        evalCount: 0,
        revision: 0,
        memoryBytes: 0,
        bindingCount: 0,
        history: JSON.stringify(emptyHistory()),
        closedAt: null,
        closeReason: null,
      };
      await repo.create(row);
      return { ok: true, value: summary(row) };
    },

    /** Runs one program in the session. */
    async eval(
      owner: string,
      args: SessionEvalArgs,
      signal?: AbortSignal,
      allowedServers?: UpstreamScope,
    ): Promise<Answer<SessionEvalAnswer>> {
      const programBytes = Buffer.byteLength(args.program, "utf8");
      if (programBytes > deps.caps.maxProgramBytes) {
        return argsError(
          `program is ${programBytes} bytes, over the ${deps.caps.maxProgramBytes}-byte limit (--max-program-bytes)`,
        );
      }
      const contextJson = args.context === undefined ? undefined : JSON.stringify(args.context);
      const contextBytes = contextJson === undefined ? 0 : Buffer.byteLength(contextJson, "utf8");
      if (contextBytes > deps.caps.maxContextBytes) {
        return argsError(
          `context is ${contextBytes} bytes as JSON, over the ${deps.caps.maxContextBytes}-byte limit (--max-context-bytes)`,
        );
      }
      const id = args.session_id;
      const row = await find(owner, id);
      if (row === null) return { ok: false, fault: NOT_FOUND };
      if (running.has(id)) return fail("session_busy", BUSY_MESSAGE);
      if (!deps.gate.tryEnter()) {
        return fail("busy", `${deps.gate.max} calls are already running (--max-concurrent-calls); try again shortly`);
      }
      running.add(id);
      try {
        const answer = await withLease(id, async () => {
          // Read again under the lease: another process may have committed since `row` was read.
          const fresh = await find(owner, id);
          if (fresh === null) return { ok: false as const, fault: NOT_FOUND };
          return runSessionEval(env, fresh, args, contextJson, signal, allowedServers);
        });
        return answer ?? fail("session_busy", BUSY_MESSAGE);
      } finally {
        running.delete(id);
        deps.gate.leave();
      }
    },

    /** Bindings (previews and sizes) and histories of a session. */
    async inspect(owner: string, id: string) {
      const row = await find(owner, id);
      if (row === null) return { ok: false as const, fault: NOT_FOUND };
      const bindings = [...(await bindingsOf(row)).values()].sort((a, b) => a.name.localeCompare(b.name));
      return { ok: true as const, value: { row, summary: summary(row), bindings, history: parseHistory(row.history) } };
    },

    /** Open sessions of `owner`, metadata only; does not touch idle timers. */
    async list(owner: string): Promise<SessionSummary[]> {
      const t = now();
      const rows = await repo.listOpen(owner);
      return rows.filter((r) => r.expiresAt > t && r.lastUsedAt + settings.idleTimeoutMs > t).map(summary);
    },

    /** Removes the named bindings (all when `names` is absent) and clears the histories. */
    async forget(owner: string, id: string, names: readonly string[] | undefined) {
      const row = await find(owner, id);
      if (row === null) return { ok: false as const, fault: NOT_FOUND };
      const busy = () => fail("session_busy", "an eval is running in this session; forget after it finished");
      if (running.has(id)) return busy();
      const answer = await withLease(id, async () => {
        const fresh = await find(owner, id);
        return fresh === null ? { ok: false as const, fault: NOT_FOUND } : forgetIn(fresh, names);
      });
      return answer ?? busy();
    },

    /** Ends a session. */
    async close(owner: string, id: string): Promise<Answer<{ session_id: string; closed: true }>> {
      const row = await find(owner, id);
      if (row === null) return { ok: false, fault: NOT_FOUND };
      await repo.close(id, "closed", now());
      cache.delete(id);
      return { ok: true, value: { session_id: id, closed: true } };
    },

    /** Closes expired sessions (and those of owners `ownerGone` reports); returns how many. */
    async reap(ownerGone?: (owner: string) => boolean): Promise<number> {
      const t = now();
      const closed = await repo.closeExpired(t, t - settings.idleTimeoutMs);
      if (ownerGone) closed.push(...(await repo.closeOwners(ownerGone, t)));
      for (const id of closed) cache.delete(id);
      return closed.length;
    },
  };
}

/** The service {@link createSessionService} returns. */
export type SessionService = ReturnType<typeof createSessionService>;
