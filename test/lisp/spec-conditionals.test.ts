/**
 * Spec §5.2–5.11 conditionals: `if` `if-not` `when` `when-not` `cond` `case` `condp` `if-let`
 * `when-let` `if-some` `when-some` `when-first`. Only the chosen branch is evaluated; `case` and
 * `condp` return nil when nothing matches, and `case` compares numbers across int/float (DIV-32).
 */
import { describe, expect, test } from "bun:test";
import { runWithPrints } from "./helpers.ts";

describe("spec §5.7 case", () => {
  test("case evaluates its expression exactly once", () => {
    expect(runWithPrints('(case (do (println "eval") 3) 1 :a 2 :b 3 :c)')).toEqual({ out: ":c", prints: ["eval"] });
  });
});

describe("spec §5.8 condp", () => {
  test("condp evaluates pred and expr exactly once", () => {
    const p = '(condp (do (println "pred") =) (do (println "expr") 2) 1 :a 2 :b 3 :c)';
    expect(runWithPrints(p)).toEqual({ out: ":b", prints: ["pred", "expr"] });
  });
});

describe("spec §5.11 when-first", () => {
  test("when-first evaluates the collection exactly once", () => {
    const p = '(when-first [x (do (println "coll") [7 8])] x)';
    expect(runWithPrints(p)).toEqual({ out: "7", prints: ["coll"] });
  });
});
