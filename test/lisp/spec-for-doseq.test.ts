/**
 * Spec §5.17 `for` (eager vector comprehension: several bindings as a cartesian product,
 * destructuring, `:let` `:when` `:while`) and §5.21 `doseq` (same bindings, runs for side effects,
 * always returns nil). `println` output is captured in `prints` (§8.13).
 */
import { describe, expect, test } from "bun:test";
import { evaluate } from "../../src/lisp/index.ts";
import { runWithPrints } from "./helpers.ts";

describe("spec §5.17 for", () => {
  test("for with several body forms collects the last and runs the others", () => {
    expect(runWithPrints("(for [x [1 2 3]] (println x) (* x 10))")).toEqual({
      out: "[10 20 30]",
      prints: ["1", "2", "3"],
    });
  });
});

describe("spec §5.21 doseq", () => {
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
