/**
 * Persistent map (the set is in pset.ts) by *rerooting* (Baker's shallow binding; Conchon & Filliâtre,
 * "A Persistent Union-Find Data Structure", 2007). All versions derived from one another share a
 * single table (pmap-hash.ts); exactly one version (the root) owns it, every other version is a one-entry diff
 * towards a newer one. Operating on the newest version — the overwhelmingly common case of
 * `(assoc acc k v)` in a `reduce` — is one table write plus two small allocations. Touching an
 * older version first re-roots the chain in O(distance). See docs/decisions/0001-value-model.md.
 *
 * Keys are stored under the slot the {@link KeyCodec} gives them (values/equality.ts `hashKey`), so
 * structurally equal collections find the same slot. The codec is passed in by values/equality.ts when it
 * loads (this file is only reached through values/index.ts), so the two import each other only as
 * types: a map holds values and a value may be a map.
 */

import type { HashTable } from "./pmap-hash.ts";
import {
  EXT_MAX,
  type ExtTable,
  extGet,
  extIndex,
  extToFlat,
  extToMap,
  FLAT_MAX,
  flatGet,
  flatIndex,
  flatToMap,
  flatAppend,
  flatWithout,
  type RecordTable,
  recordGet,
  recordToFlat,
  recordToMap,
  recordWith,
} from "./pmap-tables.ts";
import type { Value } from "./values/index.ts";

export type { Value };

/** How keys map to table slots; installed once by values/equality.ts with {@link useKeyCodec}. */
export interface KeyCodec {
  /** The slot for a key that is not a string or number (keywords stand for themselves). */
  hashKey(k: Value): unknown;
  /** The key a slot stands for. */
  keyOfSlot(slot: unknown): Value;
  /** True for a keyword (counted, so flexible lookups can skip them). */
  isKeyword(k: unknown): boolean;
}

const unset = (): never => {
  throw new Error("pmap.ts used before values/equality.ts installed its key codec");
};
let codec: KeyCodec = { hashKey: unset, keyOfSlot: unset, isKeyword: unset };

/** Installs the key codec; values/equality.ts calls this once at load. */
export function useKeyCodec(c: KeyCodec): void {
  codec = c;
}

/** One association as handed out to callers. */
type Entry = readonly [Value, Value];

/** The shared table: slot (see `slot`) → value. A value is never `undefined`. */
type Table = HashTable<Value>;

/**
 * Which table a map version holds (see `m`). HASH, FROZEN and DIFF are the three states of a
 * version of a rerooting hash map: the root of its table, a frozen root (see {@link PMap.freeze}),
 * or a one-entry diff towards a newer version. Every kind other than FLAT, RECORD and EXT is one
 * of these three.
 */
const HASH = 0;
const FLAT = 1;
const RECORD = 2;
const EXT = 3;
const FROZEN = 4;
const DIFF = 5;

/**
 * Persistent map. Iteration order is unspecified; printers and `keys` sort (DIV-38).
 *
 * A version holds one of three tables (decision 0017): a *record* (a JSON-decoded object read in
 * place), a *flat* slot/value array for small maps, or the shared rerooting hash table. Records
 * and flat tables are never written: updating such a version copies (a flat table of at most
 * {@link FLAT_MAX} entries, or promotes to a fresh hash table), so they never join a reroot chain.
 */
export class PMap {
  /**
   * HASH, FROZEN, DIFF, FLAT, RECORD or EXT. A FROZEN map (a constant shared by every run of a
   * cached program) stays the root of its table forever: `assoc`/`dissoc` copy the table instead
   * of re-rooting it, so no run can change what another run sees, nor keep its data alive through
   * it. Flat and record maps need no such state: they are never written.
   */
  private kind: number;
  /**
   * HASH, FROZEN: the shared table. DIFF: the newer version this one is a diff towards (one field
   * for both keeps a version, allocated once per `assoc`, small). FLAT: the `[slot, value, ...]`
   * array. RECORD: the object. EXT: the `[record, slot, value, ...]` array (pmap-tables.ts
   * `ExtTable`). Flat tables, records and extended records are never written.
   */
  private m: Table | unknown[] | RecordTable | ExtTable | PMap;
  /** DIFF: this version differs from the newer one at `dKey`, holding `dEntry` (undefined = absent). */
  private dKey: unknown = undefined;
  private dEntry: Value | undefined = undefined;

