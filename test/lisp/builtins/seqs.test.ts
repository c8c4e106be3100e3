import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("seqs: map family", () => {
  cases("map/mapv", [
    ["(map inc [1 2 3])", "[2 3 4]"],
    ['(map :name [{:name "A"} {"name" "B"} {}])', '["A" "B" nil]'],
    ["(map + [1 2 3] [10 20 30])", "[11 22 33]"],
    ["(map + [1 2 3 4] [10 20])", "[11 22]"],
    ["(map (fn [a b c] (+ a b c)) [1 2] [10 20] [100 200])", "[111 222]"],
    ["(map inc nil)", "[]"],
    ['(map identity "héllo")', '["h" "é" "l" "l" "o"]'],
    ["(map (fn [[k v]] [v k]) {:b 2 :a 1})", "[[1 :a] [2 :b]]"],
    ["(map #{1 2} [1 3])", "[1 nil]"],
    ["(map 5 [1])", { error: "not_callable" }],
    ["(map inc 5)", { error: "type_error" }],
    ["(mapv str [1 2])", '["1" "2"]'],
    ['(mapv vector [1 2] "ab")', '[[1 "a"] [2 "b"]]'],
  ]);
  cases("map-indexed/mapcat/keep/keep-indexed", [
    ['(map-indexed (fn [i x] [i x]) ["a" "b"])', '[[0 "a"] [1 "b"]]'],
    ["(map-indexed vector nil)", "[]"],
    ["(mapcat (fn [x] [x (* x 2)]) [1 2 3])", "[1 2 2 4 3 6]"],
    ["(mapcat (fn [x] (range 0 x)) [2 3 1])", "[0 1 0 1 2 0]"],
    ["(mapcat identity [[1 2] nil [3]])", "[1 2 3]"],
    ['(mapcat identity ["ab" "c"])', '["a" "b" "c"]'],
    ["(mapcat vector [1 2] [:a :b])", "[1 :a 2 :b]"],
    ["(keep (fn [x] (when (odd? x) x)) (range 10))", "[1 3 5 7 9]"],
    ["(keep identity [false nil 1 2 nil 3])", "[false 1 2 3]"],
    ["(keep :a [{:a 1} {:b 2}])", "[1]"],
    ["(keep-indexed (fn [i v] (if (odd? i) v)) [:a :b :c :d])", "[:b :d]"],
    ["(keep-indexed (fn [i v] (when (even? i) v)) [10 20 30])", "[10 30]"],
    ["(keep-indexed vector [])", "[]"],
  ]);
});

describe("seqs: filtering", () => {
  cases("filter/filterv/remove", [
    ["(filter even? [1 2 3 4])", "[2 4]"],
    ["(filter :active [{:active true :id 1} {:active false :id 2} {:id 3}])", "[{:active true :id 1}]"],
    ['(filter :active [{"active" true}])', '[{"active" true}]'],
    ["(filter #{:a :b} [:a :c :b])", "[:a :b]"],
    ["(filter even? [])", "[]"],
    ["(filter even? nil)", "[]"],
    ["(filter (fn [[k v]] (> v 100)) {:food 50 :travel 200 :office 150})", "[[:office 150] [:travel 200]]"],
    ['(filter #(= \\l %) "hello")', '["l" "l"]'],
    ["(filter nil [1])", { error: "not_callable" }],
    ["(filterv pos? [-1 0 1])", "[1]"],
    ["(remove :deleted [{:deleted true} {:deleted nil}])", "[{:deleted nil}]"],
    ["(remove (fn [[k v]] (nil? v)) {:a 1 :b nil :c 3})", "[[:a 1] [:c 3]]"],
    ["(remove nil? [1 nil 2])", "[1 2]"],
  ]);
  cases("take-while/drop-while/split-with", [
    ["(take-while pos? [1 2 -1 3])", "[1 2]"],
    ["(take-while :active [{:active true} {:active true} {:active false}])", "[{:active true} {:active true}]"],
    ["(take-while pos? [1 2])", "[1 2]"],
    ["(take-while pos? nil)", "[]"],
    ["(drop-while pos? [1 2 -1 3])", "[-1 3]"],
    ["(drop-while :pending [{:pending true} {:pending false}])", "[{:pending false}]"],
    ["(drop-while pos? [1 2])", "[]"],
    ["(split-with pos? [1 2 -1 3])", "[[1 2] [-1 3]]"],
    ["(split-with even? [2 4 5 6])", "[[2 4] [5 6]]"],
    ['(split-with #(not= % "c") "abcd")', '[["a" "b"] ["c" "d"]]'],
  ]);
  cases("some/every?/not-any?/not-every?", [
    ["(some even? [1 3 4 5])", "true"],
    ['(some :admin [{:admin false} {:admin "yes"}])', '"yes"'],
    ['(some #{"x"} ["a" "x"])', '"x"'],
    ["(some even? [])", "nil"],
    ["(some even? nil)", "nil"],
    ["(every? pos? [1 2 3])", "true"],
    ["(every? pos? [])", "true"],
    ["(every? :active [{:active true} {:active nil}])", "false"],
    ["(not-any? :error [{:ok 1} {:ok 2}])", "true"],
    ["(not-any? even? [1 2])", "false"],
    ["(not-every? even? [2 3])", "true"],
    ["(not-every? even? [2 4])", "false"],
    ['(every? #(= % "a") "aaa")', "true"],
  ]);
});

