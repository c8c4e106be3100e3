/**
 * Regression tests for issue #9: a collection value never changes once a program can see it.
 * Each reproduction runs twice in ONE worker of the real worker pool (compiled programs are
 * cached with their constants, so a constant modified by the first run would change the second
 * answer), and twice in-process.
 */

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { freezeConstant, PMap, PSet, type Value, Vec } from "../../src/lisp/values/index.ts";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 5000, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 };

/** [program, the one right answer] */
const CASES: [string, string][] = [
  ["(let [v [0 1 2]] (for [x v] (conj v x)))", "[[0 1 2 0] [0 1 2 1] [0 1 2 2]]"],
  ["(let [v (vec (range 3))] (reduce (fn [acc x] (conj v 99) (conj acc x)) [] v))", "[0 1 2]"],
  ["(let [v (vec (range 5))] (count (for [x v] (conj v x))))", "5"],
  ["(let [v [0 1 2]] (count (for [x v] (conj v x))))", "3"],
  ["(let [v (conj [0 1] 2)] (for [x v] (conj v x)))", "[[0 1 2 0] [0 1 2 1] [0 1 2 2]]"],
  ["(let [v (conj [0 1] 2)] (mapv (fn [x] (count (conj v x))) v))", "[4 4 4]"],
  ["(let [v (conj [0 1] 2)] (doseq [x v] (conj v x)) v)", "[0 1 2]"],
  ["(let [v (rest [9 0 1 2])] (for [x v] (conj v x)))", "[[0 1 2 0] [0 1 2 1] [0 1 2 2]]"],
  ["(let [v (subvec (conj [9 0 1] 2) 1)] (reduce (fn [n x] (conj v x) (inc n)) 0 v))", "3"],
  ["(let [v (conj [0] 1)] (into v (for [x v] (count (conj v x)))))", "[0 1 3 3]"],
  ["(conj [] (count []))", "[0]"],
  ["[(conj [] 1) (conj [] 2) []]", "[[1] [2] []]"],
  ["(let [m {:a 1 :b 2}] (count (for [[k v] m] (assoc m (str k) v))))", "2"],
  ["(let [m {:a 1}] [(assoc m :b 2) m (dissoc m :a) m])", "[{:a 1 :b 2} {:a 1} {} {:a 1}]"],
  ["(let [s #{1 2}] (count (for [x s] (conj s (+ 10 x)))))", "2"],
  ["(let [s #{1 2}] [(conj s 3) s (disj s 1) s])", "[#{1 2 3} #{1 2} #{2} #{1 2}]"],
  ["(def base {:n 0}) (reduce (fn [m i] (update m :n + i)) base (range 5))", "{:n 10}"],
  ["(let [v [[1] [2]]] (mapv (fn [x] (conj x 0)) v))", "[[1 0] [2 0]]"],
];

describe("collections never alias, through one worker of the pool", () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = createWorkerPool({ size: 1, hardStopGraceMs: 300 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  for (const [program, want] of CASES) {
    test(`${program} is ${want} on both runs`, async () => {
      const first = await pool.run({ program, limits });
      const second = await pool.run({ program, limits });
      expect(first).toMatchObject({ ok: true, text: want });
      expect(second).toMatchObject({ ok: true, text: want });
      expect(pool.stats().spawned).toBe(1);
    });
  }
});

describe("collections never alias, in-process", () => {
  for (const [program, want] of CASES) {
    test(`${program} twice`, () => {
      for (let i = 0; i < 2; i++) {
        const r = evaluate(program);
        expect(r.ok ? printValue(r.value) : r.error.describe()).toBe(want);
      }
    });
  }

  test("the shared empty vector stays empty and never takes an element", () => {
    for (let i = 0; i < 3; i++) expect(evaluate(`(conj [] ${i})`)).toMatchObject({ ok: true });
    expect(Vec.EMPTY.count).toBe(0);
    expect(Vec.EMPTY.toArray()).toEqual([]);
    expect(Object.isFrozen(Vec.EMPTY.toArray())).toBe(true);
    expect(Vec.EMPTY.conj(1).conj(2).copyArray()).toEqual([1, 2]);
    expect(Vec.EMPTY.conj(3).copyArray()).toEqual([3]);
  });

  test("an array handed to a reader never grows, whoever conj-es afterwards", () => {
    const v = Vec.EMPTY.conj(0).conj(1).conj(2);
    const seen = v.toArray();
    const w = v.conj(3);
    const u = v.conj(4);
    expect(seen).toEqual([0, 1, 2]);
    expect([...w]).toEqual([0, 1, 2, 3]);
    expect([...u]).toEqual([0, 1, 2, 4]);
    const wrapped = Vec.of(seen as Value[]).conj(5);
    expect(seen).toEqual([0, 1, 2]);
    expect([...wrapped]).toEqual([0, 1, 2, 5]);
  });

  test("a frozen (constant-pool) map or set is never re-rooted or written by later updates", () => {
    const m = freezeConstant(PMap.empty().assoc("a", 1).assoc("b", 2)) as PMap;
    const before = m.entries();
    const big = Vec.of(new Array<Value>(1000).fill(7));
    let d = m;
    for (let i = 0; i < 50; i++) d = d.assoc(i, big).dissoc("a");
    // Touch both versions alternately: a re-rooted frozen map would now hold the big value.
    expect(m.get(0)).toBeUndefined();
    expect(d.get(0)).toBe(big);
    expect(m.entries()).toEqual(before);
    // White-box: the frozen root still owns a table with exactly its own two entries.
    expect((m as unknown as { m: Map<unknown, Value> }).m.size).toBe(2);
    const s = freezeConstant(PSet.from([1, 2])) as PSet;
    const t = s.conj(3).disj(1);
    expect(s.toArray().sort()).toEqual([1, 2]);
    expect(t.toArray().sort()).toEqual([2, 3]);
    expect((s as unknown as { map: { m: Map<unknown, Value> } }).map.m.size).toBe(2);
  });

  test("constants nested in a constant are frozen too", () => {
    const inner = PMap.empty().assoc("k", 1);
    const outer = freezeConstant(Vec.of([inner, PSet.from([inner])]));
    expect(outer).toBeInstanceOf(Vec);
    inner.assoc("k", 2);
    expect((inner as unknown as { m: Map<unknown, Value> | null }).m?.get("k")).toBe(1);
  });
});
