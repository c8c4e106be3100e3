/**
 * The hash table behind big persistent maps (src/lisp/pmap-hash.ts, decision 0030) behaves as the
 * JS `Map` it replaced: random put/set/delete/get/has/size/iteration/copy sequences over a key
 * universe where SameValueZero matters (-0 and 0, NaN, "1" and 1, "__proto__", bigints, objects)
 * agree with a `Map` model at every step, across index rebuilds and entry compaction; and maps of
 * thousands of entries built and taken apart through `assoc`/`dissoc` keep every version intact.
 */

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { HashTable } from "../../src/lisp/pmap-hash.ts";
import { Keyword, PMap, type Value } from "../../src/lisp/values/index.ts";

const OBJ = { token: 1 };
const UNIVERSE: unknown[] = [
  "",
  "a",
  "1",
  "__proto__",
  "constructor",
  "é",
  "e\u0301",
  "😀",
  0,
  -0,
  1,
  -1,
  1.5,
  Number.NaN,
  -Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 31,
  -(2 ** 31),
  2 ** 53,
  9007199254740993n,
  1n,
  true,
  false,
  null,
  Keyword.of("a"),
  OBJ,
];

/** A key: one of the universe, or one of many generated strings and integers (to grow the table). */
const key = fc.oneof(
  fc.constantFrom(...UNIVERSE),
  fc.nat({ max: 3000 }).map((i) => `k${i}`),
  fc.integer({ min: -3000, max: 3000 }),
);

type Op = { t: "put" | "set" | "del" | "get"; k: unknown; v: number };
const op: fc.Arbitrary<Op> = fc.record({
  t: fc.constantFrom("put", "put", "set", "del", "del", "get") as fc.Arbitrary<Op["t"]>,
  k: key,
  v: fc.integer(),
});

function sameEntries(t: HashTable<number>, m: Map<unknown, number>): void {
  const seen = new Map<unknown, number>();
  t.forEach((v, s) => {
    expect(seen.has(s)).toBe(false);
    seen.set(s, v);
  });
  expect(seen.size).toBe(m.size);
  for (const [k, v] of m) expect(seen.get(k)).toBe(v);
  const slots = t.slots();
  expect(slots.length).toBe(m.size);
  for (const s of slots) expect(m.has(s)).toBe(true);
}

describe("HashTable against a JS Map model", () => {
  test("random operation sequences agree at every step, across rebuilds and compaction", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1000, maxLength: 3000 }), (ops) => {
        const t = new HashTable<number>();
        const m = new Map<unknown, number>();
        for (const { t: kind, k, v } of ops) {
          if (kind === "put") {
            expect(t.put(k, v)).toBe(m.get(k) as number);
            m.set(k, v);
          } else if (kind === "set") {
            t.set(k, v);
            m.set(k, v);
          } else if (kind === "del") expect(t.delete(k)).toBe(m.delete(k));
          else {
            expect(t.get(k)).toBe(m.get(k) as number);
            expect(t.has(k)).toBe(m.has(k));
          }
          expect(t.size).toBe(m.size);
        }
        sameEntries(t, m);
        const c = t.copy();
        sameEntries(c, m);
        // The copy shares nothing writable.
        c.set("k0", -1);
        c.delete("k1");
        sameEntries(t, m);
      }),
      { numRuns: 20, seed: 30 },
    );
  });

  test("filling, emptying and refilling a large table", () => {
    const t = new HashTable<number>();
    const m = new Map<unknown, number>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) {
        t.set(`k${i}`, i + round);
        m.set(`k${i}`, i + round);
        t.set(i * 0.5, i);
        m.set(i * 0.5, i);
      }
      for (let i = 0; i < 5000; i += round + 1) {
        expect(t.delete(`k${i}`)).toBe(m.delete(`k${i}`));
        expect(t.delete(i * 0.5)).toBe(m.delete(i * 0.5));
      }
      expect(t.size).toBe(m.size);
      sameEntries(t, m);
    }
  });
});

describe("big persistent maps keep every version", () => {
  test("each version of a 3000-entry assoc/dissoc chain still reads its own entries", () => {
    const versions: PMap[] = [PMap.empty()];
    const models: Map<Value, Value>[] = [new Map()];
    for (let i = 0; i < 3000; i++) {
      const last = versions[versions.length - 1] as PMap;
      const model = new Map(models[models.length - 1]);
      const k: Value = i % 3 === 0 ? i : `k${i % 1700}`;
      if (i % 7 === 6) {
        versions.push(last.dissoc(`k${(i * 13) % 1700}`));
        model.delete(`k${(i * 13) % 1700}`);
      } else {
        versions.push(last.assoc(k, i));
        model.set(k, i);
      }
      models.push(model);
    }
    // Oldest first, then newest, then every 97th: each read reroots the shared table.
    for (const i of [0, 3000, 17, 2999, ...Array.from({ length: 31 }, (_, j) => j * 97)]) {
      const v = versions[i] as PMap;
      const model = models[i] as Map<Value, Value>;
      expect(v.count).toBe(model.size);
      for (const [k, x] of model) expect(v.get(k)).toBe(x);
      expect(v.entries().length).toBe(model.size);
    }
  });

  test("a program building a 20k-key map through reduce and assoc", () => {
    const r = evaluate(
      `(let [m (reduce (fn [acc i] (assoc acc (str "k" i) (* i i))) {} (range 20000))
             m2 (reduce (fn [acc i] (dissoc acc (str "k" i))) m (range 0 20000 2))]
         [(count m) (get m "k19999") (count m2) (get m2 "k2") (get m2 "k3") (get m "k2")])`,
      {},
    );
    if (!r.ok) throw new Error(r.error.describe());
    expect(printValue(r.value)).toBe(`[20000 ${19999 * 19999} 10000 nil 9 4]`);
  });
});
