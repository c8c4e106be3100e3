/**
 * The immutable table shapes a small or JSON-born {@link PMap} (pmap.ts) uses before it ever
 * needs a JS `Map` (decision record docs/decisions/0017-record-maps.md):
 *
 * - a *flat* table `[slot0, value0, slot1, value1, ...]` searched linearly (Clojure's
 *   PersistentArrayMap), for maps of at most {@link FLAT_MAX} entries built by a program;
 * - a *record*: a plain JS object (string key → value) such as `JSON.parse` returns, read in
 *   place, for maps decoded from JSON;
 * - an *extended record*: a record plus a few entries added by `assoc` (see {@link ExtTable}).
 *
 * None is ever written once a map holds it, so versions share them freely. Slots are what
 * values/equality.ts `hashKey` gives (strings, numbers and keywords stand for themselves); this file sees
 * them as opaque and compares them by SameValueZero, exactly as a JS `Map` would.
 */

/** Most entries a flat table holds; one more promotes the map to a hash table. */
export const FLAT_MAX = 16;

import { HashTable } from "./pmap-hash.ts";

/** A record table: own enumerable string keys → values (never `undefined`, never a function). */
export type RecordTable = Record<string, unknown>;

/** Index of `s` among the slots of a flat table, or -1. */
export function flatIndex(kv: readonly unknown[], s: unknown): number {
  for (let i = 0; i < kv.length; i += 2) if (kv[i] === s) return i;
  // NaN is the one slot `===` cannot find; a JS Map finds it (SameValueZero).
  if (Number.isNaN(s)) for (let i = 0; i < kv.length; i += 2) if (Number.isNaN(kv[i])) return i;
  return -1;
}

/** The value under `s` in a flat table, or `undefined`. */
export function flatGet(kv: readonly unknown[], s: unknown): unknown {
  for (let i = 0; i < kv.length; i += 2) if (kv[i] === s) return kv[i + 1];
  if (Number.isNaN(s)) {
    const i = flatIndex(kv, s);
    return i < 0 ? undefined : kv[i + 1];
  }
  return undefined;
}

/** A copy of a flat table with the entry `s` → `v` appended (`s` is not in it). */
export function flatAppend(kv: readonly unknown[], s: unknown, v: unknown): unknown[] {
  const n = kv.length;
  const out = new Array<unknown>(n + 2);
  for (let i = 0; i < n; i++) out[i] = kv[i];
  out[n] = s;
  out[n + 1] = v;
  return out;
}

/** A copy of a flat table without the entry at index `i` (from {@link flatIndex}). */
export function flatWithout(kv: readonly unknown[], i: number): unknown[] {
  const out = kv.slice(0, i);
  for (let j = i + 2; j < kv.length; j++) out.push(kv[j]);
  return out;
}

/**
 * The value under `k` in a record, or `undefined`: own properties only. Values in a record are
 * never functions, so a function found is one of `Object.prototype`'s methods; `__proto__` is the
 * one inherited property that is not a function.
 */
export function recordGet(o: RecordTable, k: string): unknown {
  const v = o[k];
  if (v === undefined || typeof v === "function") return undefined;
  return k === "__proto__" && !Object.hasOwn(o, k) ? undefined : v;
}

/**
 * A record's entries as a fresh flat table, with `s` bound to `v`: appended
 * when `added` (then `s` is not a key of `o`), else replacing the value of key `s`.
 */
export function recordWith(o: RecordTable, s: unknown, v: unknown, added: boolean): unknown[] {
  const keys = Object.keys(o);
  const n = keys.length;
  const out = new Array<unknown>(added ? 2 * n + 2 : 2 * n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string;
    out[2 * i] = k;
    out[2 * i + 1] = k === s ? v : o[k];
  }
  if (added) {
    out[2 * n] = s;
    out[2 * n + 1] = v;
  }
  return out;
}

/** A record's entries as a fresh flat table. */
export function recordToFlat(o: RecordTable): unknown[] {
  const keys = Object.keys(o);
  const n = keys.length;
  const out = new Array<unknown>(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = keys[i];
    out[2 * i + 1] = o[keys[i] as string];
  }
  return out;
}

/** A flat table's entries as a fresh hash table. */
export function flatToMap(kv: readonly unknown[]): HashTable<unknown> {
  const m = new HashTable<unknown>();
  for (let i = 0; i < kv.length; i += 2) m.set(kv[i], kv[i + 1]);
  return m;
}

/** A record's entries as a fresh hash table. */
export function recordToMap(o: RecordTable): HashTable<unknown> {
  const m = new HashTable<unknown>();
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) m.set(keys[i], o[keys[i] as string]);
  return m;
}

/**
 * An *extended record* `[record, slot0, value0, slot1, value1, ...]`: a record plus at most
 * {@link EXT_MAX} entries whose slots are not keys of the record (keywords, numbers, or strings the
 * record lacks). It is what `(assoc rec :k v)` on a JSON-born record gives: the record is shared,
 * not copied. Never written once a map holds it.
 */
export type ExtTable = unknown[];

/** Most entries an extended record adds to its record; one more turns the map into a flat or hash map. */
export const EXT_MAX = 8;

/** Index of `s` among the added slots of an extended record (1, 3, ...), or -1. */
export function extIndex(t: readonly unknown[], s: unknown): number {
  for (let i = 1; i < t.length; i += 2) if (t[i] === s) return i;
  if (Number.isNaN(s)) for (let i = 1; i < t.length; i += 2) if (Number.isNaN(t[i])) return i;
  return -1;
}

/** The value under `s` in an extended record, or `undefined`. */
export function extGet(t: readonly unknown[], s: unknown): unknown {
  for (let i = 1; i < t.length; i += 2) if (t[i] === s) return t[i + 1];
  if (typeof s === "string") return recordGet(t[0] as RecordTable, s);
  if (Number.isNaN(s)) {
    const i = extIndex(t, s);
    return i < 0 ? undefined : t[i + 1];
  }
  return undefined;
}

/** An extended record's entries as a fresh flat table (record entries first). */
export function extToFlat(t: readonly unknown[]): unknown[] {
  const out = recordToFlat(t[0] as RecordTable);
  for (let i = 1; i < t.length; i++) out.push(t[i]);
  return out;
}

/** An extended record's entries as a fresh hash table. */
export function extToMap(t: readonly unknown[]): HashTable<unknown> {
  const m = recordToMap(t[0] as RecordTable);
  for (let i = 1; i < t.length; i += 2) m.set(t[i], t[i + 1]);
  return m;
}
