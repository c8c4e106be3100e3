/**
 * Spec §5.22 `return` and §5.23 `fail`: both end the program at once, from any depth. `return`
 * makes its argument the successful result (flagged `returned`); `fail` makes the program fail
 * with code `fail` and the given value as the failure reason.
 */
import { describe, expect, test } from "bun:test";
import { evaluate, printValue, type Value } from "../../src/lisp/index.ts";
import { runError } from "./helpers.ts";

/** Evaluates and summarises the outcome: printed value and `returned`, or the error code. */
function outcome(program: string) {
  const r = evaluate(program);
  return r.ok
    ? { value: printValue(r.value), returned: r.returned, prints: r.prints }
    : { error: r.error.code, prints: r.prints };
}

describe("spec §5.22 return", () => {
  test("return yields its value and marks the result as returned", () => {
    expect(outcome("(return 42)")).toEqual({ value: "42", returned: true, prints: [] });
  });

  test("a program without return is not marked as returned", () => {
    expect(outcome("(+ 1 2)")).toEqual({ value: "3", returned: false, prints: [] });
  });

  test("return stops evaluation of the rest of the program", () => {
    expect(outcome('(println "before") (return :early) (println "after") (+ 1 nil)')).toEqual({
      value: ":early",
      returned: true,
      prints: ["before"],
    });
  });

  test("return works from inside nested forms and functions", () => {
    expect(
      outcome("(let [xs [1 2 3]] (if (> (count xs) 2) (return {:status :complete :n (count xs)}) :more))"),
    ).toEqual({
      value: "{:n 3 :status :complete}",
      returned: true,
      prints: [],
    });
    expect(outcome("(map (fn [x] (if (= x 2) (return [:found x]) x)) [1 2 3])")).toEqual({
      value: "[:found 2]",
      returned: true,
      prints: [],
    });
    expect(outcome("(loop [i 0] (if (= i 5) (return i) (recur (inc i))))")).toEqual({
      value: "5",
      returned: true,
      prints: [],
    });
  });

  test("return of nil is still a return", () => {
    expect(outcome("(return nil)")).toEqual({ value: "nil", returned: true, prints: [] });
  });
});

describe("spec §5.23 fail", () => {
  test("fail ends the program with code fail and the reason", () => {
    const e = runError('(fail "No input data provided")');
    expect(e.code).toBe("fail");
    expect(printValue(e.payload as Value)).toBe('"No input data provided"');
    expect(e.describe()).toContain("No input data provided");
  });

  test("fail carries a structured reason", () => {
    const e = runError("(fail {:reason :missing :field :email})");
    expect(e.code).toBe("fail");
    expect(printValue(e.payload as Value)).toBe("{:field :email :reason :missing}");
  });

  test("fail stops the rest of the program but keeps earlier prints", () => {
    expect(outcome('(println "checked") (fail "stop") (println "never")')).toEqual({
      error: "fail",
      prints: ["checked"],
    });
  });

  test("fail works from inside nested functions", () => {
    expect(outcome('(mapv (fn [x] (if (neg? x) (fail (str "negative: " x)) x)) [1 -2 3])')).toEqual({
      error: "fail",
      prints: [],
    });
  });

  test("fail in an untaken branch does nothing", () => {
    expect(outcome('(if (nil? [1]) (fail "no data") :processed)')).toEqual({
      value: ":processed",
      returned: false,
      prints: [],
    });
  });
});
