/**
 * Programs are compiled once and reused by source text; a reused compilation must behave exactly
 * like a fresh one: no definitions, results or changed constants leak from one run to the next.
 */
import { expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";

const show = (p: string, context?: Record<string, unknown>) => {
  const r = evaluate(p, { context });
  return r.ok ? printValue(r.value) : r.error.code;
};

test("a rerun of the same text starts with an empty user namespace", () => {
  const p = "(defonce n 0) (def n (inc n)) n";
  expect(show(p)).toBe("1");
  expect(show(p)).toBe("1");
});

test("constant collections in a program are unchanged by a previous run's assoc and conj", () => {
  const p = "(let [m {:a 1} v [1 2]] [(assoc m :b (count v)) (conj v 3) m v])";
  expect(show(p)).toBe("[{:a 1 :b 2} [1 2 3] {:a 1} [1 2]]");
  expect(show(p)).toBe("[{:a 1 :b 2} [1 2 3] {:a 1} [1 2]]");
});

test("the same text runs against each call's own context", () => {
  const p = "(sum-by :x data/rows)";
  expect(show(p, { rows: [{ x: 1 }, { x: 2 }] })).toBe("3");
  expect(show(p, { rows: [{ x: 10 }] })).toBe("10");
});