  private constructor(
    kind: number,
    m: Table | unknown[] | RecordTable,
    /** Number of entries. */
    readonly count: number,
    /** How many keys are keywords; lets flexible lookups skip a key type the map does not hold. */
    readonly keywordKeys: number,
  ) {
    this.kind = kind;
    this.m = m;
  }

  /** A new empty map (a fresh value each time, so unrelated maps never share a chain). */
  static empty(): PMap {
    return new PMap(FLAT, NO_SLOTS, 0, 0);
  }

  /** The map a {@link Builder} collected: its hash table when it has one, else its flat table. */
  static built(kv: unknown[], m: Table | null): PMap {
    if (m !== null) return new PMap(HASH, m, m.size, countKeywords(m.slots()));
    return kv.length === 0 ? PMap.empty() : new PMap(FLAT, kv, kv.length / 2, flatKeywords(kv));
  }

  /** Builds a map from key/value pairs; later duplicates win (DIV-06). */
  static fromPairs(pairs: Iterable<readonly [Value, Value]>): PMap {
    const b = new Builder();
    for (const [k, v] of pairs) b.add(k, v);
    return b.done();
  }

  /** Builds a map from an alternating `k1 v1 k2 v2 ...` array; later duplicates win. */
  static fromFlat(kvs: readonly Value[]): PMap {
    const b = new Builder();
    for (let i = 0; i + 1 < kvs.length; i += 2) b.add(kvs[i] as Value, kvs[i + 1] as Value);
    return b.done();
  }

  /**
   * Takes ownership of a plain object whose own enumerable properties are the entries (string
   * keys; values are PTC-Lisp values, never `undefined`), such as a decoded JSON object whose
   * values are already converted, and reads it in place. `count` is its number of keys. The caller
   * must never write the object afterwards. O(1).
   */
  static fromRecord(o: Record<string, Value>, count: number): PMap {
    return new PMap(RECORD, o, count, 0);
  }

  /** Builds a map from a plain object with string keys (no copy of values). */
  static fromObject(o: Record<string, Value>): PMap {
    const b = new Builder();
    for (const k of Object.keys(o)) b.add(k, o[k] as Value);
    return b.done();
  }

  /**
   * Marks this map frozen (see `kind`). A constant is read by every run of its program, so it
   * becomes a hash map that is the root of its own table (a flat or record map moves its entries
   * into a fresh table; the same entries, so no holder sees a change). A version whose diffs led
   * to it reroots onto a copy of its table (see `reroot`).
   */
  freeze(): void {
    if (this.kind === FROZEN) return;
    if (this.kind === FLAT) this.m = flatToMap(this.m as unknown[]) as Table;
    else if (this.kind === RECORD) this.recordToHash();
    else if (this.kind === EXT) this.m = extToMap(this.m as ExtTable) as Table;
    else this.table();
    this.kind = FROZEN;
  }

  /** The hash table this version may update in place: its own, or a private copy when frozen. */
  private writable(): Table {
    if (this.kind === FROZEN) return (this.m as Table).copy();
    return this.table();
  }

  /** Makes this version a diff towards `newer`: the same but at `key`, where this one holds `entry` (undefined = absent). */
  private becomeDiff(newer: PMap, key: unknown, entry: Value | undefined): void {
    this.kind = DIFF;
    this.m = newer;
    this.dKey = key;
    this.dEntry = entry;
  }

  /** Makes this version the root of `table`. */
  private becomeRoot(table: Table): void {
    this.kind = HASH;
    this.m = table;
    this.dKey = undefined;
    this.dEntry = undefined;
  }

  /** The table of a hash version, rerooting to it first when it is a diff. */
  private table(): Table {
    if (this.kind === DIFF) this.reroot();
    return this.m as Table;
  }

