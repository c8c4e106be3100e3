/**
 * Spec §9.3 and Appendix A: `data/name` reads the per-request context (decoded JSON, string keys).
 * Missing names read as nil, JSON types map onto PTC values, locals and defs never hide `data/`,
 * and the bare symbol `data` is not a value.
 */
import { describe, expect, test } from "bun:test";
import { evaluate, printValue } from "../../src/lisp/index.ts";
import { cases } from "./helpers.ts";

const context = {
  input: "hello",
  limit: 10,
  ratio: 0.25,
  flag: false,
  nothing: null,
  "user-id": 77,
  request_id: "r-1",
  tags: ["a", "b"],
  expenses: [
    { category: "travel", amount: 120 },
    { category: "food", amount: 30 },
    { category: "travel", amount: 80.5 },
  ],
  config: { db: { port: 5432, host: "localhost" }, retries: 2 },
};

describe("spec §9.3 data/ access", () => {
  cases(
    "values from the context",
    [
      ["data/input", '"hello"'],
      ["data/limit", "10"],
      ["data/ratio", "0.25"],
      ["data/flag", "false"],
      ["data/nothing", "nil"],
      ["data/tags", '["a" "b"]'],
      ["data/config", '{"db" {"host" "localhost" "port" 5432} "retries" 2}'],
      ["data/user-id", "77"],
      ["data/request-id", '"r-1"'],
      ["data/not-there", "nil"],
      ["(count data/expenses)", "3"],
      ["(get-in data/config [:db :port])", "5432"],
      ["(keys data/config)", '["db" "retries"]'],
      ["(+ data/limit 5)", "15"],
      ['(->> data/expenses (filter (fn [e] (= (:category e) "travel"))) (sum-by :amount))', "200.5"],
    ],
    { context },
  );

  cases(
    "locals and defs do not hide data/",
    [
      ["(let [limit 1] [limit data/limit])", "[1 10]"],
      ["(let [limit 1] (+ limit data/limit))", "11"],
      ["(def limit 2) [limit data/limit]", "[2 10]"],
    ],
    { context },
  );

  test("the bare symbol data is not a value", () => {
    const r = evaluate("(count data)", { context });
    expect(r.ok).toBe(false);
  });

  test("the context is read-only: a program cannot change what data/ returns", () => {
    const r = evaluate("(def changed (assoc data/config :retries 99)) [(:retries changed) (:retries data/config)]", {
      context,
    });
    expect(r.ok ? printValue(r.value) : r.error.describe()).toBe("[99 2]");
    expect(context.config.retries).toBe(2);
  });
});
