/**
 * Spec §5.16 `loop`/`recur` (and DIV-01): `recur` rebinds and jumps without growing the stack,
 * works in `loop` and `fn`, supports destructuring bindings, and is capped per loop at
 * `loopLimit` jumps (default 1000) with `loop_limit_exceeded`.
 */
import { describe, expect, test } from "bun:test";
import { run, runError } from "./helpers.ts";

/** A loop whose body runs `n` times (n - 1 recur jumps) and returns the final counter. */
const countTo = (n: number) => `(loop [i 1] (if (< i ${n}) (recur (inc i)) i))`;

describe("spec §5.16 iteration limit", () => {
  test("1000 iterations run within the default limit", () => {
    expect(run(countTo(1000))).toBe("1000");
  });

  test("the limit applies per loop, not per program", () => {
    expect(run(`(+ ${countTo(800)} ${countTo(800)})`)).toBe("1600");
    expect(run(`(reduce + (map (fn [_] ${countTo(700)}) [1 2 3]))`)).toBe("2100");
  });

  test("a loop past the default limit fails with loop_limit_exceeded", () => {
    expect(runError(countTo(5000)).code).toBe("loop_limit_exceeded");
  });

  test("an endless loop is stopped by the limit", () => {
    expect(runError("(loop [i 0] (recur (inc i)))").code).toBe("loop_limit_exceeded");
  });

  test("recur in a fn counts against the limit too", () => {
    expect(runError("((fn [n] (if (< n 5000) (recur (inc n)) n)) 0)").code).toBe("loop_limit_exceeded");
  });

  test("10000 iterations fail by default", () => {
    expect(runError(countTo(10_000)).code).toBe("loop_limit_exceeded");
  });

  test("10000 iterations pass with a raised loopLimit", () => {
    expect(run(countTo(10_000), { limits: { loopLimit: 100_000 } })).toBe("10000");
  });

  test("recur keeps the stack constant over 90000 jumps", () => {
    const opts = { limits: { loopLimit: 100_000, timeoutMs: 10_000 } };
    expect(run(countTo(90_000), opts)).toBe("90000");
    expect(run("((fn [n acc] (if (zero? n) acc (recur (dec n) (+ acc 2)))) 90000 0)", opts)).toBe("180000");
  });

  test("ordinary non-tail recursion is not counted by the loop limit", () => {
    expect(run("(defn depth [n] (if (zero? n) 0 (inc (depth (dec n))))) (depth 1100)")).toBe("1100");
  });
});
