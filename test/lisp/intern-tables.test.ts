/**
 * Issue #10, item 3: the module-level intern tables (structural map-key tokens, keywords) hold
 * their entries weakly, so what one program interns dies with it and a worker does not grow from
 * run to run. Before the fix, 20 runs of the program below left 1.2 million key tokens behind.
 */

import { describe, expect, it } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { internedKeyCount, Keyword, kw, PMap, PSet, Vec } from "../../src/lisp/values/index.ts";

const LIMITS = { timeoutMs: 60_000, memoryLimitBytes: 0, loopLimit: 1000 };

/** Collects garbage and lets the finalizers that prune the tables run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await Bun.sleep(5);
    Bun.gc(true);
  }
  await Bun.sleep(5);
}

function run(program: string, off: number): string {
  const r = evaluate(program, { context: { off }, limits: LIMITS });
  if (!r.ok) throw new Error(r.error.describe());
  return printValue(r.value);
}

describe("intern tables", () => {
  it("do not keep the collection keys of finished programs", async () => {
    const program = "(count (set (map (fn [i] [data/off i]) (range 5000))))";
    await settle();
    const before = internedKeyCount();
    for (let off = 0; off < 20; off++) expect(run(program, off)).toBe("5000");
    await settle();
    // 100 000 distinct vectors were interned; only a few hundred stragglers may be left.
    expect(internedKeyCount() - before).toBeLessThan(1000);
  }, 120_000);

  it("do not keep keywords a program made from strings", async () => {
    const program = '(count (set (map (fn [i] (keyword (str "k" data/off "-" i))) (range 5000))))';
    await settle();
    const before = Keyword.internedCount();
    for (let off = 0; off < 10; off++) expect(run(program, off)).toBe("5000");
    await settle();
    expect(Keyword.internedCount() - before).toBeLessThan(1000);
  }, 120_000);

  it("keep a key's identity while a value holds it", async () => {
    const key = Vec.of([kw("a"), 1]);
    const set = PSet.empty().conj(key);
    const map = PMap.empty().assoc(Vec.of([kw("a"), 1]), "x");
    await settle();
    expect(set.has(Vec.of([kw("a"), 1]))).toBe(true);
    expect(map.get(Vec.of([kw("a"), 1]))).toBe("x");
    expect(kw("a")).toBe(Keyword.of("a"));
  });

  it("answer a program that uses a set literal as a constant the same way on every run", async () => {
    // The compiled program (and its constant set) outlives each run through the compile cache.
    const program = "(contains? #{[1 2] [3 4]} [data/off 2])";
    expect(run(program, 1)).toBe("true");
    await settle();
    expect(run(program, 1)).toBe("true");
    expect(run(program, 2)).toBe("false");
  });
});
