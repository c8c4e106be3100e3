/**
 * Issue #10, items 2, 4 and 9: every runtime loop answers the time limit, every builtin that can
 * build a large string charges the memory budget before it builds it, and no failure shows the
 * caller an internal JavaScript message. Each case was a hang, a gigabyte allocation or a leaked
 * host message before the fix. Limits are tight and the assertions are on the error type, never
 * on how long the run took, so a loaded machine changes nothing.
 */

import { describe, expect, it } from "bun:test";
import { asLispError } from "../../src/lisp/errors.ts";
import { evaluate, printValue } from "../../src/lisp/index.ts";

const LIMITS = { timeoutMs: 300, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 };
/** For the memory cases: time enough that only the memory budget can stop them, even on a loaded machine. */
const SLOW = { ...LIMITS, timeoutMs: 60_000 };

function failure(program: string, limits = LIMITS): { code: string; message: string } {
  const r = evaluate(program, { limits });
  if (r.ok) throw new Error(`expected a failure, got a value from ${program}`);
  return { code: r.error.code, message: r.error.message };
}

/** A vector of 2^40 leaves that shares its structure: tiny in memory, huge to walk. */
const SHARED = "(reduce (fn [acc _] [acc acc]) 1 (range 40))";
const LIMITED = ["timeout", "memory_exceeded"];

describe("the time limit inside runtime loops", () => {
  it("stops hashing nested collection keys", () => {
    expect(failure("(count (reduce hash-set 0 (range 2000)))").code).toBe("timeout");
  });

  it("stops equality of equal but distinct shared-structure values", () => {
    expect(failure(`(let [x ${SHARED} y ${SHARED}] (= x y))`).code).toBe("timeout");
  });

  it("stops comparing them", () => {
    expect(failure(`(let [x ${SHARED} y ${SHARED}] (compare x y))`).code).toBe("timeout");
  });

  it("stops hashing one as a set member", () => {
    expect(LIMITED).toContain(failure(`(count (hash-set ${SHARED}))`).code);
  });

  it.each([
    ["str", `(count (str ${SHARED}))`],
    ["pr-str", `(count (pr-str ${SHARED}))`],
    ["println", `(println ${SHARED})`],
    ["format %s", `(count (format "%s" ${SHARED}))`],
    ["json/generate-string", `(count (json/generate-string ${SHARED}))`],
  ])("stops printing one through %s", (_name, program) => {
    expect(LIMITED).toContain(failure(program).code);
  });

  it("stops rendering such a value as the program's result", () => {
    // Outside evaluate() the result is rendered through within(), under the same budget.
    const r = evaluate(SHARED, { limits: LIMITS });
    if (!r.ok) throw new Error("the value itself is cheap to build");
    expect(() => r.within(() => printValue(r.value))).toThrow(/time limit|memory limit/);
  });
});

describe("charging before allocating", () => {
  it.each([
    ["a zero-padded format width", '(format "%0999999999d" 1)'],
    ["a left-justified format width", '(format "%-99999999s" "x")'],
    ["a right-justified format width", '(format "%99999999s" "x")'],
    [
      "a literal replace that multiplies its input",
      '(clojure.string/replace (apply str (repeat 20000 "x")) "x" (apply str (repeat 10000 "y")))',
    ],
    [
      "a regex replace that multiplies its input",
      '(clojure.string/replace (apply str (repeat 20000 "x")) #"x" (apply str (repeat 10000 "y")))',
    ],
    [
      "a replace with a function",
      '(let [y (apply str (repeat 10000 "y"))] (clojure.string/replace (apply str (repeat 20000 "x")) "x" (fn [_] y)))',
    ],
    [
      "a join of long strings",
      '(let [s (apply str (repeat 20000 "x"))] (count (clojure.string/join "," (repeat 1000 s))))',
    ],
    ["str of long strings", '(let [s (apply str (repeat 20000 "x"))] (count (apply str (repeat 1000 s))))'],
  ])("refuses %s with memory_exceeded", (_name, program) => {
    expect(failure(program, SLOW).code).toBe("memory_exceeded");
  });

  it("pours a vector into itself once, and stops a doubling loop on the budget", () => {
    // `(into x x)` used to chase its own in-place appends forever, outside every budget.
    const r = evaluate("(let [x [1 2]] [(into x x) x])", { limits: LIMITS });
    expect(r.ok && printValue(r.value)).toBe("[[1 2 1 2] [1 2]]");
    const doubling = "(loop [x [1] i 0] (if (< i 40) (recur (into x x) (inc i)) (count x)))";
    expect(failure(doubling, SLOW).code).toBe("memory_exceeded");
  });

  it("still pads ordinary widths", () => {
    const r = evaluate('(format "[%5d|%-4s|%05d|%,d]" 42 "ab" 7 1234567)', { limits: LIMITS });
    expect(r.ok && r.value).toBe("[   42|ab  |00007|1,234,567]");
  });

  it("groups the digits of a long integer", () => {
    const r = evaluate('(let [s (format "%,d" (reduce * 1 (repeat 2000 10)))] [(count s) (subs s 0 6)])', {
      limits: LIMITS,
    });
    expect(r.ok && printValue(r.value)).toBe('[2667 "100,00"]');
  });
});

describe("failures are typed and never show host messages", () => {
  it("gives an empty range for a NaN end, as Clojure does", () => {
    for (const p of ["(range ##NaN)", "(range 0 ##NaN)", "(range 0 ##NaN 2)", "(range ##NaN 3)"]) {
      const r = evaluate(p, { limits: LIMITS });
      expect(r.ok && r.value).toEqual(expect.objectContaining({ count: 0 }));
    }
  });

  it("refuses an infinite range by its size", () => {
    expect(failure("(range 0 ##Inf)").code).toBe("memory_exceeded");
  });

  it("treats an option named after an Object.prototype member as unknown", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const f = failure(`(apropos "x" {:${name} 1})`);
      expect(f).toEqual({ code: "runtime_error", message: `apropos does not take the option :${name}` });
    }
  });

  it("never passes a host exception's message through", () => {
    const e = asLispError(new TypeError("ok is not a function. (In 'ok(v)', 'ok' is an instance of Object)"));
    expect(e.code).toBe("runtime_error");
    expect(e.message).not.toContain("ok");
    expect(asLispError(new RangeError("Out of memory")).code).toBe("memory_exceeded");
    expect(asLispError(new RangeError("Maximum call stack size exceeded.")).code).toBe("stack_overflow");
  });
});
