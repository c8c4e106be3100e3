import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("subseqs: positions", () => {
  cases("first/second/last", [
    ["(first [1 2 3])", "1"],
    ["(first [])", "nil"],
    ["(first nil)", "nil"],
    ['(first "héllo")', '"h"'],
    ["(first {:a 1})", { error: "type_error" }],
    ["(first #{1})", { error: "type_error" }],
    ["(first (seq {:a 1}))", "[:a 1]"],
    ["(second [1 2 3])", "2"],
    ["(second [1])", "nil"],
    ['(second "ab")', '"b"'],
    ["(last [1 2 3])", "3"],
    ["(last [])", "nil"],
    ['(last "😀a😀")', '"😀"'],
    ["(last {:a 1})", { error: "type_error" }],
  ]);
  cases("rest/next/butlast", [
    ["(rest [1 2 3])", "[2 3]"],
    ["(rest [])", "[]"],
    ["(rest nil)", "[]"],
    ['(rest "abc")', '["b" "c"]'],
    ["(rest {:a 1 :b 2})", { error: "type_error" }],
    ["(next [1 2 3])", "[2 3]"],
    ["(next [1])", "nil"],
    ["(next [])", "nil"],
    ["(butlast [1 2 3 4])", "[1 2 3]"],
    ["(butlast [1])", "nil"],
    ["(butlast [])", "nil"],
  ]);
  cases("ffirst/fnext/nfirst/nnext", [
    ["(ffirst [[1 2] [3]])", "1"],
    ["(ffirst [])", "nil"],
    ["(fnext [1 2 3])", "2"],
    ["(fnext [1])", "nil"],
    ["(nfirst [[1 2] [3]])", "[2]"],
    ["(nfirst [[1]])", "nil"],
    ["(nnext [1 2 3 4])", "[3 4]"],
    ["(nnext [1 2])", "nil"],
  ]);
  cases("nth", [
    ["(nth [1 2 3] 1)", "2"],
    ["(nth [1 2 3] 10)", "nil"],
    ["(nth [1 2] -1)", "nil"],
    ["(nth [1 2] 5 :none)", ":none"],
    ["(nth [10 20] 1.0)", "20"],
    ["(nth nil 0)", "nil"],
    ['(nth "😀a" 0)', '"😀"'],
    ["(nth {:a 1} 0)", { error: "type_error" }],
    ["(nth [1 2] :a)", { error: "type_error" }],
  ]);
});

describe("subseqs: slicing", () => {
  cases("take/drop", [
    ["(take 2 [1 2 3 4])", "[1 2]"],
    ["(take 10 [1 2])", "[1 2]"],
    ["(take 0 [1 2])", "[]"],
    ["(take -1 [1 2])", "[]"],
    ["(take 2 nil)", "[]"],
    ['(take 2 "hello")', '["h" "e"]'],
    ["(take 1 {:b 2 :a 1})", "[[:a 1]]"],
    ["(take 1.0 [10 20])", "[10]"],
    ["(take nil [1])", { error: "type_error" }],
    ["(drop 2 [1 2 3 4])", "[3 4]"],
    ["(drop 5 [1 2])", "[]"],
    ["(drop -1 [1 2])", "[1 2]"],
    ['(drop 3 "hello")', '["l" "o"]'],
  ]);
  cases("nthrest/nthnext/take-last/drop-last", [
    ["(nthrest [1 2 3] 1)", "[2 3]"],
    ["(nthrest [1 2 3] 5)", "[]"],
    ["(nthnext [1 2 3] 1)", "[2 3]"],
    ["(nthnext [1 2 3] 3)", "nil"],
    ["(take-last 2 [1 2 3])", "[2 3]"],
    ["(take-last 5 [1 2])", "[1 2]"],
    ["(take-last 2 [])", "nil"],
    ['(take-last 2 "abc")', '["b" "c"]'],
    ["(drop-last [1 2 3])", "[1 2]"],
    ["(drop-last 2 [1 2 3])", "[1]"],
    ["(drop-last 5 [1 2 3])", "[]"],
    ["(drop-last nil)", "[]"],
  ]);
  cases("split-at/subvec/peek/pop", [
    ["(split-at 2 [1 2 3 4 5])", "[[1 2] [3 4 5]]"],
    ["(split-at 0 [1 2 3])", "[[] [1 2 3]]"],
    ["(split-at -1 [1 2 3])", "[[] [1 2 3]]"],
    ["(subvec [0 1 2 3 4] 1 3)", "[1 2]"],
    ["(subvec [0 1 2 3 4] 2)", "[2 3 4]"],
    ["(subvec [1 2 3] 0 9)", "[1 2 3]"],
    ["(subvec [1 2 3] -1)", "[1 2 3]"],
    ["(subvec [1 2 3] 2 1)", "[]"],
    ['(subvec "abc" 1)', { error: "type_error" }],
    ["(peek [1 2 3])", "3"],
    ["(peek [])", "nil"],
    ["(peek nil)", "nil"],
    ["(pop [1 2 3])", "[1 2]"],
    ["(pop [])", "nil"],
    ["(pop #{1})", { error: "type_error" }],
  ]);
  cases("partition/partition-all", [
    ["(partition 2 [1 2 3 4 5 6])", "[[1 2] [3 4] [5 6]]"],
    ["(partition 3 [1 2 3 4 5])", "[[1 2 3]]"],
    ["(partition 2 1 [1 2 3 4])", "[[1 2] [2 3] [3 4]]"],
    ["(partition 3 3 [0] [1 2 3 4 5])", "[[1 2 3] [4 5 0]]"],
    ["(partition 3 3 nil [1 2 3 4])", "[[1 2 3] [4]]"],
    ["(partition 2 [])", "[]"],
    ["(partition 0 [1 2])", "[]"],
    ["(partition-all 2 [1 2 3 4 5])", "[[1 2] [3 4] [5]]"],
    ["(partition-all 3 [1 2 3 4 5])", "[[1 2 3] [4 5]]"],
    ["(partition-all 2 1 [1 2 3])", "[[1 2] [2 3] [3]]"],
    ["(partition-all 2 nil)", "[]"],
    ["(partition-all 2 0 [1 2])", { error: "runtime_error" }],
  ]);
});

