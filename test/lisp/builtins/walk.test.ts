import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("walk", () => {
  cases("walk", [
    ["(walk inc #(apply + %) [1 2 3])", "9"],
    ["(walk identity identity [1 2 3])", "[1 2 3]"],
    ["(walk inc identity #{1 2 3})", "#{2 3 4}"],
    ["(walk (fn [[k v]] [k (inc v)]) identity {:a 1})", "{:a 2}"],
    ["(walk identity count 5)", { error: "type_error" }],
  ]);
  cases("prewalk/postwalk", [
    ["(prewalk #(if (number? %) (inc %) %) [1 [2 3]])", "[2 [3 4]]"],
    ["(postwalk #(if (number? %) (inc %) %) [1 [2 3]])", "[2 [3 4]]"],
    ["(postwalk #(if (vector? %) (apply + %) %) [[1 2] [3 4]])", "10"],
    [
      "(prewalk #(if (and (map? %) (:value %)) (update % :value inc) %) {:value 1 :nested {:value 2}})",
      "{:nested {:value 3} :value 2}",
    ],
    ['(clojure.walk/postwalk #(if (string? %) (upper-case %) %) {:a ["x"]})', '{:a ["X"]}'],
    ["(postwalk identity nil)", "nil"],
  ]);
  cases("tree-seq", [
    [
      "(let [tree {:id 1 :children [{:id 2 :children []} {:id 3 :children []}]}] (map :id (tree-seq :children :children tree)))",
      "[1 2 3]",
    ],
    ["(tree-seq sequential? seq [[1 2] [3 [4 5]]])", "[[[1 2] [3 [4 5]]] [1 2] 1 2 [3 [4 5]] 3 [4 5] 4 5]"],
    ["(tree-seq map? :kids 7)", "[7]"],
  ]);
  // No clock race: with a distant deadline only the memory budget can stop this endless tree.
  cases("tree-seq: memory", [['(tree-seq string? seq "ab")', { error: "memory_exceeded" }]], {
    limits: { timeoutMs: 50_000 },
  });
});
