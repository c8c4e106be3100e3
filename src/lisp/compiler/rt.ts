/**
 * Runtime helpers that generated code calls through the `rt` parameter. They are small so the JIT
 * inlines them; anything that can fail throws a {@link LispError} the caller annotates with the
 * position of the current call site.
 */

import { get, lookup, mapLookup, seqArray, toFn, typeName, vectorAt } from "../access.ts";
import { builtinDef } from "../builtins/index.ts";
import { arityError, type BuiltinDef, checkedFn } from "../builtins/registry.ts";
import { asLispError, LispError, type Pos } from "../errors.ts";
import { printValue } from "../printer.ts";
import { boundedRange } from "./zero-range.ts";
import { groupFused } from "./group-walk.ts";
import { run } from "../runtime.ts";
import { equals, Keyword, type LFn, PMap, PSet, Vec, type Value } from "../values/index.ts";

const checked = new WeakMap<BuiltinDef, LFn>();
/** The callable value of a builtin (arity-checked), created once per builtin. */
export function checkedBuiltin(def: BuiltinDef): LFn {
  let f = checked.get(def);
  if (f === undefined) {
    f = checkedFn(def);
    checked.set(def, f);
  }
  return f;
}

/** Sequential destructuring of a map (or a non-seqable value): maps have no positions (DIV-29). */
function notSequential(x: Value): LispError {
  return new LispError(
    "destructure_error",
    `cannot destructure ${typeName(x)} as a sequence`,
    null,
    x instanceof PMap ? "maps have no order: destructure with {:keys [a b]}, or use [[k v]] over (seq m)" : undefined,
  );
}

/** Thrown by `(return v)`; caught by the program runner. */
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

/** Arity error for a closure called with the wrong number of arguments. */
function arity(name: string, expected: string, got: number): LispError {
  return new LispError("arity_error", `${name} expects ${expected} argument${expected === "1" ? "" : "s"}, got ${got}`);
}

/** Calls a value that is not a JS function (keyword, map, set, vector) or raises `not_callable`. */
function invoke(f: Value, args: Value[]): Value {
  if (typeof f === "function") return (f as LFn)(...args);
  if (f instanceof Keyword || f instanceof PMap) {
    if (args.length < 1 || args.length > 2) {
      throw new LispError(
        "arity_error",
        `${typeName(f)} used as a function expects 1 or 2 arguments, got ${args.length}`,
      );
    }
    return f instanceof Keyword ? get(args[0] as Value, f, args[1] ?? null) : get(f, args[0] as Value, args[1] ?? null);
  }
  if (f instanceof PSet) {
    if (args.length !== 1)
      throw new LispError("arity_error", `set used as a function expects 1 argument, got ${args.length}`);
    return f.get(args[0] as Value) ?? null;
  }
  if (f instanceof Vec) {
    if (args.length !== 1)
      throw new LispError("arity_error", `vector used as a function expects 1 argument, got ${args.length}`);
    return vectorAt(f, args[0] as Value);
  }
  const hint =
    typeof f === "string" || typeof f === "number"
      ? "a literal in function position: to build a list use a vector [ ... ]"
      : undefined;
  const shown = printValue(f);
  const what = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  throw new LispError("not_callable", `${what} (a ${typeName(f)}) is not a function and cannot be called`, null, hint);
}

/**
 * The helper table generated code receives as `rt`. Members are referenced by short names in
 * emitted code (`rt.kget(...)`), so renaming one means updating the emitters.
 */
export const rt = {
  ReturnSignal,
  boundedRange,
  groupFused,
  Vec,
  PMap,
  PSet,
  arity,
  invoke,
  toFn,
  equals,
  /** `(:k m)` / `(:k m d)`: keyword lookup with flexible keys. */
  kget(m: Value, k: Keyword, d: Value = null): Value {
    if (m instanceof PMap) {
      const v = mapLookup(m, k);
      return v === undefined ? d : v;
    }
    const v = lookup(m, k);
    return v === undefined ? d : v;
  },
  /** `data/name` lookup in the context map (missing → nil). */
  data(ctx: PMap, name: string): Value {
    const v = mapLookup(ctx, name);
    return v === undefined ? null : v;
  },
  /** Map literal with computed parts. */
  mapLit(kvs: Value[]): PMap {
    return PMap.fromFlat(kvs);
  },
  /** Set literal with computed parts. */
  setLit(xs: Value[]): PSet {
    return PSet.from(xs);
  },
  /** Elements to iterate in `for`/`doseq`/destructuring. */
  seq(x: Value, who: string): readonly Value[] {
    return seqArray(x, who);
  },
  /** Sequential destructuring: element i, or nil. */
  nth(x: Value, i: number): Value {
    if (x === null) return null;
    if (x instanceof Vec) return x.at(i) ?? null;
    if (typeof x === "string" || x instanceof PSet) return seqArray(x)[i] ?? null;
    throw notSequential(x);
  },
  /** Sequential destructuring: the rest from index i as a vector, or nil when empty. */
  rest(x: Value, i: number): Value {
    if (x === null) return null;
    if (x instanceof PMap) throw notSequential(x);
    const v = x instanceof Vec ? x : Vec.of(seqArray(x, "destructuring").slice());
    const r = v.slice(i);
    return r.count === 0 ? null : r;
  },
  /** Map destructuring: value at key k or `undefined` when missing (for `:or`). */
  mget(m: Value, k: Value): Value | undefined {
    if (m === null) return undefined;
    if (m instanceof PMap) return mapLookup(m, k);
    if (m instanceof Vec && m.count % 2 === 0) return mapLookup(PMap.fromFlat(m.copyArray()), k);
    throw new LispError("destructure_error", `cannot destructure ${typeName(m)} as a map`);
  },
  /** The `loop_limit_exceeded` error (spec §5.16). */
  loopLimit(kind: string): LispError {
    const limit = run().limits.loopLimit;
    return new LispError(
      "loop_limit_exceeded",
      `${kind} exceeded the iteration limit of ${limit} recur jumps`,
      null,
      "use reduce, map or filter over the collection instead of loop/recur, or raise --loop-limit",
    );
  },
  /** Current loop limit. */
  limit(): number {
    return run().limits.loopLimit;
  },
  /** Equality for `case` tests. */
  eq(a: Value, b: Value): boolean {
    return equals(a, b);
  },
  /** The arity error for a direct builtin call with the wrong argument count. */
  badArity(name: string, min: number, max: number, got: number): LispError {
    return arityError(name, [min, max], got);
  },
  /** Names a function for messages and printing (`defn`, named `fn`). */
  named(f: LFn, name: string): LFn {
    f.lispName = name;
    return f;
  },
  /** Session mode: records the source form of a top-level function (see keepSource in fn-loop.ts). */
  withSource(f: LFn, form: unknown): LFn {
    f.lispSource = form;
    return f;
  },
  /** A user global read before its `def` ran: the builtin of that name, or `unbound_var`. */
  gfallback(name: string): Value {
    const def = builtinDef(name);
    if (def !== undefined) return checkedBuiltin(def);
    throw new LispError("unbound_var", `unable to resolve symbol: ${name} (it is defined later by def, but not yet)`);
  },
  /** Attaches the current call-site position to an error on its way out of the program. */
  annotate(e: unknown, pos: Pos | undefined): unknown {
    if (e instanceof ReturnSignal) return e;
    return asLispError(e).at(pos);
  },
  /** `(fail v)` */
  fail(v: Value): never {
    throw new LispError("fail", typeof v === "string" ? v : printValue(v), null, undefined, v);
  },
};
