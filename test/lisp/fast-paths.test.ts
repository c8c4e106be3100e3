/**
 * Builtins with a one-pass fast path, each compared with the generic composition it replaces:
 * `keep` (once `map` then a nil filter) and regex matches wrapped as vectors without a copy.
 * A wrong fast path gives a different answer, error or budget outcome here.
 */

import { describe, expect, test } from "bun:test";
import { evaluate } from "../../src/lisp/index.ts";
import { printValue } from "../../src/lisp/printer.ts";
import { mulberry32 } from "../support/prng.ts";

function show(program: string, limits = {}): string {
  const r = evaluate(program, { limits });
  return r.ok ? printValue(r.value) : `${r.error.code}: ${r.error.message}`;
}

const COLLS = [
  "[1 nil 2 false 3]",
  "nil",
  "[]",
  '{:a 1 :b nil "c" false}',
  '"ab c"',
  "#{1 2 nil}",
  "(range 100)",
  "[{:x 1} {:y 2} {:x nil} {:x false}]",
];
const FNS = [
  "identity",
  "#(when (number? %) (* % 2))",
  ":x",
  "(fn [x] (if (nil? x) false nil))",
  "{1 :one 2 nil}",
  "#{1 2}",
];

describe("keep", () => {
  test("equals (vec (remove nil? (map f coll))) for every fn and collection", () => {
    for (const c of COLLS) {
      for (const f of FNS) {
        const generic = show(`(let [r (vec (remove nil? (map ${f} ${c})))] r)`);
        expect(`${f} ${c} → ${show(`(keep ${f} ${c})`)}`).toBe(`${f} ${c} → ${generic}`);
      }
    }
  });

  test("errors name keep, as before", () => {
    expect(show("(keep inc [1 nil])")).toMatch(/^type_error: /);
    expect(show("(keep 5 [1])")).toMatch(/^not_callable: /);
    expect(show("(keep inc 5)")).toMatch(/^type_error: keep /);
  });

  test("keep is charged for the mapped vector as well as its result, as map + filter was", () => {
    // range 0.8 MB + the mapped vector 0.8 MB + the kept vector 0.8 MB: over 2 MB only with all three.
    const big = "(count (keep identity (range 100000)))";
    expect(show(big)).toBe("100000");
    expect(show(big, { memoryLimitBytes: 2_000_000 })).toMatch(/^memory_exceeded: /);
    expect(show("(count (range 100000))", { memoryLimitBytes: 2_000_000 })).toBe("100000");
  });
});

const PATTERNS = [
  "(a)(x)?(b)",
  "\\d+",
  "(\\w+)@(\\w+)?",
  "",
  "x*",
  "(?i)(K)",
  "[a-z]+",
  "^(\\S+) (\\d+)$",
  "(?<=a)b",
  "(é)|(z)",
];
const INPUTS = ["zab", "a1 22 333", "me@home @ x@", "", "KkK", "ab 12", "aé z b", "ñ😀x"];

describe("regex matches as vectors", () => {
  test("re-find answers what the first match of re-seq is, on both engines", () => {
    for (const p of PATTERNS) {
      for (const s of INPUTS) {
        const src = `#"${p}" ${JSON.stringify(s)}`;
        expect(`${src} → ${show(`(re-find ${src})`)}`).toBe(`${src} → ${show(`(first (re-seq ${src}))`)}`);
      }
    }
  });

  test("re-find / re-seq / re-matches give fresh vectors equal to their groups, nil for groups that did not take part", () => {
    expect(show('(re-find #"(a)(x)?(b)" "zab")')).toBe('["ab" "a" nil "b"]');
    expect(show('(re-seq #"(\\d)(\\w)?" "1a 2 3c")')).toBe('[["1a" "1" "a"] ["2" "2" nil] ["3c" "3" "c"]]');
    expect(show('(re-matches #"(\\w+)=(\\d+)" "k=12")')).toBe('["k=12" "k" "12"]');
    // A match vector is a value of its own: conj onto it leaves the next match untouched.
    expect(show('(let [[a b] (re-seq #"(\\d)" "12")] [(conj a :x) b])')).toBe('[["1" "1" :x] ["2" "2"]]');
    // Both engines agree (a pattern with lookbehind stays on re2js).
    expect(show('(re-find #"(?<=z)(a)(x)?" "za")')).toBe('["a" "a" nil]');
  });
});

describe("parse-long", () => {
  /** The reference: the whole string matches an optional sign and ASCII digits, within 64 bits. */
  function reference(s: string): string {
    if (!/^[+-]?\d+$/.test(s)) return "nil";
    const b = BigInt(s);
    return b > 9223372036854775807n || b < -9223372036854775808n ? "nil" : b.toString();
  }

  test("reads short strings digit by digit exactly as the full parse does", () => {
    const fixed = [
      "",
      "+",
      "-",
      "0",
      "-0",
      "+0",
      "007",
      "-12",
      "+12",
      "1 ",
      " 1",
      "1.0",
      "1e3",
      "0x10",
      "١٢",
      "１２",
      "12a",
      "--1",
      "+-1",
      "999999999999999",
      "-999999999999999",
      "9999999999999999",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "1\n",
      "\u0000",
    ];
    const rnd = mulberry32(99);
    const alphabet = "0123456789+- .e/:";
    const random = Array.from({ length: 400 }, () =>
      Array.from({ length: Math.floor(rnd() * 18) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(""),
    );
    for (const s of [...fixed, ...random]) {
      const got = show(`(parse-long ${JSON.stringify(s)})`);
      expect(`${JSON.stringify(s)} → ${got}`).toBe(`${JSON.stringify(s)} → ${reference(s)}`);
    }
    // The result is an integer, never a float or a negative zero.
    expect(show('[(int? (parse-long "-0")) (= 0 (parse-long "-0")) (* 1.0 (parse-long "-0"))]')).toBe(
      "[true true 0.0]",
    );
  });
});
