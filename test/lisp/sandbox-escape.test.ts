/**
 * The language is the sandbox: no program text reaches generated host code, and no name, key or
 * method reaches host objects. These cases try the usual ways out and expect a clean error or an
 * inert value.
 */
import { describe, expect, test } from "bun:test";
import { compileProgram } from "../../src/lisp/compiler/index.ts";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { cases } from "./helpers.ts";

describe("names outside the language are unbound, with a hint", () => {
  for (const p of [
    '(slurp "/etc/passwd")',
    '(spit "/tmp/x" "y")',
    "(eval (quote (+ 1 2)))",
    '(load-file "x.clj")',
    "(js/eval 1)",
    "(java.lang.System/exit 0)",
    '(System/getenv "HOME")',
    "globalThis",
    "process",
    "(require 'clojure.java.shell)",
    "(atom 0)",
    "(try 1 (catch Exception e 2))",
  ]) {
    test(`rejects ${p}`, () => {
      const r = evaluate(p);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("unbound_var");
        expect(r.error.hint ?? "").not.toBe("");
      }
    });
  }
});

cases("host-object property names are ordinary data", [
  ['(get "abc" "constructor")', "nil"],
  ["(:constructor {})", "nil"],
  ['(get {} "__proto__")', "nil"],
  ['(assoc {} "__proto__" 1)', '{"__proto__" 1}'],
  ['(get (assoc {} "__proto__" 1) "__proto__")', "1"],
  ["(:prototype (fn [] 1))", "nil"],
  ['(get [1 2] "length")', "nil"],
  ["(str (fn [] 1))", '"#fn"'],
]);

test("a context object with a __proto__ key is plain data", () => {
  const context = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
  const r = evaluate("[(keys data/__proto__) data/x (:polluted {})]", { context });
  expect(r.ok && printValue(r.value)).toBe('[["polluted"] 1 nil]');
});

describe("generated code never contains program text", () => {
  test("strings, keywords and symbol names go through the constant pool", () => {
    const program =
      '(let [evil "\\"); process.exit(1); (\\"" k :constructor] (defn __proto__ [x] x) [evil k (__proto__ 1)])';
    const src = compileProgram(program).source;
    for (const word of ["process", "exit", "constructor", "__proto__", "evil"]) expect(src).not.toContain(word);
    const r = evaluate(program);
    expect(r.ok && printValue(r.value)).toBe('["\\"); process.exit(1); (\\"" :constructor 1]');
  });
});

describe("pathological nesting is refused before it can exhaust the host stack", () => {
  test("1,000 nested forms still run", () => {
    const r = evaluate(`${"(+ 1 ".repeat(1000)}0${")".repeat(1000)}`);
    expect(r.ok && printValue(r.value)).toBe("1000");
  });
  test("deeper nesting is an invalid_form with a hint", () => {
    const r = evaluate(`${"[".repeat(20000)}${"]".repeat(20000)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_form");
      expect(r.error.hint ?? "").toContain("nesting");
    }
  });
});
