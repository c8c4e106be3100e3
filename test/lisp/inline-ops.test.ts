/**
 * The compiler's inline scalar fast paths (src/lisp/compiler/arith.ts), invariant-collection reuse
 * in `for` (hoist.ts) and `(count (for ...))` counting give exactly the answers, errors and error
 * positions of the builtins they stand in for, and leave the time limit intact.
 */

import { describe, expect, test } from "bun:test";
import { builtinTable } from "../../src/lisp/builtins/index.ts";
import { compileProgram } from "../../src/lisp/compiler/index.ts";
import {
  asLispError,
  evaluate,
  evaluateInSession,
  printValue,
  type SessionSnapshot,
  type Value,
} from "../../src/lisp/index.ts";
import { Vec } from "../../src/lisp/values/index.ts";

/** The printed value, or `!code message @line:column`, so answers and errors compare as one string. */
function shown(program: string): string {
  const r = evaluate(program, { limits: { timeoutMs: 5000 } });
  if (r.ok) return printValue(r.value);
  return `!${r.error.code} ${r.error.message} @${r.error.line}:${r.error.column}`;
}

/** Operands chosen to sit on every side of the fast paths: int/float, 2^53, bigint, NaN, non-numbers. */
const OPERANDS = [
  "0",
  "-0.0",
  "1",
  "-7",
  "2",
  "0.5",
  "2.0",
  "-1.5",
  "9007199254740991",
  "-9007199254740991",
  "4294967296",
  "9007199254740993",
  "(/ 0 0.0)",
  "(/ 1 0.0)",
  '"a"',
  '"b"',
  "nil",
  ":k",
  "[1]",
];

const BINARY = ["+", "-", "*", "<", ">", "<=", ">=", "=", "not=", "mod", "rem", "quot"];
const UNARY = ["inc", "dec", "-", "zero?", "pos?", "neg?", "even?", "odd?", "nil?", "some?", "not"];

/** What the builtin's variadic implementation itself answers for `args` (no position: it has none). */
function reference(op: string, args: Value[]): string {
  const def = builtinTable().get(op);
  if (def === undefined) throw new Error(`no builtin ${op}`);
  try {
    return printValue(def.fn(...args));
  } catch (e) {
    const err = asLispError(e);
    return `!${err.code} ${err.message}`;
  }
}

/** The operands as values, read and evaluated once. */
function operandValues(): Value[] {
  const r = evaluate(`[${OPERANDS.join(" ")}]`);
  if (!r.ok || !(r.value instanceof Vec)) throw new Error("operands did not evaluate");
  return r.value.copyArray();
}

const noPos = (x: string): string => x.replace(/ @\d+:\d+$/, "");

describe("an inline op answers exactly as the builtin", () => {
  // `(op a b)` with locals compiles to the inline helper; `(apply op [a b])` calls the builtin's
  // function value at the same position, so errors compare with their line and column; the
  // builtin's own variadic implementation, called here directly, gives the reference answer.
  const values = operandValues();
  for (const op of BINARY) {
    test(`(${op} a b) over ${OPERANDS.length}² operand pairs`, () => {
      OPERANDS.forEach((a, i) => {
        OPERANDS.forEach((b, j) => {
          const inline = shown(`(let [a ${a} b ${b}] (${op} a b))`);
          const applied = shown(`(let [a ${a} b ${b}] (apply ${op} [a b]))`);
          expect(`${a} ${b} → ${inline}`).toBe(`${a} ${b} → ${applied}`);
          const ref = reference(op, [values[i] as Value, values[j] as Value]);
          expect(`${a} ${b} → ${noPos(inline)}`).toBe(`${a} ${b} → ${ref}`);
        });
      });
    });
  }
  for (const op of UNARY) {
    test(`(${op} a) over ${OPERANDS.length} operands`, () => {
      OPERANDS.forEach((a, i) => {
        const inline = shown(`(let [a ${a}] (${op} a))`);
        expect(`${a} → ${inline}`).toBe(`${a} → ${shown(`(let [a ${a}] (apply ${op} [a]))`)}`);
        expect(`${a} → ${noPos(inline)}`).toBe(`${a} → ${reference(op, [values[i] as Value])}`);
      });
    });
  }
  test("three or more operands fold left like the builtin", () => {
    for (const op of ["+", "-", "*"]) {
      for (const a of OPERANDS.slice(0, 12)) {
        const inline = shown(`(let [a ${a} b 3 c ${a}] (${op} a b c a))`);
        expect(inline).toBe(shown(`(let [a ${a} b 3 c ${a}] (apply ${op} [a b c a]))`));
      }
    }
  });
});

