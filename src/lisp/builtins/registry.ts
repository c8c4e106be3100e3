/**
 * The builtin registry. Each family file (core, seqs, maps, strings, math, ...) exports an array
 * of {@link BuiltinDef}; `index.ts` gathers them into one table keyed by the language name, so
 * grepping for `"assoc-in"` finds the implementation.
 */

import { LispError } from "../errors.ts";
import type { LFn, Value } from "../values/index.ts";

/** One builtin function. */
export interface BuiltinDef {
  /** Name as a program writes it: `assoc-in`, `clojure.string/join`, `json/parse-string`. */
  name: string;
  /** Other names bound to the same function (e.g. `str/join`, `string/join`). */
  aliases?: string[];
  /** Accepted argument counts, inclusive; `Infinity` for variadic. */
  arity: readonly [min: number, max: number];
  /** Signature(s) and one line of meaning, e.g. `(get m k) (get m k default) — value at k`. */
  doc: string;
  /**
   * True for the REPL-style forms whose first argument is a reference (`ns-publics`, `source`...):
   * a bare symbol there is read as its name instead of being evaluated, so
   * `(ns-publics clojure.string)` works like `(ns-publics 'clojure.string)` (spec §9.7).
   * Locals and `def`ed names are still evaluated.
   */
  quoteRefs?: boolean;
  /** The implementation. It may assume the arity was checked. */
  fn: (...args: Value[]) => Value;
  /**
   * Optional two-argument form of a variadic `fn`, same answers and errors: the callable value
   * calls it for two arguments (`(reduce + xs)`, `(sort-by f > xs)`) without packing them.
   */
  fn2?: (a: Value, b: Value) => Value;
  /**
   * Optional array form of a variadic `fn`, same answers and errors: the callable value passes
   * it the arguments it collected (`(apply str xs)`), without spreading them a second time.
   * It only reads the array (which may be a vector's storage) and never keeps it.
   */
  fnArray?: (args: readonly Value[]) => Value;
}

/** A family of builtins with its name (used for docs and coverage tables). */
export interface BuiltinFamily {
  family: string;
  defs: BuiltinDef[];
}

/**
 * Every name and alias of `defs`, in order. A loop rather than `flatMap`: the first call of a
 * JavaScriptCore builtin written in JavaScript compiles it, a cost every start would pay for a
 * table built at load (decision 0037).
 */
export function namesOf(defs: readonly BuiltinDef[]): string[] {
  const names: string[] = [];
  for (const d of defs) {
    names.push(d.name);
    for (const a of d.aliases ?? []) names.push(a);
  }
  return names;
}

/** Declares a family; a thin helper so family files read as data. */
export function family(name: string, defs: BuiltinDef[]): BuiltinFamily {
  return { family: name, defs };
}

/** Formats an arity range the way error messages show it: `2`, `1-3`, `1+`. */
export function arityText(arity: readonly [number, number]): string {
  const [min, max] = arity;
  if (min === max) return String(min);
  if (max === Number.POSITIVE_INFINITY) return `${min}+`;
  return `${min}-${max}`;
}

/** The `arity_error` raised when `name` receives `got` arguments. */
export function arityError(name: string, arity: readonly [number, number], got: number): LispError {
  return new LispError(
    "arity_error",
    `${name} expects ${arityText(arity)} argument${arity[0] === 1 && arity[1] === 1 ? "" : "s"}, got ${got}`,
  );
}

/**
 * Wraps a builtin into the callable value a program sees when it passes the builtin around
 * (`(map inc xs)`), adding the arity check. Direct calls compiled by the evaluator check arity
 * statically and call `def.fn` directly.
 */
export function checkedFn(def: BuiltinDef): LFn {
  const [min, max] = def.arity;
  const impl = def.fn;
  const name = def.name;
  let f: LFn;
  if (min === max && min === 1) {
    f = function (this: unknown, a: Value) {
      if (arguments.length !== 1) throw arityError(name, def.arity, arguments.length);
      return impl(a);
    } as LFn;
  } else if (min === max && min === 2) {
    f = function (this: unknown, a: Value, b: Value) {
      if (arguments.length !== 2) throw arityError(name, def.arity, arguments.length);
      return impl(a, b);
    } as LFn;
  } else if (def.fn2 !== undefined && min <= 2 && max >= 2) {
    const two = def.fn2;
    f = function (this: unknown, a: Value, b: Value) {
      const n = arguments.length;
      if (n === 2) return two(a, b);
      if (n < min || n > max) throw arityError(name, def.arity, n);
      return impl.apply(null, arguments as unknown as Value[]);
    } as LFn;
  } else if (def.fnArray !== undefined) {
    const all = def.fnArray;
    const checked = (args: readonly Value[]): Value => {
      if (args.length < min || args.length > max) throw arityError(name, def.arity, args.length);
      return all(args);
    };
    f = ((...args: Value[]) => checked(args)) as LFn;
    f.lispArray = checked;
  } else {
    f = ((...args: Value[]) => {
      if (args.length < min || args.length > max) throw arityError(name, def.arity, args.length);
      return impl(...args);
    }) as LFn;
  }
  f.lispName = name;
  return f;
}
