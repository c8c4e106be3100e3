/**
 * A frozen hash map (a program constant, decision 0008) that other versions' diffs lead to: reading
 * those versions reroots them onto a copy of its table, so the frozen map and every version keep
 * their entries (src/lisp/pmap.ts `reroot`), whichever is read first and however often.
 */

import { expect, test } from "bun:test";
import { PMap, type Value } from "../../src/lisp/values/index.ts";

function entries(m: PMap): [Value, Value][] {
  return m.entries().sort((a, b) => String(a[0]).localeCompare(String(b[0]))) as [Value, Value][];
}

test("versions whose diffs lead to a frozen map keep their entries, and so does the frozen map", () => {
  let base = PMap.empty();
  for (let i = 0; i < 40; i++) base = base.assoc(`k${i}`, i);
  const older = base.assoc("k0", "older");
  const gone = older.dissoc("k1");
  const frozen = gone.assoc("k2", "frozen");
  // `base`, `older` and `gone` are now diffs leading to `frozen`.
  frozen.freeze();
  const want = (m: PMap) => entries(m);
  const snapshots = new Map<PMap, [Value, Value][]>();
  for (const m of [frozen]) snapshots.set(m, want(m));
  expect(base.get("k0")).toBe(0);
  expect(older.get("k0")).toBe("older");
  expect(gone.has("k1")).toBe(false);
  expect(older.get("k1")).toBe(1);
  expect(frozen.get("k2")).toBe("frozen");
  expect(frozen.get("k0")).toBe("older");
  expect(frozen.has("k1")).toBe(false);
  expect(frozen.count).toBe(39);
  // Updates of each version leave the others alone.
  const fromBase = base.assoc("k2", "b");
  const fromFrozen = frozen.assoc("k3", "f");
  expect(fromBase.get("k2")).toBe("b");
  expect(fromFrozen.get("k3")).toBe("f");
  expect(frozen.get("k3")).toBe(3);
  expect(base.get("k2")).toBe(2);
  expect(gone.get("k2")).toBe(2);
  expect(entries(frozen)).toEqual(snapshots.get(frozen) as [Value, Value][]);
  expect(entries(base).length).toBe(40);
  expect(entries(gone).length).toBe(39);
  expect(entries(older).find(([k]) => k === "k0")?.[1]).toBe("older");
});
