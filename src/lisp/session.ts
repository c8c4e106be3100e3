/**
 * Evaluation inside a stateful session: the program sees the session's earlier `def`/`defn`
 * bindings and `*1 *2 *3` (the last three successful results), and its own `def`s are handed back
 * encoded (codec.ts) for the session store. Nothing here does I/O: the caller supplies the stored
 * text and persists what comes back.
 *
 * Bindings are decoded lazily, the first time the program reads them, so an eval pays for the
 * bindings it uses, not for the size of the session. A stored function is rebuilt by compiling its
 * form against the same namespace, so it sees later redefinitions of the names it uses (Clojure's
 * late binding of vars).
 */

import { builtinDef } from "./builtins/index.ts";
import { decodeValue, encodeValue, UnstorableValue } from "./codec.ts";
import {
  type CompiledProgram,
  compileForms,
  compileProgram,
  type GlobalStore,
  type NameSet,
} from "./compiler/index.ts";
import { checkedBuiltin } from "./compiler/rt.ts";
import { asLispError, LispError } from "./errors.ts";
import { fromJson } from "./json.ts";
import type { Form } from "./reader/forms.ts";
import { DEFAULT_LIMITS, type HostBridge, type RunLimits, RunState, withRun } from "./runtime.ts";
import { PMap, type Value } from "./values/index.ts";

/** The names of the result history, most recent first. */
export const HISTORY_NAMES = ["*1", "*2", "*3"] as const;

/** What a session holds before the eval, as stored text. */
export interface SessionSnapshot {
  /**
   * Encoded binding values by name. May hold only the bindings the program can reach: those whose
   * name occurs in its text or, transitively, in a stored function it reaches. A name the compiler
   * resolves occurs in the text it compiles, so the others cannot matter to this eval.
   */
  readonly bindings: Readonly<Record<string, string>>;
  /** Encoded `*1`, `*2`, `*3` (most recent first); missing entries are nil. */
  readonly history: readonly string[];
}

/** Options of one session eval: the same as `evaluate`'s (index.ts). */
export interface SessionEvalOptions {
  /** The `data/` namespace: decoded JSON (string keys) or an already-built map. */
  context?: Record<string, unknown> | PMap | null;
  /** Limits; missing fields take {@link DEFAULT_LIMITS}. */
  limits?: Partial<RunLimits>;
  /** Host bridge for `tool/call` and discovery (aggregator mode). */
  host?: HostBridge | null;
}

/** Outcome of {@link evaluateInSession}. */
export type SessionEvalResult =
  | {
      ok: true;
      value: Value;
      prints: string[];
      returned: boolean;
      /** Bindings this eval wrote (`def`, `defn`, `defonce` that ran), encoded, in write order. */
      written: Record<string, string>;
      /** The result encoded for `*1`, or null when it cannot be stored (a closure); a preview then stands in. */
      encodedResult: string | null;
      /** Runs `f` under what is left of this eval's budget (as `EvalResult.within`). */
      within<T>(f: () => T): T;
    }
  | { ok: false; error: LispError; prints: string[] };

/** The user namespace of one session eval (a {@link GlobalStore} for session-mode programs). */
class SessionNamespace implements GlobalStore {
  private readonly live = new Map<string, Value>();
  /** Names written by this eval, in write order. */
  readonly written = new Set<string>();
  private readonly stored: Map<string, string>;

  constructor(
    snapshot: SessionSnapshot,
    private readonly data: PMap,
  ) {
    this.stored = new Map(Object.entries(snapshot.bindings));
    HISTORY_NAMES.forEach((name, i) => {
      const h = snapshot.history[i];
      if (h === undefined) this.live.set(name, null);
      else this.stored.set(name, h);
    });
  }

  get(name: string): Value {
    const hit = this.live.get(name);
    if (hit !== undefined) return hit;
    const text = this.stored.get(name);
    if (text === undefined) {
      const def = builtinDef(name);
      if (def !== undefined) return checkedBuiltin(def);
      throw new LispError("unbound_var", `unable to resolve symbol: ${name} (it is defined later by def, but not yet)`);
    }
    const v = decodeValue(text, (form, key) => this.rebuild(form, key));
    this.live.set(name, v);
    return v;
  }

  set(name: string, value: Value): void {
    this.live.set(name, value);
    this.written.add(name);
  }

  has(name: string): boolean {
    return this.live.has(name) || this.stored.has(name);
  }

  /** The value of a name this eval wrote. */
  writtenValue(name: string): Value {
    return this.live.get(name) ?? null;
  }

  /** Compiles and runs a stored function form against this namespace. */
  private rebuild(form: Form, key: string): Value {
    const compiled = cached(`\u0001${key}`, this, () => compileForms([form], this));
    return compiled.run(this.data, this).value;
  }

  /** Compiles a program for this namespace (cached by text and by how its free names resolve). */
  compile(program: string): CompiledProgram {
    return cached(program, this, () => compileProgram(program, this));
  }
}

/** Session compilations by source text (or stored form); each valid only for matching lookups. */
const cache = new Map<string, CompiledProgram>();
const CACHE_ENTRIES = 256;
const CACHE_MAX_KEY = 16 * 1024;

function cached(key: string, names: NameSet, build: () => CompiledProgram): CompiledProgram {
  const hit = cache.get(key);
  if (hit !== undefined && resolvesAlike(hit, names)) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = build();
  if (key.length <= CACHE_MAX_KEY) {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, compiled);
  }
  return compiled;
}

function resolvesAlike(p: CompiledProgram, names: NameSet): boolean {
  if (p.lookups === null) return false;
  for (const [name, wasSession] of p.lookups) if (names.has(name) !== wasSession) return false;
  return true;
}

/**
 * Runs `program` in a session holding `snapshot`. Never throws for program faults. A `def` whose
 * value cannot be stored (see codec.ts) fails the whole eval with `unstorable_value`, naming the
 * binding; a failed eval writes nothing.
 */
export function evaluateInSession(
  program: string,
  snapshot: SessionSnapshot,
  opts: SessionEvalOptions = {},
): SessionEvalResult {
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const state = new RunState(limits, opts.host ?? null);
  return withRun(state, () => {
    try {
      const ctx = opts.context;
      const data = ctx instanceof PMap ? ctx : ctx == null ? PMap.empty() : (fromJson(ctx) as PMap);
      const ns = new SessionNamespace(snapshot, data);
      const out = ns.compile(program).run(data, ns);
      const written: Record<string, string> = {};
      for (const name of ns.written) {
        try {
          written[name] = encodeValue(ns.writtenValue(name));
        } catch (e) {
          if (!(e instanceof UnstorableValue)) throw e;
          throw new LispError(
            "unstorable_value",
            `${name} cannot be kept in the session: ${e.reason}${e.path === "$" ? "" : ` (at ${e.path.replace("$", name)})`}`,
            null,
            "store data, or define functions at top level with (defn name [args] ...)",
          );
        }
      }
      let encodedResult: string | null = null;
      try {
        encodedResult = encodeValue(out.value);
      } catch (e) {
        if (!(e instanceof UnstorableValue)) throw e;
      }
      return {
        ok: true as const,
        value: out.value,
        prints: state.prints,
        returned: out.returned,
        written,
        encodedResult,
        within: <T>(f: () => T): T => withRun(state, f),
      };
    } catch (e) {
      return { ok: false as const, error: asLispError(e), prints: state.prints };
    }
  });
}
