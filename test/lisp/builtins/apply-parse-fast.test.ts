/**
 * Two fast paths give exactly what the general code gives. `(apply str xs)` hands the spread to
 * `str`'s array form (registry.ts `fnArray`) instead of spreading it into a call: same text, same
 * memory charges (a spread over 50k is still folded in chunks of 50k through the accumulator, as
 * the spreading path does), and the vector spread is left unchanged. A join of many pieces joins
 * the collection itself while every piece is a string, charged as the piece-array path charges.
 * `parse-double` reads plain
 * decimals (`[+-]?\d+(\.\d*)?`, at most 15 digits) without its regex: the same double as
 * `Number`, the same nil for everything else.
 */

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseDouble } from "../../../src/lisp/builtins/parse.ts";
import { evaluate, fromJson, type PMap, printValue, type Value } from "../../../src/lisp/index.ts";
import { LFloat } from "../../../src/lisp/values/index.ts";
import { meterBytes, threshold, value } from "./meter.ts";

describe("(apply str xs) through the array form", () => {
  test("the text, with and without leading arguments, and the spread vector unchanged", () => {
    const ctx = fromJson({ xs: Array.from({ length: 120_000 }, (_, i) => (i % 5 === 0 ? i : `é${i}`)) }) as PMap;
    const xs = Array.from({ length: 120_000 }, (_, i) => (i % 5 === 0 ? `${i}` : `é${i}`));
    expect(value("(apply str data/xs)", ctx)).toBe(xs.join(""));
    expect(value('(apply str "a" :b nil data/xs)', ctx)).toBe(`a:b${xs.join("")}`);
    expect(value('(let [v (vec (map str (range 20)))] [(apply str v) (apply str "-" v) v])', ctx)).toEqual(
      value('(let [v (vec (map str (range 20)))] [(reduce str "" v) (reduce str "-" v) v])', ctx),
    );
    const v = value("(let [v (mapv inc (range 5))] (apply str v) (conj v 9))");
    expect(printValue(v)).toBe("[1 2 3 4 5 9]");
  });

  test("memory charges: one join up to 50k pieces, chunks of 50k folded through the accumulator beyond", () => {
    for (const n of [40, 3000, 50_000, 50_001, 120_000]) {
      const xs = Array.from({ length: n }, (_, i) => `p${i % 1000}`);
      const ctx = fromJson({ xs }) as PMap;
      const lengths = xs.map((x) => x.length);
      let want = meterBytes(lengths.slice(0, 50_000));
      let acc = lengths.slice(0, 50_000).reduce((a, b) => a + b, 0);
      for (let i = 50_000; i < n; i += 50_000) {
        const chunk = lengths.slice(i, i + 50_000);
        want += meterBytes([acc, ...chunk]);
        acc += chunk.reduce((a, b) => a + b, 0);
      }
      expect([n, threshold("(apply str data/xs)", ctx)]).toEqual([n, Math.max(1, want)]);
    }
  });

  test("memory charges with leading arguments and pieces that are not strings, past 50k", () => {
    // The fold's first call takes the leading arguments and 50k pieces; each next call starts a
    // fresh meter on the text so far (joinFolded builds only the final text).
    for (const n of [50_000, 50_001, 100_000, 120_000]) {
      const xs = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? i : `q${i % 100}`));
      const ctx = fromJson({ xs }) as PMap;
      const lengths = xs.map((x) => `${x}`.length);
      const head = [1, 2]; // "x" and :y
      let want = meterBytes([...head, ...lengths.slice(0, 50_000)]);
      let acc = 3 + lengths.slice(0, 50_000).reduce((a, b) => a + b, 0);
      for (let i = 50_000; i < n; i += 50_000) {
        const chunk = lengths.slice(i, i + 50_000);
        want += meterBytes([acc, ...chunk]);
        acc += chunk.reduce((a, b) => a + b, 0);
      }
      expect([n, threshold('(apply str "x" :y data/xs)', ctx)]).toEqual([n, Math.max(1, want)]);
      expect(value('(apply str "x" :y data/xs)', ctx)).toBe(`x:y${xs.join("")}`);
    }
  });

  test("a closure named str is called, not joined", () => {
    // Past 50k its calls are folded by name as for the builtin (the result of the first call is
    // the first argument of the second): (count [first-result & 10000 more]).
    expect(value("(defn str [& xs] (count xs)) (apply str (range 60000))")).toBe(10_001);
    expect(value("(let [f (fn str [& xs] (count xs))] (apply f (range 60000)))")).toBe(10_001);
  });

  test("a runaway apply str still fails with memory_exceeded", () => {
    const r = evaluate('(count (apply str (repeat 300000 "abcdefghij")))', {
      limits: { memoryLimitBytes: 1024 * 1024 },
    });
    expect(r.ok ? "ok" : r.error.code).toBe("memory_exceeded");
  });
});

