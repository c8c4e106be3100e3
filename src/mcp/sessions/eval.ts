/**
 * One `lisp_session_eval` (see service.ts): ships the bindings the program can reach and
 * `*1 *2 *3` to the executor, checks the binding caps on what the eval wrote (a refusal keeps
 * nothing), appends to the bounded histories, and commits everything in one guarded write.
 */

import { encodePreview } from "../../lisp/index.ts";
import type { EvalOutcome, Executor, FaultCode, ProgramLimits } from "../../sandbox/index.ts";
import type { LispSessionRecord, LispSessionRepo, StoredBinding } from "../../store/index.ts";
import type { CallHost } from "../lisp-eval.ts";
import type { UpstreamCallRecord } from "../profiles/types.ts";
import { appendBounded, parseHistory, type SessionHistory, type ToolCallEntry } from "./history.ts";
import type { SessionSettings } from "./settings.ts";
import type { UpstreamScope } from "../../config/index.ts";

/** A refusal or failure answered as an `isError` tool result; `code` becomes `reason`. */
export interface SessionFault {
  readonly code: FaultCode;
  readonly message: string;
}

/** Result of an operation: its value or a fault. */
export type Answer<T> = { ok: true; value: T } | { ok: false; fault: SessionFault };

/** Metadata of a session (never binding values). Times are epoch ms. */
export interface SessionSummary {
  readonly session_id: string;
  readonly created_at: number;
  readonly last_used_at: number;
  readonly expires_at: number;
  /** When the idle timer would close it now. */
  readonly idle_expires_at: number;
  readonly eval_count: number;
  readonly binding_count: number;
  readonly memory_bytes: number;
}

/** Arguments of one eval, already validated. */
export interface SessionEvalArgs {
  readonly session_id: string;
  readonly program: string;
  readonly context?: Record<string, unknown> | undefined;
}

/** A finished session eval: the outcome and what the session looks like after it. */
export interface SessionEvalAnswer {
  readonly outcome: EvalOutcome;
  readonly upstreamCalls: readonly UpstreamCallRecord[];
  readonly session: SessionSummary;
  /** Names this eval wrote. */
  readonly changedKeys: readonly string[];
  /** Every stored name after the eval. */
  readonly storedKeys: readonly string[];
}

/** What an eval needs from the service. */
export interface EvalEnv {
  readonly deps: {
    readonly repo: LispSessionRepo;
    readonly executor: Executor;
    readonly limits: ProgramLimits;
    readonly hostFor?: ((allowedServers?: UpstreamScope) => CallHost) | undefined;
  };
  readonly settings: SessionSettings;
  readonly now: () => number;
  readonly scrub: (text: string) => string;
  /** The session's stored bindings (cached while the row's revision holds). */
  bindingsOf(row: LispSessionRecord): Promise<Map<string, StoredBinding>>;
  /** Records the bindings as of `revision` (after a commit). */
  remember(id: string, revision: number, bindings: Map<string, StoredBinding>): void;
  summary(row: LispSessionRecord): SessionSummary;
}

/** Arguments kept per tool call in the history, in characters. */
const ARGS_PREVIEW_CHARS = 256;

