/**
 * The mutable table behind a rerooting hash {@link PMap} (pmap.ts): slot → value, as a JS `Map`
 * would hold it (SameValueZero on slots), with the subset of `Map`'s interface pmap.ts uses.
 * Decision records docs/decisions/0030-own-hash-table.md and 0034-lean-map-versions.md.
 *
 * Why not a JS `Map`: under JavaScriptCore a big `Map` is one heap cell; every write of a fresh
 * (young) key or value into it puts the whole cell back on the collector's remembered set, so each
 * young-generation collection rescans all of it, and building a 100k-entry map by `assoc` spent
 * about two thirds of its time inside `Map`. Here the entries live in insertion order in chunks of
 * {@link CHUNK} (an append dirties only the last chunk), each allocated at its full size so that
 * appending never regrows it and small enough to stay an ordinary heap cell, and the index is
 * one `Int32Array`, which holds no pointers, so the collector never scans it.
 *
 * String and number slots go into the index (strings hashed by their UTF-16 units, numbers by
 * value with -0 as 0 and every NaN alike). Every other slot (keywords, structural key tokens,
 * booleans, nil, bigints) is kept in a plain `Map` beside it, so its semantics is `Map`'s own.
 */

/**
 * Entries per chunk. A chunk holds slot and value side by side: 512 elements, 4 KiB, under the
 * size at which JavaScriptCore makes an array a separate large allocation.
 */
const CHUNK = 256;
const SHIFT = 8;
const LOW = CHUNK - 1;

/** Index cells of a new table (a power of two). */
const MIN_CELLS = 32;

/** Index cell states besides `entry + 1`. */
const EMPTY = 0;
const GONE = -1;

/** An entry slot whose key was deleted (never a slot: a private object). */
const DELETED: unknown = Object.freeze({ deleted: true });

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The index hash of a string or number slot (any int32, 0 included: index cells hold entry + 1, not the hash). */
function hashOf(s: string | number): number {
  if (typeof s === "string") {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h ^ (h >>> 15);
  }
  if ((s | 0) === s) return Math.imul(s ^ (s >>> 16), 0x45d9f3b) ^ 0x5bd1e995;
  if (Number.isNaN(s)) return 0x7ff80000;
  f64[0] = s;
  return Math.imul((u32[0] as number) ^ Math.imul(u32[1] as number, 0x9e3779b1), 0x85ebca6b);
}

/** SameValueZero, as a JS `Map` compares keys. */
function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** A slot → value table with `Map`'s semantics for the operations pmap.ts needs. */
export class HashTable<V> {
  /**
   * The index: two int32 per cell, `entry + 1` (or EMPTY, GONE) and that entry's hash, side by
   * side so that a probe reads one cache line. Linear probing.
   */
  private cells = new Int32Array(2 * MIN_CELLS);
  /**
   * The entries in insertion order, in chunks of {@link CHUNK} entries laid out as
   * `[slot0, value0, slot1, value1, ...]`; a deleted entry's slot is DELETED.
   */
  private chunks: unknown[][] = [];
  /** Entries appended so far (deleted ones included). */
  private used = 0;
  /** Index cells that are GONE. */
  private gone = 0;
  /** Live entries in the index. */
  private live = 0;
  /** Slots that are neither strings nor numbers. */
  private other: Map<unknown, V> | null = null;

  /** Number of entries. */
  get size(): number {
    return this.live + (this.other === null ? 0 : this.other.size);
  }

