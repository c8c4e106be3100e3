/**
 * Spec §5.17 `for` (eager vector comprehension: several bindings as a cartesian product,
 * destructuring, `:let` `:when` `:while`) and §5.21 `doseq` (same bindings, runs for side effects,
 * always returns nil). `println` output is captured in `prints` (§8.13).
 */
import { describe, expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { cases } from "./helpers.ts";

/** Runs `program` and returns its printed value (or the error text) together with its prints. */
function runWithPrints(program: string): { out: string; prints: string[] } {
  const r = evaluate(program);
  return { out: r.ok ? printValue(r.value) : r.error.describe(), prints: r.prints };
}

describe("spec §5.17 for", () => {
  cases("bindings", [
    ["(for [x [1 2 3]] (* x 3))", "[3 6 9]"],
    ["(for [x []] x)", "[]"],
    ["(for [x nil] x)", "[]"],
    ["(vector? (for [x [1]] x))", "true"],
    ['(for [n [1 2] s ["a" "b"]] [n s])', '[[1 "a"] [1 "b"] [2 "a"] [2 "b"]]'],
    ["(for [a [0 1] b [0 1] c [7]] (+ a b c))", "[7 8 8 9]"],
    ["(for [x [1 2 3] y (range x)] [x y])", "[[1 0] [2 0] [2 1] [3 0] [3 1] [3 2]]"],
    ['(for [c "ab"] (str c c))', '["aa" "bb"]'],
    ["(set (for [x #{1 2}] (* x 10)))", "#{10 20}"],
    ["(for [x (range 1 4)] (for [y (range x)] y))", "[[0] [0 1] [0 1 2]]"],
  ]);

  cases("destructuring", [
    ['(for [[k v] {:b 2 :a 1}] (str k "=" v))', '[":a=1" ":b=2"]'],
    ["(for [[a b] [[1 2] [3 4]]] (* a b))", "[2 12]"],
    ["(for [{:keys [id qty]} [{:id 1 :qty 5} {:id 2 :qty 0}]] [id qty])", "[[1 5] [2 0]]"],
  ]);

  cases("modifiers", [
    ["(for [x (range 10) :when (odd? x)] x)", "[1 3 5 7 9]"],
    ["(for [x [1 2 3] :let [sq (* x x)]] sq)", "[1 4 9]"],
    ["(for [x [1 2 3 4 5 6] :while (< x 4)] x)", "[1 2 3]"],
    ["(for [x [1 5 2 6] :while (< x 4)] x)", "[1]"],
    ["(for [x [1 2 3 4] :when (even? x) :let [y (* x 100)]] y)", "[200 400]"],
    ["(for [x [1 2 3] :let [d (* 2 x)] :when (> d 3)] d)", "[4 6]"],
    ["(for [x (range 20) :when (even? x) :when (> x 12)] x)", "[14 16 18]"],
    ["(for [x [1 2] y [10 20 30] :while (< y 25)] [x y])", "[[1 10] [1 20] [2 10] [2 20]]"],
    ["(for [x [1 2 3] :when (not= x 2) y [:a :b]] [x y])", "[[1 :a] [1 :b] [3 :a] [3 :b]]"],
    ["(for [p [[1 2] [3 4]] :let [[a b] p]] (+ a b))", "[3 7]"],
    ["(for [x [1 2 3] :let [y (inc x) z (* y 2)]] z)", "[4 6 8]"],
  ]);

  test("for with several body forms collects the last and runs the others", () => {
    expect(runWithPrints("(for [x [1 2 3]] (println x) (* x 10))")).toEqual({
      out: "[10 20 30]",
      prints: ["1", "2", "3"],
    });
  });
});

describe("spec §5.21 doseq", () => {
  cases("doseq returns nil", [
    ["(doseq [x [1 2 3]] x)", "nil"],
    ["(doseq [x []] (+ 1 nil))", "nil"],
    ["(doseq [x [1] y [2]] (+ x y))", "nil"],
  ]);

  test("doseq runs its body once per element, in order", () => {
    expect(runWithPrints("(doseq [x [3 1 2]] (println x))")).toEqual({ out: "nil", prints: ["3", "1", "2"] });
  });

  test("doseq with several bindings iterates the cartesian product", () => {
    expect(runWithPrints('(doseq [n [1 2] s ["a" "b"]] (println n s))')).toEqual({
      out: "nil",
      prints: ["1 a", "1 b", "2 a", "2 b"],
    });
  });

  test("doseq destructures its bindings", () => {
    expect(runWithPrints("(doseq [[a b] [[1 2] [3 4]]] (println (+ a b)))")).toEqual({
      out: "nil",
      prints: ["3", "7"],
    });
    expect(runWithPrints("(doseq [[k v] {:y 2 :x 1}] (println k v))")).toEqual({
      out: "nil",
      prints: [":x 1", ":y 2"],
    });
  });

  test("doseq supports :when, :let and :while", () => {
    expect(runWithPrints("(doseq [x (range 6) :when (odd? x) :let [y (* x x)]] (println y))")).toEqual({
      out: "nil",
      prints: ["1", "9", "25"],
    });
    expect(runWithPrints("(doseq [x [1 2 3 9 1] :while (< x 5)] (println x))")).toEqual({
      out: "nil",
      prints: ["1", "2", "3"],
    });
  });

  test("doseq runs several body forms per element", () => {
    expect(runWithPrints('(doseq [x [1 2]] (println "a" x) (println "b" x))')).toEqual({
      out: "nil",
      prints: ["a 1", "b 1", "a 2", "b 2"],
    });
  });

  cases("def inside doseq updates the user namespace", [
    ["(def xs []) (doseq [x [1 2 3]] (def xs (conj xs x))) xs", "[1 2 3]"],
  ]);
});

describe("spec §8.13 println inside iteration", () => {
  test("println joins its arguments with spaces and returns nil", () => {
    expect(runWithPrints('(println "total:" 42 :kw)')).toEqual({ out: "nil", prints: ["total: 42 :kw"] });
  });

  test("prints from a for that later fails are still captured", () => {
    const r = evaluate("(for [x [1 2 nil]] (do (println x) (+ x 1)))");
    expect(r.ok).toBe(false);
    expect(r.prints).toEqual(["1", "2", "nil"]);
  });
});