/** Runs one eval in `row`'s session; the caller holds the session's busy mark and a gate slot. */
export async function runSessionEval(
  env: EvalEnv,
  row: LispSessionRecord,
  args: SessionEvalArgs,
  contextJson: string | undefined,
  signal: AbortSignal | undefined,
  allowedServers: UpstreamScope | undefined,
): Promise<Answer<SessionEvalAnswer>> {
  const { deps, settings, now, scrub } = env;
  const stored = await env.bindingsOf(row);
  const history = parseHistory(row.history);
  const host = deps.hostFor?.(allowedServers);
  const toolCalls: ToolCallEntry[] = [];
  const evalNo = row.evalCount + 1;
  const handler = host?.handler;
  const { bindings, texts } = reachable(args.program, stored);
  // `*1 *2 *3` too go only where a text that runs names them.
  const historyShipped = history.results.map((h, i) => (texts.some((t) => t.includes(`*${i + 1}`)) ? h : "null"));
  const outcome = await deps.executor.run({
    program: args.program,
    context: args.context,
    contextJson,
    limits: deps.limits,
    session: { bindings, history: historyShipped },
    host: handler
      ? (op, payload, ctx) => {
          if (op === "tool.call") toolCalls.push(toolCallEntry(evalNo, payload, scrub, now()));
          return handler(op, payload, ctx);
        }
      : undefined,
    signal,
  });
  const upstreamCalls = host?.finish?.().upstreamCalls ?? [];
  const next: SessionHistory = {
    results: history.results,
    prints: appendBounded(
      history.prints,
      outcome.prints.map((line) => ({ eval: evalNo, line })),
      settings.prints,
    ),
    toolCalls: appendBounded(history.toolCalls, toolCalls, settings.toolCalls),
    upstreamCalls: appendBounded(
      history.upstreamCalls,
      upstreamCalls.map((c) => ({ ...c, eval: evalNo })),
      settings.upstreamCalls,
    ),
  };
  const t = now();
  const after = new Map(stored);
  const upsert: StoredBinding[] = [];
  let changedKeys: string[] = [];
  if (outcome.ok && outcome.session) {
    for (const [name, value] of Object.entries(outcome.session.written)) {
      const bytes = Buffer.byteLength(value, "utf8");
      if (bytes > settings.maxBindingBytes) {
        return limit(
          `${name} is ${bytes} bytes stored, over the ${settings.maxBindingBytes}-byte limit per binding (--max-session-binding-bytes); nothing from this eval was kept`,
        );
      }
      const b = { name, value, bytes, updatedAt: t };
      after.set(name, b);
      upsert.push(b);
    }
    changedKeys = upsert.map((b) => b.name);
    if (after.size > settings.maxBindings) {
      return limit(
        `the session would hold ${after.size} bindings, over the limit of ${settings.maxBindings} (--max-session-bindings); forget some with lisp_session_forget`,
      );
    }
    const total = sum(after);
    if (total > settings.maxMemoryBytes) {
      return limit(
        `the session would hold ${total} bytes of bindings, over the ${settings.maxMemoryBytes}-byte limit (--max-session-memory-bytes); forget some with lisp_session_forget`,
      );
    }
    next.results = [historyEntry(settings, outcome.session.encodedResult, outcome.text), ...history.results].slice(
      0,
      3,
    );
  }
  const memoryBytes = sum(after);
  const committed = await deps.repo.commit(row.id, {
    revision: row.revision,
    lastUsedAt: t,
    evalCount: evalNo,
    memoryBytes,
    bindingCount: after.size,
    history: JSON.stringify(next),
    upsert,
    remove: [],
  });
  if (!committed) return fail("session_busy", "the session changed during this eval (closed or used elsewhere)");
  env.remember(row.id, row.revision + 1, after);
  const updated = { ...row, lastUsedAt: t, evalCount: evalNo, memoryBytes, bindingCount: after.size };
  return {
    ok: true,
    value: { outcome, upstreamCalls, session: env.summary(updated), changedKeys, storedKeys: [...after.keys()].sort() },
  };
}

/** `*1` entry: the encoded result, or a preview marker when it is too large or cannot be stored. */
function historyEntry(settings: SessionSettings, encoded: string | null, text: string): string {
  if (encoded !== null && Buffer.byteLength(encoded, "utf8") <= settings.maxHistoryEntryBytes) return encoded;
  return encodePreview(text.slice(0, settings.previewChars), Buffer.byteLength(encoded ?? text, "utf8"));
}

function toolCallEntry(evalNo: number, payload: unknown, scrub: (t: string) => string, at: number): ToolCallEntry {
  const p = (payload ?? {}) as Record<string, unknown>;
  const args = scrub(JSON.stringify(p.args ?? {}) ?? "{}");
  return {
    eval: evalNo,
    server: typeof p.server === "string" ? p.server : "?",
    tool: typeof p.tool === "string" ? p.tool : "?",
    args_preview: args.length > ARGS_PREVIEW_CHARS ? `${args.slice(0, ARGS_PREVIEW_CHARS)}…` : args,
    at,
  };
}

/**
 * The stored bindings a program can reach: those whose name occurs in its text, and, through stored
 * functions (and collections holding them), those whose name occurs in their stored form. A name
 * occurring in text is a superset of the program reading it, so nothing reachable is left out;
 * leaving out the rest keeps an eval's cost independent of the session's size.
 */
function reachable(
  program: string,
  stored: ReadonlyMap<string, StoredBinding>,
): { bindings: Record<string, string>; texts: string[] } {
  const bindings: Record<string, string> = {};
  const texts = [program];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    for (const [name, b] of stored) {
      if (name in bindings || !text.includes(name)) continue;
      bindings[name] = b.value;
      if (b.value.includes('"~fn"')) texts.push(b.value);
    }
  }
  return { bindings, texts };
}

/** Total stored bytes of `bindings`. */
export function sum(bindings: ReadonlyMap<string, StoredBinding>): number {
  let n = 0;
  for (const b of bindings.values()) n += b.bytes;
  return n;
}

/** A fault answer. */
export function fail(code: FaultCode, message: string): { ok: false; fault: SessionFault } {
  return { ok: false, fault: { code, message } };
}

/** A `session_limit` fault. */
export function limit(message: string) {
  return fail("session_limit", message);
}

/** An `args_error` fault. */
export function argsError(message: string) {
  return fail("args_error", message);
}