  /** The index cell holding `s` (hash `h`), or the bitwise complement of the empty cell where it would go. */
  private find(s: unknown, h: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    let i = h & mask;
    for (;;) {
      const e = cells[2 * i] as number;
      if (e === EMPTY) return ~i;
      if (e !== GONE && cells[2 * i + 1] === h) {
        const j = e - 1;
        if (same((this.chunks[j >> SHIFT] as unknown[])[2 * (j & LOW)], s)) return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** The value under `s`, or undefined. */
  get(s: unknown): V | undefined {
    if (typeof s !== "string" && typeof s !== "number") return this.other === null ? undefined : this.other.get(s);
    const i = this.find(s, hashOf(s));
    if (i < 0) return undefined;
    const j = (this.cells[2 * i] as number) - 1;
    return (this.chunks[j >> SHIFT] as V[])[2 * (j & LOW) + 1];
  }

  /** True when `s` is a slot. */
  has(s: unknown): boolean {
    return this.get(s) !== undefined;
  }

  /** Binds `s` to `v` (never undefined). */
  set(s: unknown, v: V): this {
    this.put(s, v);
    return this;
  }

  /** Binds `s` to `v` (never undefined) and returns the value it replaced, or undefined. */
  put(s: unknown, v: V): V | undefined {
    if (typeof s !== "string" && typeof s !== "number") {
      this.other ??= new Map();
      const old = this.other.get(s);
      this.other.set(s, v);
      return old;
    }
    const h = hashOf(s);
    const i = this.find(s, h);
    if (i >= 0) {
      const j = (this.cells[2 * i] as number) - 1;
      const chunk = this.chunks[j >> SHIFT] as V[];
      const at = 2 * (j & LOW) + 1;
      const old = chunk[at];
      chunk[at] = v;
      return old;
    }
    this.append(~i, s, h, v);
    return undefined;
  }

  private append(cell: number, s: unknown, h: number, v: V): void {
    const j = this.used++;
    const c = j >> SHIFT;
    // The first chunk grows as entries come, so a small table stays small; every later chunk is
    // allocated at its full size, so appending never regrows it. Entries are written in order,
    // so a chunk never has a hole below its last entry.
    if (c === this.chunks.length) this.chunks.push(c === 0 ? [] : new Array(2 * CHUNK));
    const chunk = this.chunks[c] as unknown[];
    chunk[2 * (j & LOW)] = s;
    chunk[2 * (j & LOW) + 1] = v;
    this.cells[2 * cell] = j + 1;
    this.cells[2 * cell + 1] = h;
    this.live++;
    if ((this.live + this.gone) * 4 > this.cells.length) this.rebuild();
  }

  /** Removes `s`; true when it was a slot. */
  delete(s: unknown): boolean {
    if (typeof s !== "string" && typeof s !== "number") return this.other === null ? false : this.other.delete(s);
    const i = this.find(s, hashOf(s));
    if (i < 0) return false;
    const j = (this.cells[2 * i] as number) - 1;
    const chunk = this.chunks[j >> SHIFT] as unknown[];
    chunk[2 * (j & LOW)] = DELETED;
    chunk[2 * (j & LOW) + 1] = undefined;
    this.cells[2 * i] = GONE;
    this.gone++;
    this.live--;
    if (this.used > 2 * this.live + CHUNK) this.rebuild();
    return true;
  }

  /**
   * A fresh index sized for the live entries (load ≤ 1/2), without GONE cells; when over half the
   * entries were deleted, the entry chunks are compacted first (insertion order kept).
   */
  private rebuild(): void {
    let cap = MIN_CELLS;
    while (cap < 4 * this.live) cap *= 2;
    const cells = new Int32Array(2 * cap);
    const mask = cap - 1;
    if (this.used > 2 * this.live) {
      // Entry numbers change: hash the surviving keys again.
      this.compact();
      for (let j = 0; j < this.used; j++) {
        const h = hashOf((this.chunks[j >> SHIFT] as unknown[])[2 * (j & LOW)] as string | number);
        let i = h & mask;
        while (cells[2 * i] !== EMPTY) i = (i + 1) & mask;
        cells[2 * i] = j + 1;
        cells[2 * i + 1] = h;
      }
    } else {
      // Same entries: move each live cell with the hash it already holds.
      const old = this.cells;
      for (let c = 0; c < old.length; c += 2) {
        const e = old[c] as number;
        if (e === EMPTY || e === GONE) continue;
        const h = old[c + 1] as number;
        let i = h & mask;
        while (cells[2 * i] !== EMPTY) i = (i + 1) & mask;
        cells[2 * i] = e;
        cells[2 * i + 1] = h;
      }
    }
    this.cells = cells;
    this.gone = 0;
  }

  /** Drops the deleted entries from the chunks. */
  private compact(): void {
    const chunks: unknown[][] = [];
    let n = 0;
    this.eachIndexed((s, v) => {
      if ((n & LOW) === 0) chunks.push(n === 0 ? [] : new Array(2 * CHUNK));
      const chunk = chunks[n >> SHIFT] as unknown[];
      chunk[2 * (n & LOW)] = s;
      chunk[2 * (n & LOW) + 1] = v;
      n++;
    });
    this.chunks = chunks;
    this.used = n;
  }

  private eachIndexed(f: (s: unknown, v: V) => void): void {
    for (let j = 0; j < this.used; j++) {
      const chunk = this.chunks[j >> SHIFT] as unknown[];
      const s = chunk[2 * (j & LOW)];
      if (s !== DELETED) f(s, chunk[2 * (j & LOW) + 1] as V);
    }
  }

  /** Calls `f(slot, value)` for every entry; the table must not change meanwhile. */
  forEach(f: (v: V, s: unknown) => void): void {
    this.eachIndexed((s, v) => f(v, s));
    if (this.other !== null) this.other.forEach(f);
  }

  /** The slots, as a fresh array. */
  slots(): unknown[] {
    const out: unknown[] = [];
    this.eachIndexed((s) => out.push(s));
    if (this.other !== null) for (const s of this.other.keys()) out.push(s);
    return out;
  }

  /** A copy with the same entries, sharing nothing writable with this table. */
  copy(): HashTable<V> {
    const t = new HashTable<V>();
    this.forEach((v, s) => {
      t.put(s, v);
    });
    return t;
  }
}
