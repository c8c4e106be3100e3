/** The total term ordering ({@link compareValues}) and term-ordered map/set entries ({@link sortedEntries}). */

import { PMap } from "../pmap.ts";
import { PSet } from "../pset.ts";
import { run } from "../runtime.ts";
import { canonical } from "./equality.ts";
import { compareNumbers, isNumber } from "./numbers.ts";
import { Keyword, type LFloat } from "./scalars.ts";
import { type Value, Vec } from "./types.ts";

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
