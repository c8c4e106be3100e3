import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("fns: combinators", () => {
  cases("comp", [
    ["((comp str inc) 5)", '"6"'],
    ["((comp str +) 1 2 3)", '"6"'],
    ["((comp inc inc inc) 0)", "3"],
    ["((comp) 42)", "42"],
    ["(map (comp inc :n) [{:n 1} {:n 2}])", "[2 3]"],
    ["(comp nil inc)", { error: "not_callable" }],
  ]);
  cases("partial", [
    ["((partial + 10) 5)", "15"],
    ["((partial + 1 2))", "3"],
    ["(map (partial + 10) [1 2 3])", "[11 12 13]"],
    ['((partial str "a" "b") "c" "d")', '"abcd"'],
  ]);
  cases("juxt", [
    ['((juxt :name :age) {:name "Alice" :age 30})', '["Alice" 30]'],
    ["((juxt #(+ % 1) #(* % 2)) 5)", "[6 10]"],
    ["((juxt first last) [1 2 3])", "[1 3]"],
    ["(map (juxt :x :y) [{:x 1 :y 2}])", "[[1 2]]"],
  ]);
  cases("complement/constantly", [
    ["((complement even?) 3)", "true"],
    ["((complement even?) 4)", "false"],
    ["(filter (complement even?) [1 2 3 4])", "[1 3]"],
    ["((complement :a) {:a nil})", "true"],
    ["((constantly 5) 1 2 3)", "5"],
    ["((constantly nil) :a :b)", "nil"],
    ["(map (constantly 0) [1 2])", "[0 0]"],
  ]);
  cases("every-pred/some-fn", [
    ["((every-pred even? pos?) 4)", "true"],
    ["((every-pred even? pos?) -4)", "false"],
    ["((every-pred even? pos?) 4 6 8)", "true"],
    ["(filter (every-pred even? pos?) [-2 -1 0 1 2 3 4])", "[2 4]"],
    ["((some-fn :a :b) {:a 1})", "1"],
    ["((some-fn :a :b) {:b 2})", "2"],
    ["((some-fn :a :b) {:c 3})", "nil"],
    ["((some-fn even? pos?) 3)", "true"],
  ]);
  cases("fnil", [
    ["((fnil inc 0) nil)", "1"],
    ["((fnil inc 0) 5)", "6"],
    ["((fnil + 0 0) nil nil)", "0"],
    ["(update {:n nil} :n (fnil + 0) 5)", "{:n 5}"],
  ]);
  cases("pmap/pcalls", [
    ["(pmap inc [1 2 3])", "[2 3 4]"],
    ["(pmap + [1 2 3] [10 20])", "[11 22]"],
    ["(pmap inc nil)", "[]"],
    ['(pmap str "ab")', '["a" "b"]'],
    ["(pcalls #(+ 1 1) #(* 2 3) #(- 10 5))", "[2 6 5]"],
    ["(pcalls)", "[]"],
  ]);
});