describe("joins of many pieces: strings joined in place, a non-string switching to the piece array", () => {
  test("text and charges when the first non-string comes before, at and after the first meter chunk", () => {
    for (const at of [0, 5, 1500, 1637, 1638, 4000, 6999]) {
      const xs: unknown[] = Array.from({ length: 7000 }, (_, i) => `w${"x".repeat(i % 17)}`);
      xs[at] = 12345;
      xs[(at + 3) % 7000] = null;
      const ctx = fromJson({ xs }) as PMap;
      const texts = xs.map((x) => (x === null ? "" : `${x}`));
      expect(value("(apply str data/xs)", ctx)).toBe(texts.join(""));
      expect(value('(clojure.string/join ", " data/xs)', ctx)).toBe(texts.join(", "));
      const lengths = texts.map((t) => t.length);
      expect([at, threshold("(apply str data/xs)", ctx)]).toEqual([at, meterBytes(lengths)]);
      const withSep = lengths.map((l, i) => (i === 0 ? l : l + 2));
      expect([at, threshold('(clojure.string/join ", " data/xs)', ctx)]).toEqual([at, meterBytes(withSep)]);
    }
  });
});

const DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)$/;

/** The general `parse-double`: the pattern, then `Number` without a d/f suffix. */
function parseDoubleOracle(s: string): number | null {
  if (!DOUBLE.test(s)) return null;
  const last = s.charCodeAt(s.length - 1) | 0x20;
  return Number(last === 0x64 || last === 0x66 ? s.slice(0, -1) : s);
}

function asNumber(v: Value): number | null {
  if (v === null) return null;
  return v instanceof LFloat ? v.v : (v as number);
}

describe("parse-double of plain decimals", () => {
  test("edge cases", () => {
    const cases = [
      "0",
      "-0",
      "+0",
      "-0.0",
      "0.",
      "12.",
      ".5",
      "-.5",
      "1..2",
      ".",
      "-",
      "+",
      "",
      "--1",
      "1-",
      "1e5",
      "1.5d",
      "2f",
      " 1",
      "1 ",
      "007.50",
      "123456789012345",
      "1234567890123456",
      "12345678901234.5",
      "1234567890123.45",
      "0.000000000000001",
      "0.0000000000000001",
      "9007199254740993",
      "99999999999999.9",
      // 16-17 digits with a point: past the fast path, where reading digit by digit would round twice.
      "7348936.0697526014",
      "127492680.43116555",
      "268856444669289.05",
      "92839737453061694",
      "٣",
    ];
    for (const s of cases) {
      const got = asNumber(parseDouble(s));
      const want = parseDoubleOracle(s);
      expect([s, Object.is(got, want) ? "same" : got]).toEqual([s, "same"]);
    }
    expect(parseDouble("3") instanceof LFloat).toBe(true);
    expect(parseDouble("-0.00") instanceof LFloat).toBe(true);
  });

  test("random digit strings agree with the pattern and Number", () => {
    const ch = fc.constantFrom(..."0123456789012345678901234567890123456789.-+e");
    fc.assert(
      fc.property(fc.array(ch, { minLength: 1, maxLength: 18 }), (cs) => {
        const s = cs.join("");
        const got = asNumber(parseDouble(s));
        expect([s, Object.is(got, parseDoubleOracle(s)) ? "same" : got]).toEqual([s, "same"]);
      }),
      { numRuns: 20_000, seed: 30 },
    );
  });
});
