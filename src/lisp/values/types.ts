/**
 * The {@link Value} union and the types that hold values in turn: functions ({@link LFn}), host
 * objects ({@link HostValue}) and the persistent vector ({@link Vec}). They sit in one file because
 * they refer to each other (a vector holds values, a value may be a vector), so no type loop
 * crosses files; maps and sets are in ../pmap.ts and ../pset.ts.
 */

import type { PMap } from "../pmap.ts";
import type { PSet } from "../pset.ts";
import type { Keyword, LFloat, LRegex, Sym, Var } from "./scalars.ts";

/** Any PTC-Lisp runtime value. */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | LFloat
  | Keyword
  | Sym
  | Vec
  | PMap
  | PSet
  | LFn
  | LRegex
  | Var
  | HostValue;

/** A callable PTC-Lisp function: builtins and closures alike. */
export type LFn = ((...args: Value[]) => Value) & {
  lispName?: string;
  /**
   * A builtin's array form (registry.ts `fnArray`) with the callable's arity check: `apply` hands
   * it the spread arguments as one array instead of spreading them into a call.
   */
  lispArray?: (args: readonly Value[]) => Value;
  /** Session mode: the reader form of a top-level `fn`/`defn` (a `Form`), kept so the function can be stored. */
  lispSource?: unknown;
};

/** Truthiness (spec §4): only nil and false are falsy. */
export function truthy(x: Value): boolean {
  return x !== null && x !== false;
}

/**
 * Host objects that later families add (dates, durations...). They must implement
 * `equals`, `hashKey` (a canonical string) and `print` so equality and printing stay structural.
 */
export abstract class HostValue {
  /** Type keyword name reported by `(type x)`, e.g. "local-date". */
  abstract readonly typeName: string;
  abstract equals(other: Value): boolean;
  /** Canonical string used for hashing and ordering among values of the same host type. */
  abstract hashKey(): string;
  /** Readable representation, e.g. `#inst "2024-01-01T00:00:00Z"`. */
  abstract print(): string;
}

/**
 * Persistent vector: `a[o .. o+n)` is this vector's view of a backing array that views may share.
 *
 * Tail ownership (decision 0008): at most one vector per backing array *owns its tail* and may
 * append in place; every other vector with that array copies on `conj`. Ownership is only ever
 * granted by `conj` itself, to the vector it returns, over an array `conj` created or already owned
 * through its predecessor — so an array handed in through {@link Vec.of} (a constant, a builtin's
 * output, anything another value can see) is never written. {@link toArray} revokes ownership
 * before it hands the backing array out, so an array a loop or builtin is reading never grows.
 * Building a vector step by step stays amortised O(1) per `conj`; older versions and views only
 * ever read their own `count` elements.
 */
export class Vec {
  /**
   * The empty vector, shared by every program: it owns nothing (and its array is frozen), so
   * `conj` onto it always starts a fresh array.
   */
  static readonly EMPTY: Vec = new Vec(Object.freeze([]) as unknown as Value[], 0, 0, false);

  private constructor(
    private readonly a: Value[],
    private readonly o: number,
    /** Number of elements. */
    readonly count: number,
    /** True while this vector owns the backing array's tail (may push onto it). */
    private own: boolean,
  ) {}

  /**
   * Wraps an array the caller will never mutate again (no copy). The result does not own it, so
   * it is safe to pass an array that other values can see; the first `conj` copies.
   */
  static of(arr: Value[]): Vec {
    return arr.length === 0 ? Vec.EMPTY : new Vec(arr, 0, arr.length, false);
  }

  /** Element `i` (0-based); `undefined` when out of range. */
  at(i: number): Value | undefined {
    return i >= 0 && i < this.count ? (this.a[this.o + i] as Value) : undefined;
  }

  /**
   * The elements as an array that never changes: it may be the backing array (ownership is
   * revoked first, so nothing appends to it afterwards); callers must treat it as read-only.
   */
  toArray(): readonly Value[] {
    if (this.o === 0 && this.count === this.a.length) {
      this.own = false;
      return this.a;
    }
    return this.a.slice(this.o, this.o + this.count);
  }

  /** A fresh, caller-owned copy of the elements. */
  copyArray(): Value[] {
    return this.a.slice(this.o, this.o + this.count);
  }

  /** Calls `f` on each element in order; stops early when `f` returns `false`. */
  each(f: (x: Value, i: number) => boolean | undefined): void {
    const a = this.a;
    const o = this.o;
    const n = this.count;
    for (let i = 0; i < n; i++) if (f(a[o + i] as Value, i) === false) return;
  }

  /** A vector with `x` appended: in place when this vector owns the tail, else on a copy. */
  conj(x: Value): Vec {
    const a = this.a;
    const end = this.o + this.count;
    if (this.own && end === a.length) {
      this.own = false;
      a.push(x);
      return new Vec(a, this.o, this.count + 1, true);
    }
    const copy = a.slice(this.o, end);
    copy.push(x);
    return new Vec(copy, 0, copy.length, true);
  }

  /** Elements `[from, to)`, clamped to the vector; O(1). The view never owns the tail. */
  slice(from: number, to: number = this.count): Vec {
    const f = Math.max(0, Math.min(from, this.count));
    const t = Math.max(f, Math.min(to, this.count));
    if (f === 0 && t === this.count) return this;
    if (f === t) return Vec.EMPTY;
    return new Vec(this.a, this.o + f, t - f, false);
  }

  /** A vector with element `i` replaced (0 ≤ i < count) or appended (i = count); O(n). */
  assocN(i: number, x: Value): Vec {
    if (i === this.count) return this.conj(x);
    const copy = this.copyArray();
    copy[i] = x;
    return new Vec(copy, 0, copy.length, true);
  }

  /** Iterates over exactly this vector's elements. */
  *[Symbol.iterator](): Iterator<Value> {
    const a = this.a;
    const o = this.o;
    const n = this.count;
    for (let i = 0; i < n; i++) yield a[o + i] as Value;
  }
}