describe("subseqs: ordering and shaping", () => {
  cases("reverse", [
    ["(reverse [1 2 3])", "[3 2 1]"],
    ["(reverse [])", "[]"],
    ["(reverse nil)", "[]"],
    ['(reverse "abc")', '["c" "b" "a"]'],
    ["(reverse {:a 1 :b 2})", { error: "type_error" }],
  ]);
  cases("sort", [
    ["(sort [3 1 2])", "[1 2 3]"],
    ['(sort ["b" "a" "c"])', '["a" "b" "c"]'],
    ["(sort :desc [1 3 2])", "[3 2 1]"],
    ["(sort :asc [3 1 2])", "[1 2 3]"],
    ["(sort > [1 3 2])", "[3 2 1]"],
    ["(sort (fn [a b] (compare b a)) [1 3 2])", "[3 2 1]"],
    ["(sort [1 2.5 0.5 2])", "[0.5 1 2 2.5]"],
    ['(sort [1 "a"])', '[1 "a"]'],
    ["(sort [1 nil])", "[1 nil]"],
    ["(sort {:b 2 :a 1})", "[[:a 1] [:b 2]]"],
    ["(sort #{3 1 2})", "[1 2 3]"],
    ['(sort "cab")', '["a" "b" "c"]'],
    ["(sort [])", "[]"],
    ["(sort nil [2 1])", "[1 2]"],
    ['(sort :name [{:name "b"}])', { error: "type_error" }],
  ]);
  cases("sort-by", [
    ["(sort-by :price [{:price 3} {:price 1} {:price 2}])", "[{:price 1} {:price 2} {:price 3}]"],
    ["(sort-by :price > [{:price 3} {:price 1} {:price 2}])", "[{:price 3} {:price 2} {:price 1}]"],
    ["(sort-by :price :desc [{:price 1} {:price 2}])", "[{:price 2} {:price 1}]"],
    ['(sort-by "price" [{"price" 2} {"price" 1}])', '[{"price" 1} {"price" 2}]'],
    ["(sort-by :a [{:a nil} {:a 1}])", "[{:a 1} {:a nil}]"],
    ['(sort-by first [["b" 2] ["a" 1] ["c" 3]])', '[["a" 1] ["b" 2] ["c" 3]]'],
    ["(sort-by second > {:food 100 :travel 500 :office 200})", "[[:travel 500] [:office 200] [:food 100]]"],
    ["(sort-by :k [{:k 1 :id 1} {:k 0 :id 2} {:k 1 :id 3}])", "[{:id 2 :k 0} {:id 1 :k 1} {:id 3 :k 1}]"],
    ["(sort-by :k :desc [{:k 1 :id 1} {:k 0 :id 2} {:k 1 :id 3}])", "[{:id 1 :k 1} {:id 3 :k 1} {:id 2 :k 0}]"],
    ["(sort-by (juxt :a :b) [{:a 1 :b 2} {:a 1 :b 1} {:a 0 :b 9}])", "[{:a 0 :b 9} {:a 1 :b 1} {:a 1 :b 2}]"],
    ["(sort-by [:u :age] [{:u {:age 30}} {:u {:age 20}}])", "[{:u {:age 20}} {:u {:age 30}}]"],
    ["(sort-by :x [])", "[]"],
    ['(sort-by count #{"bbb" "a" "cc"})', '["a" "cc" "bbb"]'],
    ["(sort-by 5 [1])", { error: "type_error" }],
  ]);
  cases("distinct/dedupe", [
    ["(distinct [1 2 1 3])", "[1 2 3]"],
    ["(distinct [])", "[]"],
    ['(distinct "abca")', '["a" "b" "c"]'],
    ["(distinct [{:a 1} {:a 1}])", "[{:a 1}]"],
    ["(distinct {:a 1})", { error: "type_error" }],
    ["(dedupe [1 1 2 3 3 2])", "[1 2 3 2]"],
    ['(dedupe "aabcc")', '["a" "b" "c"]'],
    ["(dedupe [])", "[]"],
  ]);
  cases("interpose/interleave/flatten", [
    ['(interpose ", " ["a" "b" "c"])', '["a" ", " "b" ", " "c"]'],
    ["(interpose 0 [])", "[]"],
    ['(interpose "-" "ab")', '["a" "-" "b"]'],
    ["(interpose :x {:a 1})", { error: "type_error" }],
    ["(interleave [1 2 3] [:a :b])", "[1 :a 2 :b]"],
    ["(interleave)", "[]"],
    ["(interleave [1 2])", "[1 2]"],
    ['(interleave "ab" [1 2])', '["a" 1 "b" 2]'],
    ["(flatten [[1 2] [3 [4]]])", "[1 2 3 4]"],
    ['(flatten [1 [2 {:a 3}] "str"])', '[1 2 {:a 3} "str"]'],
    ["(flatten [#{1} [2]])", "[#{1} 2]"],
    ["(flatten nil)", "[]"],
    ["(flatten 5)", "[]"],
  ]);
});
