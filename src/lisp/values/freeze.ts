/** Freezing constant-pool values (decision 0008): {@link freezeConstant}. */

import { PMap } from "../pmap.ts";
import { PSet } from "../pset.ts";
import { type Value, Vec } from "./types.ts";

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
