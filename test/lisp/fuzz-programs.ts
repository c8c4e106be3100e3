/**
 * Program generators for the fuzzer (fuzz.test.ts): random forms built from the real builtin
 * names and special forms, random text, and mutations of a seed corpus of ordinary programs.
 * Numbers stay small so most generated programs end quickly; the hostile ones (huge widths,
 * nested keys, shared structure) are in the corpus on purpose.
 */

import fc from "fast-check";
import { builtinTable } from "../../src/lisp/builtins/index.ts";

/** Builtin names as a program writes them. */
const BUILTINS = [...builtinTable().keys()].filter((n) => !n.includes("tool/"));

const SPECIAL = ["let", "if", "fn", "do", "when", "cond", "loop", "recur", "and", "or", "->", "->>", "def", "defn"];

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -3, max: 40 }).map(String),
  fc.constantFrom("0.5", "-1.5", "1e300", "##NaN", "##Inf", "1N", "9007199254740993", "2.0", "1/2"),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(":a", ":b", ":k/x", "nil", "true", "false", "%", "%1", "data/xs", "data/m", '#"a+"', "\\a"),
  fc.constantFrom(...BUILTINS),
  fc.constantFrom("x", "y", "acc", "f"),
);

/** A random form, nested up to a few levels, mostly calls of real builtins. */
export const form: fc.Arbitrary<string> = fc.letrec<{ form: string }>((tie) => ({
  form: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc
      .tuple(fc.constantFrom(...BUILTINS), fc.array(tie("form"), { maxLength: 4 }))
      .map(([f, args]) => `(${[f, ...args].join(" ")})`),
    fc.array(tie("form"), { maxLength: 4 }).map((xs) => `[${xs.join(" ")}]`),
    fc
      .array(fc.tuple(atom, tie("form")), { maxLength: 3 })
      .map((kv) => `{${kv.map(([k, v]) => `${k} ${v}`).join(" ")}}`),
    fc.array(tie("form"), { maxLength: 3 }).map((xs) => `#{${xs.join(" ")}}`),
    fc
      .tuple(fc.constantFrom(...SPECIAL), fc.array(tie("form"), { maxLength: 3 }))
      .map(([s, args]) => `(${s} ${args.join(" ")})`),
    fc.tuple(tie("form"), tie("form")).map(([v, body]) => `(let [x ${v}] ${body})`),
    fc.tuple(tie("form"), tie("form")).map(([body, coll]) => `(map (fn [x] ${body}) ${coll})`),
    tie("form").map((body) => `#(${body})`),
  ),
})).form;

/** Ordinary and hostile programs whose mutations explore the edges of real syntax. */
export const CORPUS: readonly string[] = [
  "(->> data/xs (filter odd?) (map inc) (reduce + 0))",
  '(let [{:keys [a b] :or {b 2}} {:a 1}] (str a "-" b))',
  "(loop [i 0 acc []] (if (< i 5) (recur (inc i) (conj acc (* i i))) acc))",
  "(defn f [x & more] (apply + x more)) (f 1 2 3)",
  "(reduce (fn [m [k v]] (assoc m k v)) {} (map vector (range 5) (range 5)))",
  '(clojure.string/join ", " (map name [:a :b :c]))',
  '(format "%5d|%-6s|%.2f|%,d" 42 "ab" 3.14159 1234567)',
  '(re-seq #"\\d+" "a1b22c333")',
  '(clojure.string/replace "hello world" #"o" "0")',
  "(group-by even? (range 10))",
  "(sort-by :n [{:n 3} {:n 1} {:n 2}])",
  "(frequencies [1 1 2 3 3 3])",
  '(json/generate-string {"a" [1 2 {"b" nil}]})',
  '(json/parse-string "{\\"a\\": [1, 2.5, true]}")',
  "(count (set (map (fn [i] [i i]) (range 100))))",
  "(into #{} (for [a (range 4) b (range 4) :when (< a b)] [a b]))",
  "(get-in {:a {:b [10 20]}} [:a :b 1])",
  "(update {:a 1} :a + 10)",
  "(merge-with + {:a 1} {:a 2 :b 3})",
  "(take 5 (iterate inc 0))",
  "(partition 2 1 (range 6))",
  "(cond (> 1 2) :a (< 1 2) :b :else :c)",
  "(case 2 1 :one 2 :two :other)",
  "(try (/ 1 0) (catch Exception e (ex-message e)))",
  "(str (reduce (fn [acc _] [acc acc]) 1 (range 40)))",
  "(count (reduce hash-set 0 (range 2000)))",
  '(format "%0999999999d" 1)',
  "(range ##NaN)",
  '(apropos "x" {:__proto__ 1})',
  "(tree-seq vector? seq [1 [2 [3]]])",
  "(clojure.walk/postwalk (fn [x] (if (number? x) (inc x) x)) {:a [1 2]})",
  '(subs "hello" 1 3)',
  "(mapcat (fn [x] [x x]) [1 2])",
  "(distinct [1 2 1 3])",
  "(compare [1 2] [1 3])",
  "(= #{[1 2]} #{[1 2]})",
];

/** One mutation of a corpus program: delete, duplicate, insert or replace a slice. */
export const mutated: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...CORPUS),
    fc.array(
      fc.tuple(
        fc.constantFrom("delete", "duplicate", "insert", "replace"),
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        fc.oneof(
          fc.constantFrom("(", ")", "[", "]", "{", "}", "#", "\\", '"', "^", "~", "@", "'", "`", ":", "/", " ", "%"),
          atom,
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([seed, edits]) => {
    let s = seed;
    for (const [op, at, len, text] of edits) {
      const i = at % (s.length + 1);
      if (op === "delete") s = s.slice(0, i) + s.slice(i + len);
      else if (op === "duplicate") s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else if (op === "insert") s = s.slice(0, i) + text + s.slice(i);
      else s = s.slice(0, i) + text + s.slice(i + len);
    }
    return s;
  });

/** Anything: random text (reader fuzzing), generated forms, mutated programs. */
export const program: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 40, unit: fc.constantFrom(..."()[]{}#\"\\:;'`~@^%&.,/ 0123456789abenx-+") }),
  },
  { weight: 4, arbitrary: fc.array(form, { minLength: 1, maxLength: 3 }).map((fs) => fs.join(" ")) },
  { weight: 4, arbitrary: mutated },
);
