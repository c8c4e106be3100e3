/**
 * Persistent hash map and set by *rerooting* (Baker's shallow binding; Conchon & Filliâtre,
 * "A Persistent Union-Find Data Structure", 2007). All versions derived from one another share a
 * single JS `Map`; exactly one version (the root) owns it, every other version is a one-entry diff
 * towards a newer one. Operating on the newest version — the overwhelmingly common case of
 * `(assoc acc k v)` in a `reduce` — is a plain `Map.set` plus two small allocations. Touching an
 * older version first re-roots the chain in O(distance). See docs/decisions/0001-value-model.md.
 *
 * Keys are stored under the slot the {@link KeyCodec} gives them (values.ts `hashKey`), so
 * structurally equal collections find the same slot. The codec is passed in by values.ts when it
 * loads (this file is only reached through values.ts), so the two files import each other only as
 * types: a map holds values and a value may be a map.
 */

import type { Value } from "./values.ts";

/** How keys map to JS `Map` slots; installed once by values.ts with {@link useKeyCodec}. */
export interface KeyCodec {
  /** The slot for a key that is not a string or number (keywords stand for themselves). */
  hashKey(k: Value): unknown;
  /** The key a slot stands for. */
  keyOfSlot(slot: unknown): Value;
  /** True for a keyword (counted, so flexible lookups can skip them). */
  isKeyword(k: unknown): boolean;
}

const unset = (): never => {
  throw new Error("pmap.ts used before values.ts installed its key codec");
};
let codec: KeyCodec = { hashKey: unset, keyOfSlot: unset, isKeyword: unset };

/** Installs the key codec; values.ts calls this once at load. */
export function useKeyCodec(c: KeyCodec): void {
  codec = c;
}

/** One association as handed out to callers. */
type Entry = readonly [Value, Value];

/** The shared table: slot (see `slot`) → value. A value is never `undefined`. */
type Table = Map<unknown, Value>;

/** Persistent map. Iteration order is unspecified; printers and `keys` sort (DIV-38). */
export class PMap {
  /** The shared table when this version is the root, otherwise `null`. */
  private m: Table | null;
  /** When not root: this version differs from `next` at `dKey`, holding `dEntry` (undefined = absent). */
  private dKey: unknown = undefined;
  private dEntry: Value | undefined = undefined;
  private next: PMap | null = null;
  /**
   * A frozen map (a constant shared by every run of a cached program) stays the root of its table
   * forever: `assoc`/`dissoc` copy the table instead of re-rooting it, so no run can change what
   * another run sees, nor keep its data alive through it.
   */
  private frozen = false;

  private constructor(
    m: Table,
    /** Number of entries. */
    readonly count: number,
    /** How many keys are keywords; lets flexible lookups skip a key type the map does not hold. */
    readonly keywordKeys: number,
  ) {
    this.m = m;
  }

  /** A new empty map (a fresh root each time, so unrelated maps never share a chain). */
  static empty(): PMap {
    return new PMap(new Map(), 0, 0);
  }

  /** Builds a map from key/value pairs; later duplicates win (DIV-06). */
  static fromPairs(pairs: Iterable<readonly [Value, Value]>): PMap {
    const m: Table = new Map();
    for (const [k, v] of pairs) m.set(slot(k), v);
    return new PMap(m, m.size, countKeywords(m));
  }

  /** Builds a map from an alternating `k1 v1 k2 v2 ...` array; later duplicates win. */
  static fromFlat(kvs: readonly Value[]): PMap {
    const m: Table = new Map();
    for (let i = 0; i + 1 < kvs.length; i += 2) m.set(slot(kvs[i] as Value), kvs[i + 1] as Value);
    return new PMap(m, m.size, countKeywords(m));
  }

  /**
   * Takes ownership of a JS Map whose keys are all strings (e.g. a decoded JSON object); the caller
   * must not touch it afterwards.
   */
  static fromStringTable(m: Map<string, Value>): PMap {
    return new PMap(m, m.size, 0);
  }

  /** Builds a map from a plain object with string keys (no copy of values). */
  static fromObject(o: Record<string, Value>): PMap {
    const m: Table = new Map();
    for (const k of Object.keys(o)) m.set(k, o[k] as Value);
    return new PMap(m, m.size, 0);
  }

  /** Marks this map frozen (see `frozen`); it becomes the root of its table first. */
  freeze(): void {
    this.table();
    this.frozen = true;
  }

  /** The table this version may update in place: its own, or a private copy when frozen. */
  private writable(): Table {
    if (this.frozen) return new Map(this.m as Table);
    return this.m !== null ? this.m : this.table();
  }

  private table(): Table {
    if (this.m === null) this.reroot();
    return this.m as Table;
  }

  /** Makes this version the owner of the shared table, undoing diffs along the chain. */
  private reroot(): void {
    const path: PMap[] = [];
    let p: PMap = this;
    while (p.m === null) {
      path.push(p);
      p = p.next as PMap;
    }
    // p is the current root; walk back towards `this`, flipping one diff at a time.
    for (let i = path.length - 1; i >= 0; i--) {
      const q = path[i] as PMap;
      const m = p.m as Table;
      const key = q.dKey;
      const mine = q.dEntry;
      const theirs = m.get(key);
      if (mine === undefined) m.delete(key);
      else m.set(key, mine);
      p.m = null;
      p.dKey = key;
      p.dEntry = theirs;
      p.next = q;
      q.m = m;
      q.next = null;
      q.dKey = undefined;
      q.dEntry = undefined;
      p = q;
    }
  }

