/**
 * Fidelity gaps closed in issue #9, where the reference interpreter or Clojure (which the spec
 * defaults to) gives the right answer: Java's `%.Nf` rounding and digits, Java `Double.toString`
 * float text, regex arguments, string functions on non-strings, LocalDate printing (spec §8.14),
 * sequential destructuring of a map, and bounded uses of a zero-step range (GAP-S45).
 */

import { describe, expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";

function result(program: string): string {
  const r = evaluate(program);
  return r.ok ? printValue(r.value) : `${r.error.code}: ${r.error.message}${r.error.hint ? ` | ${r.error.hint}` : ""}`;
}

function table(name: string, cases: [string, string][]): void {
  describe(name, () => {
    for (const [program, want] of cases) test(`${program} → ${want}`, () => expect(result(program)).toBe(want));
  });
}

table("format %.Nf rounds the shortest decimal form half-up, as Java does", [
  ['(format "%.1f" 0.15)', '"0.2"'],
  ['(format "%.2f" 0.015)', '"0.02"'],
  ['(format "%.2f" 1.005)', '"1.01"'],
  ['(format "%.0f" 0.5)', '"1"'],
  ['(format "%.0f" 2.5)', '"3"'],
  ['(format "%.1f" 0.95)', '"1.0"'],
  ['(format "%.2f" 9.999)', '"10.00"'],
  ['(format "%.2f" -1.235)', '"-1.24"'],
  ['(format "%.3f" 1e-10)', '"0.000"'],
  ['(format "%.2f" 0.005)', '"0.01"'],
  ['(format "%f" 3.14159265)', '"3.141593"'],
  ['(format "%.2f" 100)', '"100.00"'],
  ['(format "%,.2f" 1234567.891)', '"1,234,567.89"'],
  ['(format "%08.2f" -3.5)', '"-0003.50"'],
]);

table("format %.Nf of a large float prints every digit, never an exponent", [
  ['(format "%.2f" 6.02e23)', '"602000000000000000000000.00"'],
  ['(format "%.1f" 1.0e21)', '"1000000000000000000000.0"'],
  ['(format "%.0f" -1.5e22)', '"-15000000000000000000000"'],
]);

table("float text follows Java's Double.toString in str, pr-str and println", [
  ["(str 1.0e16)", '"1.0E16"'],
  ["(str 1.0e-7)", '"1.0E-7"'],
  ["(str 1234567.0)", '"1234567.0"'],
  ["(str 12345678.0)", '"1.2345678E7"'],
  ["(str 0.001)", '"0.001"'],
  ["(str 1.5e-4)", '"1.5E-4"'],
  ["(str -2.5e20)", '"-2.5E20"'],
  ["(pr-str [12345678.0 0.5])", '"[1.2345678E7 0.5]"'],
  ["(* 1.0 10000000)", "1.0E7"],
  ["(/ 1 3)", "0.3333333333333333"],
]);

test("println prints floats as str does", () => {
  const r = evaluate("(println 12345678.0 1.0e-7 2.0)");
  expect(r.prints).toEqual(["1.2345678E7 1.0E-7 2.0"]);
});

table('a plain string where a regex is expected is a type_error pointing at re-pattern / #""', [
  [
    '(re-find "a+" "aaa")',
    'type_error: re-find expected a regex, got string: "a+" | write a regex literal #"..." or (re-pattern s): (re-find #"a+" s)',
  ],
  [
    '(re-seq "a" "aa")',
    'type_error: re-seq expected a regex, got string: "a" | write a regex literal #"..." or (re-pattern s): (re-seq #"a" s)',
  ],
  [
    '(re-matches "x" "x")',
    'type_error: re-matches expected a regex, got string: "x" | write a regex literal #"..." or (re-pattern s): (re-matches #"x" s)',
  ],
  ['(re-find (re-pattern "a+") "baa")', '"aa"'],
  ['(extract "ID:(\\\\d+)" "ID:42")', '"42"'],
]);

table("string functions declared on CharSequence reject non-strings with a type_error", [
  ["(clojure.string/trim 5)", "type_error: trim expected a string, got integer: 5"],
  ["(clojure.string/triml 5)", "type_error: triml expected a string, got integer: 5"],
  ["(clojure.string/trimr :a)", "type_error: trimr expected a string, got keyword: :a"],
  ["(clojure.string/trim-newline 5)", "type_error: trim-newline expected a string, got integer: 5"],
  ["(clojure.string/blank? 5)", "type_error: blank? expected a string, got integer: 5"],
  ['(clojure.string/split 12 #"1")', "type_error: split expected a string, got integer: 12"],
  ["(clojure.string/split-lines 5)", "type_error: split-lines expected a string, got integer: 5"],
  ["(subs 12345 1)", "type_error: subs expected a string, got integer: 12345"],
  ["(clojure.string/trim [1])", "type_error: trim expected a string, got vector"],
  // GAP-S139: the helpers Clojure applies to (.toString s) keep stringifying numbers.
  ["(clojure.string/upper-case 12)", '"12"'],
  ['(clojure.string/includes? 123 "2")', "true"],
  ["(clojure.string/blank? nil)", "true"],
]);

table("a LocalDate prints as its ISO string (spec §8.14)", [
  ['(pr-str (java.time.LocalDate/parse "2024-03-05"))', '"\\"2024-03-05\\""'],
  ['(str (java.time.LocalDate/parse "2024-03-05"))', '"2024-03-05"'],
  ['(java.time.LocalDate/parse "2024-03-05")', '"2024-03-05"'],
]);

table("sequential destructuring of a map is a destructure_error (DIV-29)", [
  [
    "(let [[a b] {:x 1}] a)",
    "destructure_error: cannot destructure map as a sequence | maps have no order: destructure with {:keys [a b]}, or use [[k v]] over (seq m)",
  ],
  [
    "(let [[a & more] {:x 1 :y 2}] more)",
    "destructure_error: cannot destructure map as a sequence | maps have no order: destructure with {:keys [a b]}, or use [[k v]] over (seq m)",
  ],
  [
    "((fn [[a]] a) {:x 1})",
    "destructure_error: cannot destructure map as a sequence | maps have no order: destructure with {:keys [a b]}, or use [[k v]] over (seq m)",
  ],
  ["(let [[[k v]] (seq {:x 1})] [k v])", "[:x 1]"],
  ["(for [[k v] {:a 1}] [k v])", "[[:a 1]]"],
  ['(let [[a b] "hi"] [a b])', '["h" "i"]'],
]);

table("a zero-step range repeats its start under a bounded consumer (spec §8.1, GAP-S45)", [
  ["(take 3 (range 1 5 0))", "[1 1 1]"],
  ["(->> (range 1 5 0) (take 2))", "[1 1]"],
  ["(first (range 7 9 0))", "7"],
  ["(second (range 7 9 0))", "7"],
  ["(nth (range 7 9 0) 100)", "7"],
  ["(nth (range 7 9 0) -1 :none)", ":none"],
  ["(take 2 (range 1.5 5 0))", "[1.5 1.5]"],
  ["(let [s 0] (take 4 (range 1 5 s)))", "[1 1 1 1]"],
  ["(take 3 (range 1 1 0))", "[]"],
  ["(take 3 (range 1 10 2))", "[1 3 5]"],
  ["(nth (range 0 10 2) 3)", "6"],
  [
    "(range 1 5 0)",
    "runtime_error: range with step 0 never ends | ranges must be finite: pass an end, e.g. (range 10) or (range 0 100 5)",
  ],
  ["(let [range (fn [a b c] [a])] (take 3 (range 1 5 0)))", "[1]"],
]);
