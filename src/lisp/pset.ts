/**
 * Persistent set: a {@link PMap} whose values are the members themselves, so it shares the map's
 * representations (flat up to 16 members, then the rerooting hash table; decisions 0001, 0017).
 */

import { PMap, type Value } from "./pmap.ts";

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
