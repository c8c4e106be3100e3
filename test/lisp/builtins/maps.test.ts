import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("maps: reading", () => {
  cases("get", [
    ["(get {:a 1} :a)", "1"],
    ["(get {:a 1} :b)", "nil"],
    ['(get {:a 1} :b "default")', '"default"'],
    ['(get {:a nil} :a "default")', "nil"],
    ['(get {"a" 1} :a)', "1"],
    ['(get {:a 1} "a")', "1"],
    ['(get {:a 9 "a" 1} :a)', "9"],
    ['(get {"turn_count" 3} :turn-count)', "3"],
    ["(get [10 20] 1)", "20"],
    ["(get [10 20] 5 :none)", ":none"],
    ['(get "abc" 1)', '"b"'],
    ["(get #{:a} :a)", ":a"],
    ["(get nil :a)", "nil"],
    ["(get 5 :a)", "nil"],
  ]);
  cases("get-in", [
    ['(get-in {:user {:name "A"}} [:user :name])', '"A"'],
    ["(get-in {:a {:b 1}} [:a :c])", "nil"],
    ["(get-in {:a {:b 1}} [:a :c] :none)", ":none"],
    ["(get-in {:a nil} [:a] :none)", "nil"],
    ['(get-in {:results [{:title "A"}]} [:results 0 :title])', '"A"'],
    ["(get-in [[1 2] [3 4]] [1 0])", "3"],
    ["(get-in [1 2 3] [10])", "nil"],
    ["(get-in [1 2 3] [-1])", "nil"],
    ['(get-in {"user" {"email" "x"}} [:user :email])', '"x"'],
    ["(get-in {:a 1} [])", "{:a 1}"],
    ["(get-in {:a 1} nil)", "{:a 1}"],
  ]);
  cases("keys/vals/entries", [
    ["(keys {:b 2 :a 1})", "[:a :b]"],
    ["(keys {})", "[]"],
    ["(keys nil)", "nil"],
    ["(keys [1])", { error: "type_error" }],
    ["(vals {:b 2 :a 1})", "[1 2]"],
    ["(vals {})", "[]"],
    ["(vals nil)", "nil"],
    ["(entries {:b 2 :a 1})", "[[:a 1] [:b 2]]"],
    ["(entries {})", "[]"],
    ["(entries nil)", "[]"],
  ]);
  cases("contains?/find/key/val", [
    ["(contains? {:a 1} :a)", "true"],
    ["(contains? {:a 1} :b)", "false"],
    ["(contains? {:a nil} :a)", "true"],
    ['(contains? {"a" 1} :a)', "true"],
    ["(contains? #{1 2} 1)", "true"],
    ['(contains? ["a" "b" "c"] "b")', "true"],
    ["(contains? [10 20] 1)", "false"],
    ["(contains? nil :a)", "false"],
    ["(contains? 5 :a)", { error: "type_error" }],
    ["(find {:a 1 :b 2} :b)", "[:b 2]"],
    ["(find {:a 1} :z)", "nil"],
    ["(find {:a nil} :a)", "[:a nil]"],
    ["(find [10 20 30] 2)", "[2 30]"],
    ["(find [10 20] 5)", "nil"],
    ["(find #{nil} nil)", { error: "type_error" }],
    ["(key [:a 1])", ":a"],
    ["(val (first (seq {:a 1})))", "1"],
    ["(key [1 2 3])", { error: "type_error" }],
  ]);
});

