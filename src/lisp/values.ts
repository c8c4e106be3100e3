/**
 * The PTC-Lisp value model (spec §3, decision record docs/decisions/0001-value-model.md).
 *
 * | PTC-Lisp         | JavaScript representation                                          |
 * |------------------|--------------------------------------------------------------------|
 * | nil              | `null` (never `undefined`)                                         |
 * | true / false     | `boolean`                                                          |
 * | integer          | integral `number` inside ±(2^53-1), else `bigint` (never a safe bigint) |
 * | float            | non-integral `number` (incl. NaN, ±Infinity), or {@link LFloat} for a whole float such as `2.0` |
 * | string, char     | `string` (a char is a one-grapheme string, spec §3.5)              |
 * | keyword          | interned {@link Keyword}; compare with `===`                        |
 * | symbol           | {@link Sym}; only appears in reader forms and quoted data          |
 * | vector (= list)  | {@link Vec}, persistent, O(1) amortised `conj`, O(1) `rest`/`subvec` |
 * | map              | {@link PMap}, persistent hash map (see pmap.ts)                    |
 * | set              | {@link PSet}, persistent set on top of PMap                         |
 * | function         | JS function `(...args: Value[]) => Value`                          |
 * | regex            | {@link LRegex}                                                      |
 * | var              | {@link Var} (`#'x`)                                                 |
 *
 * Collections are immutable values: nothing in the interpreter mutates a collection that a program
 * can already see.
 */

import { PMap, useKeyCodec } from "./pmap.ts";
import { PSet } from "./pset.ts";
import { run } from "./runtime.ts";

export { PMap, PSet };

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
 * A string → object table that does not keep its objects alive: an entry goes away (at the next
 * garbage collection) once nothing else holds its object. Used for the module-level intern
 * tables, so whatever one program interns dies with that program.
 */
class WeakTable<T extends object> {
  private readonly refs = new Map<string, WeakRef<T>>();
  private readonly reaper = new FinalizationRegistry<string>((key) => {
    const ref = this.refs.get(key);
    if (ref !== undefined && ref.deref() === undefined) this.refs.delete(key);
  });
  get(key: string): T | undefined {
    return this.refs.get(key)?.deref();
  }
  set(key: string, value: T): void {
    this.refs.set(key, new WeakRef(value));
    this.reaper.register(value, key);
  }
  get size(): number {
    return this.refs.size;
  }
}

/** A whole-valued float (`2.0`, `-0.0`). Non-integral floats are plain JS numbers. */
export class LFloat {
  constructor(readonly v: number) {}
}

/**
 * Interned keyword (`:name`, or `:ns/name` where the reader allows it). The table holds keywords
 * weakly: a keyword a program made (`(keyword s)` over a million strings) lives only as long as
 * some value holds it, so one run's keywords never pile up in a worker for the next run. Identity
 * stays unique while any holder exists, which is all `===` comparison needs.
 */
export class Keyword {
  private static readonly table = new WeakTable<Keyword>();
  private constructor(readonly name: string) {}
  /** Returns the unique keyword for `name` (without the leading colon). */
  static of(name: string): Keyword {
    let k = Keyword.table.get(name);
    if (k === undefined) {
      k = new Keyword(name);
      Keyword.table.set(name, k);
    }
    return k;
  }
  /** The keyword named `name` if some live value holds it; never interns. */
  static find(name: string): Keyword | undefined {
    return Keyword.table.get(name);
  }
  /** Names currently interned (live or not yet reclaimed); for tests and diagnostics. */
  static internedCount(): number {
    return Keyword.table.size;
  }
  toString(): string {
    return `:${this.name}`;
  }
}

/** A symbol as read from source; `ns` is set for `data/x`, `clojure.string/join`... */
export class Sym {
  constructor(
    readonly name: string,
    readonly ns: string | null = null,
  ) {}
  /** The full written name, `ns/name` or `name`. */
  get full(): string {
    return this.ns === null ? this.name : `${this.ns}/${this.name}`;
  }
}

/** A var reference `#'name` (spec §3.10). */
export class Var {
  constructor(readonly name: string) {}
}