  /** Makes this version the owner of the shared table, undoing diffs along the chain. */
  private reroot(): void {
    const path: PMap[] = [];
    let p: PMap = this;
    while (p.kind === DIFF) {
      path.push(p);
      p = p.m as PMap;
    }
    // p is the current root; walk back towards `this`, flipping one diff at a time.
    let i = path.length - 1;
    if (p.kind === FROZEN) {
      // A frozen root keeps its table: the newest diff towards it becomes the root of a copy.
      const q = path[i--] as PMap;
      const m = (p.m as Table).copy();
      if (q.dEntry !== undefined) m.put(q.dKey, q.dEntry);
      else m.delete(q.dKey);
      q.becomeRoot(m);
      p = q;
    }
    for (; i >= 0; i--) {
      const q = path[i] as PMap;
      const m = p.m as Table;
      const key = q.dKey;
      const mine = q.dEntry;
      let theirs: Value | undefined;
      if (mine !== undefined) theirs = m.put(key, mine);
      else {
        theirs = m.get(key);
        m.delete(key);
      }
      p.becomeDiff(q, key, theirs);
      q.becomeRoot(m);
      p = q;
    }
  }

  /** The value in slot `s` (for a record, `s` is a string key), or `undefined`. */
  private at(s: unknown): Value | undefined {
    const kind = this.kind;
    if (kind === FLAT) return flatGet(this.m as unknown[], s) as Value | undefined;
    if (kind === RECORD)
      return typeof s === "string" ? (recordGet(this.m as RecordTable, s) as Value | undefined) : undefined;
    if (kind === EXT) return extGet(this.m as ExtTable, s) as Value | undefined;
    return (kind !== DIFF ? (this.m as Table) : this.table()).get(s);
  }

  /**
   * The object a record or extended-record map reads in place (pmap-tables.ts `RecordTable`), or
   * null for any other kind of map. An own key of it is never among an extended record's added
   * entries, so its value is the map's value for that string key. For flexible lookup's fast path
   * (access.ts `mapLookup`); never write it.
   */
  record(): Readonly<RecordTable> | null {
    const kind = this.kind;
    if (kind === RECORD) return this.m as RecordTable;
    return kind === EXT ? ((this.m as ExtTable)[0] as RecordTable) : null;
  }

  /** The entry stored under a key structurally equal to `k`, if any. */
  getEntry(k: Value): Entry | undefined {
    const s = slot(k);
    const v = this.at(s);
    return v === undefined ? undefined : [codec.keyOfSlot(s), v];
  }

  /** Value for `k`, or `undefined` when absent (a stored nil is `null`). */
  get(k: Value): Value | undefined {
    return this.at(slot(k));
  }

  /** True when `k` is a key. */
  has(k: Value): boolean {
    return this.at(slot(k)) !== undefined;
  }

  /**
   * A record too big for a flat table becomes, in place, the root of a hash table holding the
   * same entries, so updates to it and to its successors cost what they cost for any hash map
   * (the copy is paid once, on the first update, instead of up front when the JSON was decoded).
   */
  private recordToHash(): void {
    this.m = recordToMap(this.m as RecordTable) as Table;
    this.kind = HASH;
  }

  /** A map with `k` bound to `v`. */
  assoc(k: Value, v: Value): PMap {
    const hk = slot(k);
    if (this.kind === FLAT) return this.assocFlat(hk, k, v);
    if (this.kind === RECORD) return this.assocExt(hk, k, v) ?? this.assocRecord(hk, k, v);
    if (this.kind === EXT) {
      const added = this.assocExt(hk, k, v);
      if (added !== null) return added;
      this.extToPlain();
      return this.assoc(k, v);
    }
    return this.assocHash(hk, k, v);
  }