describe("maps: updating", () => {
  cases("assoc", [
    ["(assoc {:a 1} :b 2)", "{:a 1 :b 2}"],
    ["(assoc {:a 1} :a 2)", "{:a 2}"],
    ["(assoc {} :a 1 :b 2 :c 3)", "{:a 1 :b 2 :c 3}"],
    ["(assoc nil :a 1)", "{:a 1}"],
    ["(assoc [1 2 3] 1 5)", "[1 5 3]"],
    ["(assoc [1 2] 2 3)", "[1 2 3]"],
    ["(assoc [1 2] 5 3)", { error: "runtime_error" }],
    ["(assoc {:a 1} :b)", { error: "arity_error" }],
    ['(assoc "s" 0 1)', { error: "type_error" }],
    ["(let [m {:a 1} n (assoc m :b 2)] [m n])", "[{:a 1} {:a 1 :b 2}]"],
  ]);
  cases("assoc-in", [
    ['(assoc-in {} [:user :name] "Bob")', '{:user {:name "Bob"}}'],
    ["(assoc-in {:a {:b 1}} [:a :c] 2)", "{:a {:b 1 :c 2}}"],
    ["(assoc-in [1 2 3] [1] 99)", "[1 99 3]"],
    ["(assoc-in [[1 2] [3 4]] [0 1] 99)", "[[1 99] [3 4]]"],
    ["(assoc-in nil [:a] 1)", "{:a 1}"],
    ['(assoc-in {"user" {"name" "A"}} [:user :age] 3)', '{"user" {:age 3 "name" "A"}}'],
    ["(assoc-in {:a 1} [:a :b] 2)", { error: "type_error" }],
    ["(assoc-in {} [] 1)", "{nil 1}"],
  ]);
  cases("update/update-in", [
    ["(update {:n 1} :n inc)", "{:n 2}"],
    ["(update {:n 1} :n + 5)", "{:n 6}"],
    ["(update {:n nil} :n (fnil inc 0))", "{:n 1}"],
    ["(update {:n nil} :n (fnil + 0) 5)", "{:n 5}"],
    ['(update {"count" 1} :count inc)', '{"count" 2}'],
    ["(update {} :xs conj 1)", "{:xs [1]}"],
    ["(update [1 2 3] 0 inc)", "[2 2 3]"],
    ["(update {:n 1} :n nil)", { error: "not_callable" }],
    ['(update {:n "1"} :n inc)', { error: "type_error" }],
    ["(update-in {:a {:b 1}} [:a :b] + 10)", "{:a {:b 11}}"],
    ["(update-in [1 2 3] [1] inc)", "[1 3 3]"],
    ["(update-in {} [:a :b] (fnil inc 0))", "{:a {:b 1}}"],
    ["(update-in {:a [{:n 1}]} [:a 0 :n] inc)", "{:a [{:n 2}]}"],
  ]);
  cases("dissoc/select-keys", [
    ["(dissoc {:a 1 :b 2} :b)", "{:a 1}"],
    ["(dissoc {:a 1 :b 2 :c 3} :a :b)", "{:c 3}"],
    ["(dissoc {:a 1} :z)", "{:a 1}"],
    ["(dissoc nil :a)", "nil"],
    ['(dissoc {"password" "x" "id" 1} :password)', '{"id" 1}'],
    ["(dissoc [1] 0)", { error: "type_error" }],
    ["(select-keys {:a 1 :b 2 :c 3} [:a :c])", "{:a 1 :c 3}"],
    ["(select-keys {:a 1} [:a :z])", "{:a 1}"],
    ['(select-keys {:a 1} ["a"])', '{"a" 1}'],
    ["(select-keys {:a 1} nil)", "{}"],
    ["(select-keys nil [:a])", "{}"],
    ["(select-keys {:a nil} [:a])", "{:a nil}"],
  ]);
});

describe("maps: building and merging", () => {
  cases("merge/merge-with", [
    ["(merge {:a 1} {:b 2} {:a 3})", "{:a 3 :b 2}"],
    ["(merge {:a 1} nil)", "{:a 1}"],
    ["(merge nil {:a 1})", "{:a 1}"],
    ["(merge)", "nil"],
    ["(merge nil nil)", "nil"],
    ["(merge {:a 1} [:b 2])", "{:a 1 :b 2}"],
    ["(merge-with + {:a 1 :b 2} {:a 3 :c 4})", "{:a 4 :b 2 :c 4}"],
    ["(merge-with + {:a 1} {:a 2} {:a 3})", "{:a 6}"],
    ["(merge-with into {:a [1]} {:a [2]} nil)", "{:a [1 2]}"],
    ["(merge-with +)", "nil"],
    ["(merge-with + [1 2])", "[1 2]"],
    ["(merge-with + {:a 1} [1])", { error: "type_error" }],
  ]);
  cases("hash-map/zipmap", [
    ["(hash-map :a 1 :b 2)", "{:a 1 :b 2}"],
    ["(hash-map)", "{}"],
    ["(array-map :a 1)", "{:a 1}"],
    ["(hash-map :a 1 :a 2)", "{:a 2}"],
    ["(hash-map :a)", { error: "arity_error" }],
    ["(zipmap [:a :b :c] [1 2 3])", "{:a 1 :b 2 :c 3}"],
    ["(zipmap [:a :b] [1 2 3])", "{:a 1 :b 2}"],
    ["(zipmap [] [])", "{}"],
  ]);
  cases("update-vals/update-keys/reduce-kv", [
    ["(update-vals {:a 1 :b 2} inc)", "{:a 2 :b 3}"],
    ["(update-vals {} inc)", "{}"],
    ["(update-vals nil inc)", "{}"],
    ["(update-keys {:a 1 :b 2} str)", '{":a" 1 ":b" 2}'],
    ["(update-keys {:a 1} name)", '{"a" 1}'],
    ["(update-vals [1 2] inc)", "{0 2 1 3}"],
    ["(reduce-kv (fn [acc k v] (+ acc v)) 0 {:a 1 :b 2 :c 3})", "6"],
    ["(reduce-kv (fn [acc k v] (assoc acc k (* v 2))) {} {:a 1 :b 2})", "{:a 2 :b 4}"],
    ["(reduce-kv (fn [acc i v] (+ acc (* i v))) 0 [5 6])", "6"],
    ["(reduce-kv (fn [acc k v] (conj acc k)) [] {:b 1 :a 2})", "[:a :b]"],
    ["(reduce-kv + 7 nil)", "7"],
  ]);
});