/** A compiled regex value; `source` is the pattern as written (Java syntax). */
export class LRegex {
  constructor(
    readonly source: string,
    /** Engine object; the regex family decides what it is. */
    readonly compiled: unknown,
  ) {}
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

/**
 * Freezes a constant-pool value and everything inside it (decision 0008): vectors own no tail
 * already (see {@link Vec.of}); maps and sets become frozen roots that `assoc`/`conj` copy.
 * Returns `v`.
 */
export function freezeConstant(v: Value): Value {
  if (v instanceof Vec) v.each((x) => void freezeConstant(x));
  else if (v instanceof PMap) {
    v.freeze();
    v.forEach((k, x) => {
      freezeConstant(k);
      freezeConstant(x);
    });
  } else if (v instanceof PSet) {
    v.freeze();
    for (const x of v.toArray()) freezeConstant(x);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Type tests

/** True for PTC-Lisp integers (safe integral numbers and bigints). */
export function isInt(x: unknown): x is number | bigint {
  return (typeof x === "number" && Number.isInteger(x)) || typeof x === "bigint";
}

/** True for PTC-Lisp floats. */
export function isFloat(x: unknown): x is number | LFloat {
  return (typeof x === "number" && !Number.isInteger(x)) || x instanceof LFloat;
}

/** True for any PTC-Lisp number. */
export function isNumber(x: unknown): x is number | bigint | LFloat {
  return typeof x === "number" || typeof x === "bigint" || x instanceof LFloat;
}

/** Truthiness (spec §4): only nil and false are falsy. */
export function truthy(x: Value): boolean {
  return x !== null && x !== false;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Builds a float value from a JS number, boxing whole values so they stay floats. */
export function mkFloat(n: number): number | LFloat {
  return Number.isInteger(n) ? new LFloat(n) : n;
}

/** Builds an integer value from a bigint, demoting it to a number when it is safe. */
export function mkInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** The JS number for any numeric value (bigints may lose precision). */
export function toJsNumber(x: number | bigint | LFloat): number {
  return typeof x === "number" ? x : typeof x === "bigint" ? Number(x) : x.v;
}

// ---------------------------------------------------------------------------------------------
// Equality, hashing, ordering

/**
 * Structural equality, `=` (spec §8.5, DIV-32): numbers compare by value across int/float,
 * strings/keywords by identity of content, collections element-wise. NaN is never equal.
 */
export function equals(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (a === null || b === null) return false;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "string" || tb === "string" || ta === "boolean" || tb === "boolean") return false;
  if (isNumber(a)) return isNumber(b) && numEquals(a, b);
  if (a instanceof Vec) {
    if (!(b instanceof Vec) || a.count !== b.count) return false;
    // Equal-but-distinct values that share structure can hold 2^40 elements: answer the clock.
    run().tick(a.count);
    for (let i = 0; i < a.count; i++) if (!equals(a.at(i) as Value, b.at(i) as Value)) return false;
    return true;
  }
  if (a instanceof PMap) {
    if (!(b instanceof PMap)) return false;
    run().tick(a.count);
    return a.equalsMap(b, equals);
  }
  if (a instanceof PSet) return b instanceof PSet && a.equalsSet(b);
  if (a instanceof HostValue) return a.equals(b);
  if (a instanceof LRegex) return b instanceof LRegex && a.source === b.source;
  if (a instanceof Var) return b instanceof Var && a.name === b.name;
  if (a instanceof Sym) return b instanceof Sym && a.full === b.full;
  return false;
}

function numEquals(a: number | bigint | LFloat, b: number | bigint | LFloat): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (typeof a === "bigint" && typeof b === "bigint") return a === b;
    const n = toJsNumber(typeof a === "bigint" ? b : a);
    const big = (typeof a === "bigint" ? a : b) as bigint;
    return Number.isInteger(n) && BigInt(n) === big;
  }
  return toJsNumber(a) === toJsNumber(b);
}

/**
 * The key under which `k` is stored inside a JS Map: primitives and keywords stand for
 * themselves; whole floats, collections and host values are interned to a token object keyed by
 * their canonical text, so structurally equal keys find the same slot. Keys 1 and 1.0 stay
 * distinct (as in the reference implementation's maps).
 */
export function hashKey(k: Value): unknown {
  if (k === null || typeof k !== "object") return k;
  if (k instanceof Keyword) return k;
  const c = canonical(k);
  let t = tokens.get(c);
  if (t === undefined) {
    t = new KeyToken(k);
    tokens.set(c, t);
  }
  return t;
}

/** Structural key tokens currently interned (live or not yet reclaimed); for tests and diagnostics. */
export function internedKeyCount(): number {
  return tokens.size;
}

/** Stands in a JS Map for a structural key; holds one representative of its equal keys. */
export class KeyToken {
  constructor(readonly key: Value) {}
}

/** Held weakly (see {@link WeakTable}): a token lives as long as some map or set slot holds it. */
const tokens = new WeakTable<KeyToken>();

/** The key a {@link hashKey} slot stands for. */
export function keyOfSlot(slot: unknown): Value {
  return slot instanceof KeyToken ? slot.key : (slot as Value);
}

/**
 * Canonical text of a value, identical for structurally equal values (order-insensitive for
 * maps/sets). Runs under the current evaluation's budget: each collection ticks the clock by its
 * size and a long text is charged, so hashing a deeply nested or huge key answers the time and
 * memory limits.
 */
export function canonical(v: Value): string {
  if (v === null || typeof v !== "object") return canonicalScalar(v);
  if (!(v instanceof Vec || v instanceof PMap || v instanceof PSet)) return canonicalScalar(v);
  const text = canonicalCollection(v);
  const r = run();
  r.tick(1 + (text.length >> 6));
  if (text.length > 256) r.charge(text.length * 2);
  return text;
}

function canonicalCollection(v: Vec | PMap | PSet): string {
  if (v instanceof Vec) return `[${v.toArray().map(canonical).join(" ")}]`;
  if (v instanceof PMap) {
    const parts: string[] = [];
    v.forEach((k, x) => {
      parts.push(`${canonical(k)} ${canonical(x)}`);
    });
    return `{${parts.sort().join(",")}}`;
  }
  return `#{${v.toArray().map(canonical).sort().join(",")}}`;
}

function canonicalScalar(v: Value): string {
  if (v === null) return "nil";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isInteger(v) ? `i${v}` : `f${v}`;
    case "bigint":
      return `i${v}`;
    case "boolean":
      return v ? "true" : "false";
    case "function":
      return `fn@${fnId(v as LFn)}`;
  }
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof LFloat) return `f${Object.is(v.v, -0) ? "-0" : v.v}.0`;
  if (v instanceof HostValue) return `#${v.typeName}:${v.hashKey()}`;
  if (v instanceof LRegex) return `#"${v.source}"`;
  if (v instanceof Var) return `#'${v.name}`;
  if (v instanceof Sym) return `'${v.full}`;
  return "?";
}

