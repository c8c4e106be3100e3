import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("aggregate: sums and averages", () => {
  cases("sum", [
    ["(sum [1 2 3 4 5])", "15"],
    ["(sum [])", "0"],
    ["(sum nil)", "0"],
    ["(sum [1 2.5])", "3.5"],
    ["(sum [0.5 0.5])", "1.0"],
    ["(sum [1 nil 2])", "3"],
    ["(sum [9007199254740991 1])", "9007199254740992"],
    ['(sum [1 "2"])', { error: "arithmetic_error" }],
    ["(sum #{1 2})", "3"],
  ]);
  cases("sum-by", [
    ["(sum-by :amount [{:amount 10} {:amount nil} {:other 5}])", "10"],
    ["(sum-by :amount [{:amount 1} {:amount 2.5}])", "3.5"],
    ["(sum-by :x [])", "0"],
    ['(sum-by "amount" [{"amount" 2} {:amount 3}])', "5"],
    ['(sum-by :amount [{"amount" 4}])', "4"],
    ['(sum-by (fn [x] (nth x 1)) [["a" 2] ["b" 3]])', "5"],
    ["(sum-by [:a :b] [{:a {:b 1}} {:a {:b 2}} {:a nil}])", "3"],
    ['(sum-by :amount [{:amount "10"} {:amount 20}])', { error: "arithmetic_error" }],
    ["(sum-by :v [{:v {:x 1}}])", { error: "arithmetic_error" }],
    ["(sum-by :a [{:a true}])", { error: "arithmetic_error" }],
  ]);
  cases("avg/avg-by", [
    ["(avg [1 2 3 4 5])", "3.0"],
    ["(avg [10 20])", "15.0"],
    ["(avg [1 2])", "1.5"],
    ["(avg [])", "nil"],
    ["(avg nil)", "nil"],
    ["(avg [nil 4])", "4.0"],
    ['(avg ["a"])', { error: "arithmetic_error" }],
    ["(avg-by :amount [{:amount 10} {:amount nil} {:amount 20}])", "15.0"],
    ["(avg-by :x [])", "nil"],
    ["(avg-by :x [{:y 1}])", "nil"],
    ["(avg-by :value [{:value {:x 1}}])", { error: "arithmetic_error" }],
    ['(avg-by :price [{"price" 1.5} {"price" 2.5}])', "2.0"],
  ]);
});

describe("aggregate: extremes", () => {
  cases("min-by/max-by", [
    ["(min-by :price [{:price nil} {:price 10} {:price 5}])", "{:price 5}"],
    ["(max-by :price [{:price 3} {:price 10} {:price nil}])", "{:price 10}"],
    ["(min-by :x [])", "nil"],
    ["(max-by :x [])", "nil"],
    ["(max-by :x [{:y 1}])", "nil"],
    ['(min-by first [["b" 2] ["a" 1]])', '["a" 1]'],
    ['(max-by (fn [x] (nth x 1)) [["a" 2] ["b" 3]])', '["b" 3]'],
    ["(max-by :n [{:n 1 :id 1} {:n 1 :id 2}])", "{:id 1 :n 1}"],
    ["(min-by :n {:n 1 :id 1} {:n 0 :id 2})", "{:id 2 :n 0}"],
    ['(max-by count ["a" "abc" "ab"])', '"abc"'],
    ['(max-by :name [{:name "b"} {:name "a"}])', '{:name "b"}'],
  ]);
  cases("min-key/max-key", [
    ['(max-key count "a" "abc" "ab")', '"abc"'],
    ['(min-key count "abc" "a" "ab")', '"a"'],
    ['(max-key #(nth % 1) ["a" 1] ["b" 5] ["c" 3])', '["b" 5]'],
    ['(max-key count "x")', '"x"'],
    ["(max-key :a {:a nil} {:a 1})", "{:a nil}"],
    ["(min-key :a {:a nil} {:a 1})", "{:a 1}"],
    ['(max-key count "ab" "cd")', '"cd"'],
    ["(min-key identity true false)", "false"],
  ]);
  cases("distinct-by", [
    [
      '(distinct-by :category [{:category "a" :n 1} {:category "b"} {:category "a" :n 2}])',
      '[{:category "a" :n 1} {:category "b"}]',
    ],
    ['(distinct-by first [["a" 1] ["a" 2] ["b" 3]])', '[["a" 1] ["b" 3]]'],
    ["(distinct-by :x [])", "[]"],
    ["(distinct-by :x nil)", "[]"],
    ['(distinct-by count ["a" "b" "cc"])', '["a" "cc"]'],
  ]);
});
