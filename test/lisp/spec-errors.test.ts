/**
 * Spec §12 error handling: every program fault is a structured error with a stable code
 * (§12.1), a message naming the offending symbol or form, and the line/column of the fault.
 * Parse errors point at the exact character; runtime errors point at the line of the failing form.
 */
import { describe, expect, test } from "bun:test";
import { cases, runError } from "./helpers.ts";

describe("spec §12.1 error codes", () => {
  cases("unbound_var", [
    ["(undefined-fn 1)", { error: "unbound_var" }],
    ["no-such-name", { error: "unbound_var" }],
    ["(let [x 1] y)", { error: "unbound_var" }],
    ["(do (let [scoped 1] scoped) scoped)", { error: "unbound_var" }],
    ["((fn [a] b) 1)", { error: "unbound_var" }],
  ]);

  cases("not_callable", [
    ["(1 2)", { error: "not_callable" }],
    ['("text" 0)', { error: "not_callable" }],
    ["(nil)", { error: "not_callable" }],
    ["((+ 1 2) 4)", { error: "not_callable" }],
    ['(#"a" "a")', { error: "not_callable" }],
    ["(let [f 5] (f))", { error: "not_callable" }],
    ["(map 3 [1 2])", { error: "not_callable" }],
  ]);

  cases("arity_error", [
    ["((fn [a b] a) 1)", { error: "arity_error" }],
    ["((fn [a] a) 1 2)", { error: "arity_error" }],
    ["(defn two [a b] a) (two 1 2 3)", { error: "arity_error" }],
    ["((fn [a & more] a))", { error: "arity_error" }],
    ["(inc)", { error: "arity_error" }],
    ["(inc 1 2)", { error: "arity_error" }],
    ["(map (fn [a b] a) [1 2])", { error: "arity_error" }],
  ]);

  cases("type_error", [
    ["(+ 1 nil)", { error: "type_error" }],
    ['(+ "1" 2)', { error: "type_error" }],
    ["(* :a 2)", { error: "type_error" }],
    ["(- [1] 1)", { error: "type_error" }],
    ["(dec nil)", { error: "type_error" }],
  ]);

  cases("arithmetic_error", [
    ["(quot 10 0)", { error: "arithmetic_error" }],
    ["(/ 10 0)", { error: "arithmetic_error" }],
    ["(mod 10 0)", { error: "arithmetic_error" }],
    ["(rem 3 0)", { error: "arithmetic_error" }],
    ["(int ##Inf)", { error: "arithmetic_error" }],
  ]);

  cases("invalid forms", [
    ["(let [a] a)", { error: "invalid_form" }],
    ["(let x 1)", { error: "invalid_form" }],
    ["(if)", { error: "invalid_arity" }],
    ["(if 1 2 3 4)", { error: "invalid_arity" }],
  ]);

  cases("destructure_error", [["(let [[a b] 42] a)", { error: "destructure_error" }]]);

  cases("recur outside a tail position is malformed (§5.16)", [
    ["((fn [x] (recur x) 1) 1)", { error: "invalid_form" }],
    ["(loop [i 0] (inc (recur i)))", { error: "invalid_form" }],
  ]);

  test("recur with the wrong number of values is rejected", () => {
    expect(["arity_error", "invalid_form"]).toContain(runError("(loop [a 1 b 2] (recur 1))").code);
  });

  test("nested #() is rejected (DIV-17)", () => {
    expect(["parse_error", "invalid_form", "invalid_placeholder"]).toContain(runError("(#(map #(+ % 1) %&) 1 2)").code);
  });

  cases("parse_error", [
    ["(+ 1 2", { error: "parse_error" }],
    [")", { error: "parse_error" }],
    ["[1 2)", { error: "parse_error" }],
    ['"unterminated', { error: "parse_error" }],
    ["{:a 1 :b}", { error: "parse_error" }],
    [":ns/kw", { error: "parse_error" }], // §2.4, DIV-13: namespaced keywords are not supported
    ["##Foo", { error: "parse_error" }],
  ]);
});

