/**
 * Spec §5.12–5.15 and §13.1: `do`, `def` (returns the var `#'name`), redefinition, `defonce`,
 * `defn` with docstrings, variadic `& rest` and destructuring parameters, user definitions
 * shadowing builtins, `fn` and `#()`. Multi-arity `defn`/`fn` is rejected (DIV-15).
 */
import { describe, expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { runError } from "./helpers.ts";

describe("spec §5.12 do", () => {
  test("do evaluates every form in order, without short-circuit", () => {
    const r = evaluate('(do (println "one") nil (println "two") false (println "three") :end)');
    expect(r.ok ? printValue(r.value) : r.error.describe()).toBe(":end");
    expect(r.prints).toEqual(["one", "two", "three"]);
  });
});

describe("spec §5.15 defn", () => {
  test("multi-arity defn is rejected with an error that says so", () => {
    const e = runError("(defn f ([x] x) ([x y] (+ x y))) (f 1)");
    expect(["invalid_form", "unsupported_pattern"]).toContain(e.code);
    expect(e.message).toMatch(/arity|parameter|vector/i);
  });

  test("multi-arity fn is rejected", () => {
    const e = runError("((fn ([x] x) ([x y] y)) 1)");
    expect(["invalid_form", "unsupported_pattern"]).toContain(e.code);
  });
});