  /**
   * {@link assoc} on a record or an extended record of a key the record lacks: an extended record
   * sharing the record, with the entry replaced or appended; null when that would pass
   * {@link EXT_MAX} entries or the key is one of the record's own.
   */
  private assocExt(hk: unknown, k: Value, v: Value): PMap | null {
    const t = this.kind === EXT ? (this.m as ExtTable) : null;
    const o = (t !== null ? t[0] : this.m) as RecordTable;
    if (typeof hk === "string" && recordGet(o, hk) !== undefined) return null;
    if (t !== null) {
      const i = extIndex(t, hk);
      if (i >= 0) {
        if (t[i + 1] === v) return this;
        const out = t.slice();
        out[i + 1] = v;
        return new PMap(EXT, out, this.count, this.keywordKeys);
      }
      if (t.length >= 1 + 2 * EXT_MAX) return null;
    }
    const keywords = codec.isKeyword(k) ? this.keywordKeys + 1 : this.keywordKeys;
    return new PMap(EXT, t !== null ? flatAppend(t, hk, v) : [o, hk, v], this.count + 1, keywords);
  }

  /** An extended record turns, in place, into a flat map (or a hash root past {@link FLAT_MAX}) with the same entries. */
  private extToPlain(): void {
    const t = this.m as ExtTable;
    if (this.count <= FLAT_MAX) {
      this.m = extToFlat(t);
      this.kind = FLAT;
    } else {
      this.m = extToMap(t) as Table;
      this.kind = HASH;
    }
  }

  /** {@link assoc} on a record of one of its own keys. */
  private assocRecord(hk: unknown, k: Value, v: Value): PMap {
    const o = this.m as RecordTable;
    const old = typeof hk === "string" ? recordGet(o, hk) : undefined;
    if (old === v) return this;
    const count = old === undefined ? this.count + 1 : this.count;
    if (count <= FLAT_MAX) {
      const keywords = old === undefined && codec.isKeyword(k) ? 1 : 0;
      return new PMap(FLAT, recordWith(o, hk, v, old === undefined), count, keywords);
    }
    this.recordToHash();
    return this.assocHash(hk, k, v);
  }

  /** {@link assoc} on a hash map. */
  private assocHash(hk: unknown, k: Value, v: Value): PMap {
    let m: Table;
    let old: Value | undefined;
    const frozen = this.kind === FROZEN;
    if (frozen) {
      old = (this.m as Table).get(hk);
      if (old === v) return this;
      m = this.writable();
      m.put(hk, v);
    } else {
      // Writing v over an equal-identity v changes nothing, so the table is written first.
      m = this.kind === HASH ? (this.m as Table) : this.table();
      old = m.put(hk, v);
      if (old === v) return this;
    }
    const next =
      old === undefined
        ? new PMap(HASH, m, this.count + 1, codec.isKeyword(k) ? this.keywordKeys + 1 : this.keywordKeys)
        : new PMap(HASH, m, this.count, this.keywordKeys);
    if (!frozen) this.becomeDiff(next, hk, old);
    return next;
  }

  /** {@link assoc} on a flat map: a copy of its table with the entry replaced or appended. */
  private assocFlat(hk: unknown, k: Value, v: Value): PMap {
    const kv = this.m as unknown[];
    const i = flatIndex(kv, hk);
    if (i >= 0) {
      if (kv[i + 1] === v) return this;
      const out = kv.slice();
      out[i + 1] = v;
      return new PMap(FLAT, out, this.count, this.keywordKeys);
    }
    const keywords = codec.isKeyword(k) ? this.keywordKeys + 1 : this.keywordKeys;
    if (this.count < FLAT_MAX) return new PMap(FLAT, flatAppend(kv, hk, v), this.count + 1, keywords);
    const m = flatToMap(kv) as Table;
    m.set(hk, v);
    return new PMap(HASH, m, this.count + 1, keywords);
  }

  /** A map without `k`. */
  dissoc(k: Value): PMap {
    const hk = slot(k);
    const old = this.at(hk);
    if (old === undefined) return this;
    const keywords = codec.isKeyword(k) ? this.keywordKeys - 1 : this.keywordKeys;
    if (this.kind === EXT) this.extToPlain();
    if (this.kind === RECORD && this.count - 1 <= FLAT_MAX) {
      const kv = recordToFlat(this.m as RecordTable);
      return new PMap(FLAT, flatWithout(kv, flatIndex(kv, hk)), this.count - 1, keywords);
    }
    if (this.kind === RECORD) this.recordToHash();
    else if (this.kind === FLAT) {
      const kv = this.m as unknown[];
      return new PMap(FLAT, flatWithout(kv, flatIndex(kv, hk)), this.count - 1, keywords);
    }
    const frozen = this.kind === FROZEN;
    const m = this.writable();
    m.delete(hk);
    const next = new PMap(HASH, m, this.count - 1, keywords);
    if (!frozen) this.becomeDiff(next, hk, old);
    return next;
  }

