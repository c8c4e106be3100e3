import { describe, expect, test } from "bun:test";
import { evaluate } from "../../../src/lisp/index.ts";
import { cases } from "../helpers.ts";

describe("namespace discovery (spec §9.7)", () => {
  cases("all-ns", [
    ["(all-ns)", '["budget" "clojure.core" "clojure.set" "clojure.string" "clojure.walk" "json" "regex"]'],
    ['(some #{"clojure.string"} (all-ns))', '"clojure.string"'],
    ["(all-ns 1)", { error: "arity_error" }],
  ]);
  cases("ns-name", [
    ["(ns-name clojure.string)", '"clojure.string"'],
    ["(ns-name str)", '"clojure.string"'],
    ["(ns-name 'set)", '"clojure.set"'],
    ['(ns-name "core")', '"clojure.core"'],
    ["(ns-name walk)", '"clojure.walk"'],
    ['(let [n "json"] (ns-name n))', '"json"'],
    ["(ns-name crm)", { error: "runtime_error" }],
    ["(ns-name Math)", { error: "runtime_error" }],
    ["(ns-name 42)", { error: "type_error" }],
  ]);
  cases("ns-publics", [
    [
      '(get (ns-publics clojure.string) "join")',
      '{:arity "1-2" :doc "(join coll) (join sep coll) — items as strings joined by sep"}',
    ],
    ["(sort (keys (ns-publics json)))", '["generate-string" "parse-lines" "parse-string"]'],
    ['(contains? (ns-publics regex) "re-find")', "true"],
    ['(contains? (ns-publics clojure.core) "map")', "true"],
    ['(contains? (ns-publics clojure.core) ".indexOf")', "false"],
    ["(keys (ns-publics budget))", '["remaining"]'],
    ['(contains? (ns-publics "clojure.set") "union")', "true"],
    ["(ns-publics java.lang.String)", { error: "runtime_error" }],
  ]);
  cases("budget/remaining without an agent budget", [
    ["(budget/remaining)", "{}"],
    ["(:turns (budget/remaining))", "nil"],
    ["(map? (budget/remaining))", "true"],
  ]);
  test("source prints that there is no source and returns nil", () => {
    for (const program of ["(source crm/get-user)", "(source 'str)", '(source "x")']) {
      const r = evaluate(program);
      expect(r.ok && r.value).toBeNull();
      expect(r.prints).toEqual(["no source available"]);
    }
  });
});