describe("spec §12.2 parse error positions", () => {
  /** Asserts `program` fails to parse at exactly line/column. */
  const at = (program: string, line: number, column: number) => {
    const e = runError(program);
    expect(e.code).toBe("parse_error");
    expect({ line: e.line, column: e.column }).toEqual({ line, column });
  };

  test("a stray closing paren is reported where it stands", () => {
    at("(+ 1 2)\n  )", 2, 3);
  });

  test("an extra closing paren after a complete form is reported at that paren", () => {
    at("(let [x 1]\n  (+ x 1)))", 2, 11);
  });

  test("a mismatched closing delimiter is reported where it stands", () => {
    at("[1 2\n 3)", 2, 3);
    at("(do\n  {:a [1 2}\n)", 2, 11);
  });

  test("a stray closing brace on a later line is reported on that line", () => {
    at("{:a 1}\n\n   }", 3, 4);
  });

  test("a keyword with a character keywords may not use is reported at the keyword", () => {
    at("(get {}\n     :user.id)", 2, 6);
    at("(get {}\n     :user/id)", 2, 6);
  });

  test("an unclosed form is reported at its opening delimiter or at the end of input", () => {
    const e = runError("(do\n  (+ 1 2)");
    expect(e.code).toBe("parse_error");
    expect([`1:1`, `2:10`, `2:11`]).toContain(`${e.line}:${e.column}`);
  });

  test("an unterminated string is reported at its opening quote or at the end of input", () => {
    const e = runError('(str "a"\n     "bcd)');
    expect(e.code).toBe("parse_error");
    expect([`2:6`, `2:10`, `2:11`]).toContain(`${e.line}:${e.column}`);
  });
});

describe("spec §12.2 runtime error positions and messages", () => {
  test("an unbound symbol is reported with its name and line", () => {
    const e = runError("(let [a 1]\n  (* a frobnicate))");
    expect(e.code).toBe("unbound_var");
    expect(e.message).toContain("frobnicate");
    expect(e.line).toBe(2);
  });

  test("a type error names the function and the bad value", () => {
    const e = runError("(def total 1)\n(+ total nil)");
    expect(e.code).toBe("type_error");
    expect(e.message).toContain("+");
    expect(e.message).toContain("nil");
    expect(e.line).toBe(2);
  });

  test("an arity error names the function and the argument count", () => {
    const e = runError("(defn pair [a b] [a b])\n\n(pair 1)");
    expect(e.code).toBe("arity_error");
    expect(e.message).toContain("pair");
    expect(e.message).toContain("1");
    expect(e.line).toBe(3);
  });

  test("a builtin arity error names the builtin", () => {
    const e = runError("(count [1] [2])");
    expect(e.code).toBe("arity_error");
    expect(e.message).toContain("count");
  });

  test("a not-callable error shows the value that was called", () => {
    const e = runError('(let [s "abc"]\n  (s 0))');
    expect(e.code).toBe("not_callable");
    expect(e.message).toMatch(/abc|\(s 0\)/);
    expect(e.line).toBe(2);
  });

  test("an unknown symbol close to a builtin suggests the builtin (§12.3)", () => {
    const e = runError("(fliter odd? [1 2 3])");
    expect(e.code).toBe("unbound_var");
    expect(`${e.message} ${e.hint ?? ""}`).toContain("filter");
  });

  test("describe() shows code, message and location", () => {
    const d = runError("(+ 1\n   nil)").describe();
    expect(d).toStartWith("type_error:");
    expect(d).toMatch(/line \d+, column \d+/);
  });
});

describe("spec §15.2 resource limits surface as errors", () => {
  test("unbounded non-tail recursion fails cleanly instead of crashing", () => {
    const e = runError("(defn down [n] (+ 1 (down n))) (down 1)");
    expect(["stack_overflow", "timeout", "memory_exceeded"]).toContain(e.code);
  });

  test("a program past its time limit fails with timeout", () => {
    const e = runError("(loop [i 0] (recur (inc i)))", { limits: { loopLimit: 1e12, timeoutMs: 50 } });
    expect(e.code).toBe("timeout");
  });
});
