/**
 * Laws that must hold for any input, checked with fast-check by running PTC-Lisp programs built
 * from generated values. (Reading the printed text of any value back is checked in
 * printer.test.ts, "print then read".)
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { canonical, compareValues, Keyword, LFloat, PMap, PSet, type Value, Vec } from "../../src/lisp/values/index.ts";

/** Runs a program and returns its value; fails the property on an error. */
function value(program: string): Value {
  const r = evaluate(program, { limits: { timeoutMs: 5000 } });
  if (!r.ok) throw new Error(`${program}\n  => ${r.error.describe()}`);
  return r.value;
}

const lit = (v: Value): string => printValue(v);

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1000, max: 1000 }),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .map((d): Value => (Number.isInteger(d) ? new LFloat(d || 0) : d)),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/).map((n) => Keyword.of(n)),
);

/** A seqable value: vector, set, string, map with keyword keys, or nil. */
const seqable: fc.Arbitrary<Value> = fc.oneof(
  fc.array(scalar, { maxLength: 8 }).map((xs) => Vec.of(xs)),
  fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 8 }).map((xs) => PSet.from(xs)),
  fc.string({ maxLength: 8 }),
  fc
    .dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.integer(), { maxKeys: 4 })
    .map((o) => PMap.fromPairs(Object.entries(o).map(([k, v]) => [Keyword.of(k), v]))),
  fc.constant(null),
);

describe("properties", () => {
  test("(count (concat a b)) is (+ (count a) (count b))", () => {
    fc.assert(
      fc.property(seqable, seqable, (a, b) => {
        expect(value(`(= (count (concat ${lit(a)} ${lit(b)})) (+ (count ${lit(a)}) (count ${lit(b)})))`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("sort returns an ordered permutation of its input", () => {
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 12 }), (xs) => {
        const sorted = value(`(sort ${lit(Vec.of(xs))})`) as Vec;
        const out = sorted.toArray();
        for (let i = 1; i < out.length; i++)
          expect(compareValues(out[i - 1] as Value, out[i] as Value)).toBeLessThanOrEqual(0);
        expect(out.map(canonical).sort()).toEqual(xs.map(canonical).sort());
        expect(
          value(`(let [s (sort ${lit(Vec.of(xs))})] (every? (fn [[a b]] (<= (compare a b) 0)) (partition 2 1 s)))`),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("sort-by with a key and a reversing comparator orders by that key, descending", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -99, max: 99 }), { maxLength: 10 }), (ns) => {
        const items = Vec.of(ns.map((n) => PMap.fromPairs([[Keyword.of("n"), n]])));
        const out = (value(`(map :n (sort-by :n > ${lit(items)}))`) as Vec).toArray() as number[];
        expect(out).toEqual([...ns].sort((x, y) => y - x));
      }),
      { numRuns: 100 },
    );
  });

  /** Values JSON carries exactly: nil, booleans, integers (any size), finite floats, strings, vectors, string-keyed maps. */
  const { json } = fc.letrec<{ json: Value }>((tie) => ({
    json: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).filter((b) => b > 9007199254740991n || b < -9007199254740991n),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d): Value => (Number.isInteger(d) ? new LFloat(d) : d)),
      fc.string({ unit: "grapheme", maxLength: 8 }),
      fc.array(tie("json"), { maxLength: 4 }).map((xs) => Vec.of(xs)),
      fc
        .dictionary(fc.string({ maxLength: 5 }), tie("json"), { maxKeys: 4 })
        .map((o) => PMap.fromPairs(Object.entries(o))),
    ),
  }));

  test("json/parse-string reads back what json/generate-string wrote", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(value(`(let [v ${lit(v)}] (= v (json/parse-string (json/generate-string v))))`)).toBe(true);
        expect(
          value(`(let [t (json/generate-string ${lit(v)})] (= t (json/generate-string (json/parse-string t))))`),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("re-split then join gives the input back", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ",", "é", "😀", " "), maxLength: 12 }), (s) => {
        expect(value(`(= (clojure.string/join "," (re-split #"," ${lit(s)})) ${lit(s)})`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("a \\Q...\\E pattern finds its own text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }).filter((s) => !s.includes("\\E")),
        (s) => {
          expect(value(`(let [s ${lit(s)}] (= s (re-find (re-pattern (str "\\\\Q" s "\\\\E")) s)))`)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  test(".indexOf and index-of agree, with -1 for nil", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "é", "😀"), maxLength: 8 });
    fc.assert(
      fc.property(text, text, (s, sub) => {
        expect(value(`(let [s ${lit(s)} x ${lit(sub)}] (= (.indexOf s x) (or (index-of s x) -1)))`)).toBe(true);
        expect(value(`(let [s ${lit(s)} x ${lit(sub)}] (= (.lastIndexOf s x) (or (last-index-of s x) -1)))`)).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });

  test("a LocalDate survives plusDays then minusDays, and its text parses back to it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -800_000, max: 2_900_000 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        (day, n) => {
          const d = `(.plusDays (LocalDate/parse "1970-01-01") ${day})`;
          expect(value(`(let [d ${d}] (= d (.minusDays (.plusDays d ${n}) ${n})))`)).toBe(true);
          expect(value(`(let [d ${d}] (= (.toEpochDay d) ${day}))`)).toBe(true);
          if (day >= -719_528) expect(value(`(let [d ${d}] (= d (LocalDate/parse (str d))))`)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
