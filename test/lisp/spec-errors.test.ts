/**
 * Spec §12 error handling: every program fault is a structured error with a stable code
 * (§12.1), a message naming the offending symbol or form, and the line/column of the fault.
 * Parse errors point at the exact character; runtime errors point at the line of the failing form.
 */
import { describe, expect, test } from "bun:test";
import { runError } from "./helpers.ts";

describe("spec §12.1 error codes", () => {
  test("recur with the wrong number of values is rejected", () => {
    expect(["arity_error", "invalid_form"]).toContain(runError("(loop [a 1 b 2] (recur 1))").code);
  });

  test("nested #() is rejected (DIV-17)", () => {
    expect(["parse_error", "invalid_form", "invalid_placeholder"]).toContain(runError("(#(map #(+ % 1) %&) 1 2)").code);
  });
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
