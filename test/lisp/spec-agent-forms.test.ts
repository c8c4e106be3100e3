import { describe } from "bun:test";
import { cases } from "./helpers.ts";

describe("agent forms without a journal (spec §5.18-5.20)", () => {
  cases("task", [
    ['(task "fetch" (+ 1 2))', "3"],
    ['(task "a" nil)', "nil"],
    ['(let [x (task "t" [1 2])] (count x))', "2"],
    ['(task "only-id")', { error: "invalid_arity" }],
  ]);
  cases("step-done", [
    ['(step-done "s1" "fetched 3 rows")', '"fetched 3 rows"'],
    ['(step-done "s2" {:n 1})', "{:n 1}"],
    ['(step-done "s1")', { error: "invalid_arity" }],
  ]);
  cases("task-reset", [
    ['(task-reset "a")', "nil"],
    ['(do (task-reset "a") (task "a" 5))', "5"],
    ["(task-reset)", { error: "invalid_arity" }],
  ]);
});

describe("named float constants (java-interop.md, java.lang.Double)", () => {
  cases("bare constants", [
    ["NEGATIVE_INFINITY", "##-Inf"],
    ["POSITIVE_INFINITY", "##Inf"],
    ["NaN", "##NaN"],
    ["(NaN? NaN)", "true"],
    ["(< NEGATIVE_INFINITY -1e308 POSITIVE_INFINITY)", "true"],
    ["(= Double/NaN NaN)", "false"],
  ]);
});