const fnIds = new WeakMap<object, number>();
let nextFnId = 1;
function fnId(f: object): number {
  let id = fnIds.get(f);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(f, id);
  }
  return id;
}

/**
 * Total term ordering used by `<`, `compare`, `sort` (spec §11.3, DIV-30), modelled on the
 * reference runtime: number < atom (nil, booleans, keywords, by name) < other values < map/set <
 * vector < string. Returns -1, 0 or 1; NaN compares as unordered (0) and callers treat it apart.
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case RANK_NUMBER:
      return compareNumbers(a as number | bigint | LFloat, b as number | bigint | LFloat);
    case RANK_ATOM: {
      const na = atomName(a);
      const nb = atomName(b);
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case RANK_MAP:
      return compareMaps(a as PMap | PSet, b as PMap | PSet);
    case RANK_VECTOR: {
      const va = a as Vec;
      const vb = b as Vec;
      const n = Math.min(va.count, vb.count);
      run().tick(n);
      for (let i = 0; i < n; i++) {
        const c = compareValues(va.at(i) as Value, vb.at(i) as Value);
        if (c !== 0) return c;
      }
      return va.count < vb.count ? -1 : va.count > vb.count ? 1 : 0;
    }
    default: {
      const ca = canonical(a);
      const cb = canonical(b);
      return ca < cb ? -1 : ca > cb ? 1 : 0;
    }
  }
}

/** Compares two numbers by value (ints and floats mix freely). */
export function compareNumbers(a: number | bigint | LFloat, b: number | bigint | LFloat): number {
  if (typeof a === "bigint" || typeof b === "bigint") {
    const x = typeof a === "bigint" ? a : toJsNumber(a);
    const y = typeof b === "bigint" ? b : toJsNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toJsNumber(a);
  const y = toJsNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const RANK_NUMBER = 0;
const RANK_ATOM = 1;
const RANK_OTHER = 2;
const RANK_MAP = 3;
const RANK_VECTOR = 4;
const RANK_STRING = 5;

function rank(v: Value): number {
  if (v === null || typeof v === "boolean" || v instanceof Keyword) return RANK_ATOM;
  if (isNumber(v)) return RANK_NUMBER;
  if (typeof v === "string") return RANK_STRING;
  if (v instanceof Vec) return RANK_VECTOR;
  if (v instanceof PMap || v instanceof PSet) return RANK_MAP;
  return RANK_OTHER;
}

function atomName(v: Value): string {
  if (v === null) return "nil";
  if (typeof v === "boolean") return v ? "true" : "false";
  return (v as Keyword).name;
}

function compareMaps(a: PMap | PSet, b: PMap | PSet): number {
  if (a.count !== b.count) return a.count < b.count ? -1 : 1;
  run().tick(a.count);
  const ea = sortedEntries(a);
  const eb = sortedEntries(b);
  for (let i = 0; i < ea.length; i++) {
    const c = compareValues((ea[i] as [Value, Value])[0], (eb[i] as [Value, Value])[0]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < ea.length; i++) {
    const c = compareValues((ea[i] as [Value, Value])[1], (eb[i] as [Value, Value])[1]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Map or set entries sorted by key in term order (DIV-38); for a set both sides are the element. */
export function sortedEntries(m: PMap | PSet): [Value, Value][] {
  const out: [Value, Value][] = [];
  if (m instanceof PMap) m.forEach((k, v) => void out.push([k, v]));
  else for (const x of m.toArray()) out.push([x, x]);
  return out.sort((x, y) => compareValues(x[0], y[0]));
}

/** Convenience constructors for tests and builtins. */
export const kw = Keyword.of;

useKeyCodec({ hashKey, keyOfSlot, isKeyword: (k) => k instanceof Keyword });