  /** The entry stored under a key structurally equal to `k`, if any. */
  getEntry(k: Value): Entry | undefined {
    const s = slot(k);
    const v = (this.m !== null ? this.m : this.table()).get(s);
    return v === undefined ? undefined : [codec.keyOfSlot(s), v];
  }

  /** Value for `k`, or `undefined` when absent (a stored nil is `null`). */
  get(k: Value): Value | undefined {
    return (this.m !== null ? this.m : this.table()).get(slot(k));
  }

  /** True when `k` is a key. */
  has(k: Value): boolean {
    return (this.m !== null ? this.m : this.table()).has(slot(k));
  }

  /** A map with `k` bound to `v`. */
  assoc(k: Value, v: Value): PMap {
    const hk = slot(k);
    const old = (this.m !== null ? this.m : this.table()).get(hk);
    if (old === v) return this;
    const m = this.writable();
    m.set(hk, v);
    const next =
      old === undefined
        ? new PMap(m, this.count + 1, codec.isKeyword(k) ? this.keywordKeys + 1 : this.keywordKeys)
        : new PMap(m, this.count, this.keywordKeys);
    if (this.frozen) return next;
    this.m = null;
    this.dKey = hk;
    this.dEntry = old;
    this.next = next;
    return next;
  }

  /** A map without `k`. */
  dissoc(k: Value): PMap {
    const hk = slot(k);
    const old = (this.m !== null ? this.m : this.table()).get(hk);
    if (old === undefined) return this;
    const m = this.writable();
    m.delete(hk);
    const next = new PMap(m, this.count - 1, codec.isKeyword(k) ? this.keywordKeys - 1 : this.keywordKeys);
    if (this.frozen) return next;
    this.m = null;
    this.dKey = hk;
    this.dEntry = old;
    this.next = next;
    return next;
  }

  /**
   * A snapshot of the entries (unspecified order). The snapshot is stable even if the callback
   * of a caller derives new versions from this map while walking it.
   */
  entries(): Entry[] {
    const out: Entry[] = [];
    for (const [s, v] of this.table()) out.push([codec.keyOfSlot(s), v]);
    return out;
  }

  /** The keys (unspecified order). */
  keys(): Value[] {
    return Array.from(this.table().keys(), (s) => codec.keyOfSlot(s));
  }

  /** Calls `f(key, value)` for every entry of a snapshot (unspecified order). */
  forEach(f: (k: Value, v: Value) => void): void {
    for (const e of this.entries()) f(e[0], e[1]);
  }

  /** Structural equality with another map, comparing values with `eq`. */
  equalsMap(other: PMap, eq: (a: Value, b: Value) => boolean): boolean {
    if (this === other) return true;
    if (this.count !== other.count) return false;
    for (const [k, v] of this.entries()) {
      const e = other.getEntry(k);
      if (e === undefined || !eq(v, e[1])) return false;
    }
    return true;
  }
}

/** The JS Map key for `k`: strings, numbers and keywords stand for themselves (fast path). */
function slot(k: Value): unknown {
  return typeof k === "string" || typeof k === "number" ? k : codec.hashKey(k);
}

function countKeywords(m: Table): number {
  let n = 0;
  for (const s of m.keys()) if (codec.isKeyword(s)) n++;
  return n;
}

/** Persistent set: a PMap whose values are the members themselves. */
export class PSet {
  private constructor(private readonly map: PMap) {}

  /** A new empty set. */
  static empty(): PSet {
    return new PSet(PMap.empty());
  }

  /** A set of the given members; duplicates collapse (DIV-06). */
  static from(xs: Iterable<Value>): PSet {
    const pairs: [Value, Value][] = [];
    for (const x of xs) pairs.push([x, x]);
    return new PSet(PMap.fromPairs(pairs));
  }

  /** Number of members. */
  get count(): number {
    return this.map.count;
  }

  /** True when a member structurally equal to `x` exists. */
  has(x: Value): boolean {
    return this.map.has(x);
  }

  /** The stored member equal to `x`, or `undefined`. */
  get(x: Value): Value | undefined {
    return this.map.get(x);
  }

  /** A set with `x` added. */
  conj(x: Value): PSet {
    const m = this.map.assoc(x, x);
    return m === this.map ? this : new PSet(m);
  }

  /** A set without `x`. */
  disj(x: Value): PSet {
    const m = this.map.dissoc(x);
    return m === this.map ? this : new PSet(m);
  }

  /** The members (unspecified order). */
  toArray(): Value[] {
    return this.map.keys();
  }

  /** Marks the set frozen, as {@link PMap.freeze}. */
  freeze(): void {
    this.map.freeze();
  }

  /** Structural equality with another set. */
  equalsSet(other: PSet): boolean {
    if (this.count !== other.count) return false;
    for (const x of this.toArray()) if (!other.has(x)) return false;
    return true;
  }
}