describe("fast-path boundaries", () => {
  const cases: [string, string][] = [
    ["(+ 9007199254740991 1)", "9007199254740992"],
    ["(let [x 9007199254740991] [(+ x 2) (inc x) (- (- x) 2) (dec (- x)) (* x x)])", ""],
    ["(let [x 4294967296] (* x x))", "18446744073709551616"],
    ["(let [x 1 y 2.0] [(+ x y) (- y x) (* x y) (+ 0.5 0.5) (* 2 0.5)])", "[3.0 1.0 2.0 1.0 1.0]"],
    ["(let [x 0 y -5] (* x y))", "0"],
    ["(let [x -7 y 2] [(mod x y) (rem x y) (quot x y) (mod 7.5 y)])", "[1 -1 -3 1.5]"],
  ];
  for (const [program, expected] of cases) {
    test(program, () => {
      const got = shown(program);
      if (expected !== "") expect(got).toBe(expected);
      else
        expect(got).toBe(
          "[9007199254740993 9007199254740992 -9007199254740993 -9007199254740992 81129638414606663681390495662081]",
        );
    });
  }
  test("a type error names the operator at its line and column", () => {
    expect(shown('(+ "a" 1)')).toBe('!type_error + expected a number, got string: "a" @1:1');
    expect(shown('(let [x 1]\n  [x (+ x "a")])')).toMatch(/^!type_error .* @2:6$/);
    expect(shown("(let [d 0]\n   (mod 5 d))")).toBe("!arithmetic_error mod: divide by zero @2:4");
    expect(shown("(let [x nil]\n (inc x))")).toMatch(/^!type_error inc .* @2:2$/);
  });
});

describe("the fast path is taken only when the name is the builtin", () => {
  test("a local, a def or a defn named like the op wins", () => {
    expect(shown("(let [+ -] (+ 5 3))")).toBe("2");
    expect(shown("(defn + [a b] (* a b)) (+ 2 3)")).toBe("6");
    expect(shown("(def < >) (< 1 2)")).toBe("false");
    expect(shown("(let [inc dec zero? nil?] [(inc 1) (zero? nil)])")).toBe("[0 true]");
    expect(shown("(defn f [count] (count (for [x [1 2]] x))) (f first)")).toBe("1");
  });
  test("a session binding named like the op wins in later evals", () => {
    let snap: SessionSnapshot = { bindings: {}, history: [] };
    const answers: string[] = [];
    for (const program of ["(defn + [a b] (* a b)) (def inc dec)", "[(+ 2 3) (inc 5) (- 5 1)]"]) {
      const r = evaluateInSession(program, snap);
      if (!r.ok) throw new Error(r.error.describe());
      snap = { bindings: { ...snap.bindings, ...r.written }, history: [] };
      answers.push(printValue(r.value));
    }
    expect(answers[1]).toBe("[6 4 4]");
  });
  test("generated code uses the helper for the builtin and not for a shadowing local", () => {
    expect(compileProgram("(fn [a b] (+ a b))").source).toContain("$add(");
    expect(compileProgram("(let [+ -] (fn [a b] (+ a b)))").source).not.toContain("$add(");
  });
});

describe("for reuses invariant inner collections", () => {
  test("answers are unchanged whether or not the inner collection depends on the outer binding", () => {
    expect(shown("(for [i (range 3) j (range i)] [i j])")).toBe("[[1 0] [2 0] [2 1]]");
    expect(shown("(let [n 2] (for [i (range 2) j (range n) :let [k (* i j)]] k))")).toBe("[0 0 0 1]");
    expect(shown("(let [range (fn [n] [n])] (for [i [1 2] j (range 5)] [i j]))")).toBe("[[1 5] [2 5]]");
    expect(shown("(doseq [i (range 2) j (range 2)] (println i j))")).toBe("nil");
  });
  test("an inner collection is built only when the loop reaches it, with its own error position", () => {
    expect(shown('(for [i [] j (range "x")] j)')).toBe("[]");
    expect(shown('(for [i [1 2]\n      j (range "x")] j)')).toMatch(/^!type_error range .* @2:9$/);
  });
});

describe("(count (for ...)) counts without building the vector", () => {
  test("the count and the body's effects are those of the vector", () => {
    expect(shown("(count (for [i (range 5) :when (odd? i)] [i i]))")).toBe("2");
    const r = evaluate("(count (for [i (range 3) j [:a :b]] (println i j)))");
    expect(r.ok && printValue(r.value)).toBe("6");
    expect(r.prints).toEqual(["0 :a", "0 :b", "1 :a", "1 :b", "2 :a", "2 :b"]);
    expect(shown("(count (for [i [1 2]] (+ i nil)))")).toMatch(/^!type_error \+ .* @1:23$/);
  });
});

describe("the time limit still holds with inline ticks", () => {
  const limits = { timeoutMs: 150 };
  test("deep recursion of a defn", () => {
    const r = evaluate("(defn f [n] (if (< n 2) n (+ (f (- n 1)) (f (- n 2))))) (f 60)", { limits });
    expect(r.ok ? "ok" : r.error.code).toBe("timeout");
  });
  test("a counted nested for over invariant ranges", () => {
    const r = evaluate("(count (for [i (range 100000) j (range 100000) :when (zero? (mod (+ i j) 7))] [i j]))", {
      limits,
    });
    expect(r.ok ? "ok" : r.error.code).toBe("timeout");
  });
});
