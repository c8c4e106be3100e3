/**
 * Set algebra (spec §3.9, `clojure.set`): `union`, `intersection`, `difference`, `subset?`,
 * `superset?`. Nil counts as the empty set and other seqables are read as sets of their items
 * (GAP-S30), so `(union #{1} [2])` works. Registered under `clojure.set/` and `set/` as well.
 */

import { PSet, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, items } from "./support.ts";

function asSet(x: Value, who: string): PSet {
  return x instanceof PSet ? x : PSet.from(items(x, who));
}

function union(...xs: Value[]): PSet {
  if (xs.length === 0) return PSet.empty();
  let acc = asSet(xs[0] as Value, "union");
  for (let i = 1; i < xs.length; i++) {
    const a = items(xs[i] as Value, "union");
    budget(a.length);
    for (const x of a) acc = acc.conj(x);
  }
  return acc;
}

function intersection(...xs: Value[]): PSet {
  const sets = xs.map((x) => asSet(x, "intersection"));
  const smallest = sets.reduce((a, b) => (b.count < a.count ? b : a));
  const members = smallest.toArray();
  budget(members.length);
  return PSet.from(members.filter((m) => sets.every((s) => s.has(m))));
}

function difference(first: Value, ...rest: Value[]): PSet {
  const others = rest.map((x) => asSet(x, "difference"));
  const members = asSet(first, "difference").toArray();
  budget(members.length);
  return PSet.from(members.filter((m) => !others.some((s) => s.has(m))));
}

function subset(a: Value, b: Value): boolean {
  const sa = asSet(a, "subset?");
  const sb = asSet(b, "subset?");
  return sa.count <= sb.count && sa.toArray().every((m) => sb.has(m));
}

const DEFS: BuiltinDef[] = [
  { name: "union", arity: [0, Infinity], doc: "(union s1 s2 ...) — set of the members of any", fn: union },
  {
    name: "intersection",
    arity: [1, Infinity],
    doc: "(intersection s1 s2 ...) — set of the members of all",
    fn: intersection,
  },
  {
    name: "difference",
    arity: [1, Infinity],
    doc: "(difference s1 s2 ...) — members of s1 in none of the others",
    fn: difference,
  },
  { name: "subset?", arity: [2, 2], doc: "(subset? a b) — every member of a is in b", fn: subset },
  { name: "superset?", arity: [2, 2], doc: "(superset? a b) — every member of b is in a", fn: (a, b) => subset(b, a) },
];

/** The names reachable as `clojure.set/x` and `set/x` (aliased by index.ts). */
export const CLOJURE_SET_NAMES = ["union", "intersection", "difference", "subset?", "superset?"];

/** The set family. */
export const SETS = family("sets", DEFS);