  /**
   * A snapshot of the entries (unspecified order). The snapshot is stable even if the callback
   * of a caller derives new versions from this map while walking it.
   */
  entries(): Entry[] {
    const out: Entry[] = [];
    if (this.kind === FLAT) {
      const kv = this.m as unknown[];
      for (let i = 0; i < kv.length; i += 2) out.push([codec.keyOfSlot(kv[i]), kv[i + 1] as Value]);
    } else if (this.kind === RECORD || this.kind === EXT) {
      const t = this.kind === EXT ? (this.m as ExtTable) : null;
      const o = (t !== null ? t[0] : this.m) as RecordTable;
      const keys = Object.keys(o);
      for (let i = 0; i < keys.length; i++) out.push([keys[i] as string, o[keys[i] as string] as Value]);
      if (t !== null) for (let i = 1; i < t.length; i += 2) out.push([codec.keyOfSlot(t[i]), t[i + 1] as Value]);
    } else {
      this.table().forEach((v, s) => {
        out.push([codec.keyOfSlot(s), v]);
      });
    }
    return out;
  }

  /** The keys (unspecified order). */
  keys(): Value[] {
    if (this.kind === RECORD) return Object.keys(this.m as RecordTable);
    if (this.kind === EXT) {
      const t = this.m as ExtTable;
      const out: Value[] = Object.keys(t[0] as RecordTable);
      for (let i = 1; i < t.length; i += 2) out.push(codec.keyOfSlot(t[i]));
      return out;
    }
    if (this.kind === FLAT) {
      const kv = this.m as unknown[];
      const out: Value[] = [];
      for (let i = 0; i < kv.length; i += 2) out.push(codec.keyOfSlot(kv[i]));
      return out;
    }
    return this.table()
      .slots()
      .map((s) => codec.keyOfSlot(s));
  }

  /** Calls `f(key, value)` for every entry of a snapshot (unspecified order). */
  forEach(f: (k: Value, v: Value) => void): void {
    if (this.kind === FLAT) {
      // A flat table is never written, so it is its own snapshot.
      const kv = this.m as unknown[];
      for (let i = 0; i < kv.length; i += 2) f(codec.keyOfSlot(kv[i]), kv[i + 1] as Value);
      return;
    }
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

/** The one empty flat table, shared: flat tables are never written. */
const NO_SLOTS: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Collects entries for a new map: a flat table while small, a hash table past {@link FLAT_MAX}. */
class Builder {
  private kv: unknown[] = [];
  private m: Table | null = null;
  add(k: Value, v: Value): void {
    const s = slot(k);
    if (this.m !== null) {
      this.m.set(s, v);
      return;
    }
    const i = flatIndex(this.kv, s);
    if (i >= 0) this.kv[i + 1] = v;
    else if (this.kv.length < 2 * FLAT_MAX) this.kv.push(s, v);
    else {
      this.m = flatToMap(this.kv) as Table;
      this.m.set(s, v);
    }
  }
  done(): PMap {
    return PMap.built(this.kv, this.m);
  }
}

/** The JS Map key for `k`: strings, numbers and keywords stand for themselves (fast path). */
function slot(k: Value): unknown {
  return typeof k === "string" || typeof k === "number" ? k : codec.hashKey(k);
}

function countKeywords(slots: Iterable<unknown>): number {
  let n = 0;
  for (const s of slots) if (codec.isKeyword(s)) n++;
  return n;
}

function flatKeywords(kv: readonly unknown[]): number {
  let n = 0;
  for (let i = 0; i < kv.length; i += 2) if (codec.isKeyword(kv[i])) n++;
  return n;
}
