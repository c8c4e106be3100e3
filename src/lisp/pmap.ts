/**
 * Persistent hash map and set by *rerooting* (Baker's shallow binding; Conchon & Filliâtre,
 * "A Persistent Union-Find Data Structure", 2007). All versions derived from one another share a
 * single JS `Map`; exactly one version (the root) owns it, every other version is a one-entry diff
 * towards a newer one. Operating on the newest version — the overwhelmingly common case of
 * `(assoc acc k v)` in a `reduce` — is a plain `Map.set` plus two small allocations. Touching an
 * older version first re-roots the chain in O(distance). See docs/decisions/0001-value-model.md.
 *
 * Keys are stored under {@link hashKey} so structurally equal collections find the same slot.
 */

import { hashKey, type Value } from "./values.ts";

/** One stored association; immutable once created. */
type Entry = readonly [Value, Value];

/** Persistent map. Iteration order is unspecified; printers and `keys` sort (DIV-38). */
export class PMap {
  /** The shared table when this version is the root, otherwise `null`. */
  private m: Map<unknown, Entry> | null;
  /** When not root: this version differs from `next` at `dKey`, holding `dEntry` (undefined = absent). */
  private dKey: unknown = undefined;
  private dEntry: Entry | undefined = undefined;
  private next: PMap | null = null;

  private constructor(
    m: Map<unknown, Entry>,
    /** Number of entries. */
    readonly count: number,
  ) {
    this.m = m;
  }

  /** A new empty map (a fresh root each time, so unrelated maps never share a chain). */
  static empty(): PMap {
    return new PMap(new Map(), 0);
  }

  /** Builds a map from key/value pairs; later duplicates win (DIV-06). */
  static fromPairs(pairs: Iterable<readonly [Value, Value]>): PMap {
    const m = new Map<unknown, Entry>();
    for (const [k, v] of pairs) m.set(hashKey(k), [k, v]);
    return new PMap(m, m.size);
  }

  /** Builds a map from an alternating `k1 v1 k2 v2 ...` array; later duplicates win. */
  static fromFlat(kvs: readonly Value[]): PMap {
    const m = new Map<unknown, Entry>();
    for (let i = 0; i + 1 < kvs.length; i += 2) {
      const k = kvs[i] as Value;
      m.set(hashKey(k), [k, kvs[i + 1] as Value]);
    }
    return new PMap(m, m.size);
  }

  /** Builds a map from a plain object with string keys (no copy of values). */
  static fromObject(o: Record<string, Value>): PMap {
    const m = new Map<unknown, Entry>();
    for (const k of Object.keys(o)) m.set(k, [k, o[k] as Value]);
    return new PMap(m, m.size);
  }

  private table(): Map<unknown, Entry> {
    if (this.m === null) this.reroot();
    return this.m as Map<unknown, Entry>;
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
      const m = p.m as Map<unknown, Entry>;
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
    return this.table().get(hashKey(k));
  }

  /** Value for `k`, or `undefined` when absent (a stored nil is `null`). */
  get(k: Value): Value | undefined {
    const e = this.table().get(hashKey(k));
    return e === undefined ? undefined : e[1];
  }

  /** True when `k` is a key. */
  has(k: Value): boolean {
    return this.table().has(hashKey(k));
  }

  /** A map with `k` bound to `v`. */
  assoc(k: Value, v: Value): PMap {
    const m = this.table();
    const hk = hashKey(k);
    const old = m.get(hk);
    if (old !== undefined && old[1] === v) return this;
    m.set(hk, [old === undefined ? k : old[0], v]);
    const next = new PMap(m, old === undefined ? this.count + 1 : this.count);
    this.m = null;
    this.dKey = hk;
    this.dEntry = old;
    this.next = next;
    return next;
  }

  /** A map without `k`. */
  dissoc(k: Value): PMap {
    const m = this.table();
    const hk = hashKey(k);
    const old = m.get(hk);
    if (old === undefined) return this;
    m.delete(hk);
    const next = new PMap(m, this.count - 1);
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
    return Array.from(this.table().values());
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
    return this.map.entries().map((e) => e[0]);
  }

  /** Structural equality with another set. */
  equalsSet(other: PSet): boolean {
    if (this.count !== other.count) return false;
    for (const x of this.toArray()) if (!other.has(x)) return false;
    return true;
  }
}