describe("seqs: reduce, grouping, apply", () => {
  cases("reduce", [
    ["(reduce + [1 2 3])", "6"],
    ["(reduce + 0 [1 2 3])", "6"],
    ["(reduce - 10 [1 2 3])", "4"],
    ["(reduce + [])", "0"],
    ["(reduce + [5])", "5"],
    ["(reduce + 7 nil)", "7"],
    ["(reduce (fn [acc [k v]] (+ acc v)) 0 {:a 1 :b 2})", "3"],
    ['(reduce (fn [acc x] (str acc "-" x)) "a" "bc")', '"a-b-c"'],
    ["(reduce + 0 #{1 2 3})", "6"],
    ["(reduce conj [] [1 2])", "[1 2]"],
    ["(reduce (fn [m x] (assoc m x (* x x))) {} [1 2])", "{1 1 2 4}"],
  ]);
  cases("group-by", [
    [
      '(group-by :category [{:category "a" :n 1} {:category "b" :n 2} {:category "a" :n 3}])',
      '{"a" [{:category "a" :n 1} {:category "a" :n 3}] "b" [{:category "b" :n 2}]}',
    ],
    ['(group-by first [["a" 1] ["a" 2] ["b" 3]])', '{"a" [["a" 1] ["a" 2]] "b" [["b" 3]]}'],
    ['(group-by "type" [{"type" "x"} {:type "x"}])', '{"x" [{"type" "x"} {:type "x"}]}'],
    ["(group-by odd? [])", "{}"],
    ["(group-by :k [{:k nil} {}])", "{nil [{:k nil} {}]}"],
    ['(group-by identity "aba")', '{"a" ["a" "a"] "b" ["b"]}'],
    ["(-> (group-by :s [{:s 1} {:s 1} {:s 2}]) (update-vals count))", "{1 2 2 1}"],
  ]);
  cases("frequencies/partition-by", [
    ["(frequencies [:a :b :a :c :b :a])", "{:a 3 :b 2 :c 1}"],
    ['(frequencies "hello")', '{"e" 1 "h" 1 "l" 2 "o" 1}'],
    ["(frequencies [])", "{}"],
    ["(frequencies [1 1.0])", "{1 1 1.0 1}"],
    ["(partition-by odd? [1 1 2 2 3])", "[[1 1] [2 2] [3]]"],
    ["(partition-by identity [1 1 2 3 3])", "[[1 1] [2] [3 3]]"],
    ["(partition-by odd? [])", "[]"],
  ]);
  cases("apply/identity", [
    ["(apply + [1 2 3])", "6"],
    ["(apply + [])", "0"],
    ["(apply + 1 2 [3 4])", "10"],
    ['(apply str ["a" "b" "c"])', '"abc"'],
    ["(apply merge {:a 1} [{:b 2} {:c 3}])", "{:a 1 :b 2 :c 3}"],
    ['(apply :name [{:name "Alice"}])', '"Alice"'],
    ["(apply max-key second (seq {:a 3 :b 7 :c 2}))", "[:b 7]"],
    ["(apply + 1 2)", { error: "type_error" }],
    ["(apply nil [1])", { error: "not_callable" }],
    ["(apply + (range 120000))", "7199940000"],
    ['(count (apply str (repeat 120000 "a")))', "120000"],
    ["(apply (fn [& xs] (count xs)) (range 120000))", { error: "runtime_error" }],
    ["(identity 42)", "42"],
    ["(identity nil)", "nil"],
    ["(map identity [1 2])", "[1 2]"],
  ]);
});
