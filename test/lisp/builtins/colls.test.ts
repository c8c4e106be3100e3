import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("colls: size and emptiness", () => {
  cases("count", [
    ["(count [1 2 3])", "3"],
    ["(count [])", "0"],
    ["(count nil)", "0"],
    ["(count {:a 1 :b 2})", "2"],
    ["(count #{1 2})", "2"],
    ['(count "hello")', "5"],
    ['(count "😀a")', "2"],
    ['(count "e\u0301")', "1"],
    ["(count 5)", { error: "type_error" }],
  ]);
  cases("empty?/not-empty/empty", [
    ["(empty? [])", "true"],
    ["(empty? nil)", "true"],
    ['(empty? "")', "true"],
    ["(empty? {:a 1})", "false"],
    ["(empty? #{})", "true"],
    ["(empty? 0)", { error: "type_error" }],
    ["(not-empty [1 2])", "[1 2]"],
    ["(not-empty [])", "nil"],
    ["(not-empty nil)", "nil"],
    ['(not-empty "a")', '"a"'],
    ["(empty [1 2 3])", "[]"],
    ["(empty {:a 1})", "{}"],
    ["(empty #{1})", "#{}"],
    ["(empty nil)", "nil"],
    ['(empty "abc")', "nil"],
  ]);
});

describe("colls: conversion", () => {
  cases("seq", [
    ["(seq [1 2 3])", "[1 2 3]"],
    ["(seq [])", "nil"],
    ["(seq nil)", "nil"],
    ['(seq "hi")', '["h" "i"]'],
    ['(seq "")', "nil"],
    ["(seq {})", "nil"],
    ["(seq {:b 2 :a 1})", "[[:a 1] [:b 2]]"],
    ["(count (seq #{1 2 3}))", "3"],
    ["(seq 1)", { error: "type_error" }],
  ]);
  cases("vec/vector/list", [
    ["(vec #{1})", "[1]"],
    ["(vec nil)", "[]"],
    ['(vec "ab")', '["a" "b"]'],
    ["(vec {:a 1})", "[[:a 1]]"],
    ["(vec 1)", { error: "type_error" }],
    ["(vector)", "[]"],
    ['(vector 1 nil "a")', '[1 nil "a"]'],
    ["(list 1 2 3)", "[1 2 3]"],
    ["(list)", "[]"],
  ]);
  cases("set/hash-set/disj", [
    ["(set [1 2 2 3])", "#{1 2 3}"],
    ["(set nil)", "#{}"],
    ['(set "aba")', '#{"a" "b"}'],
    ["(contains? (set [1 2]) 2)", "true"],
    ["(hash-set 1 1 2)", "#{1 2}"],
    ["(hash-set)", "#{}"],
    ["(disj #{1 2 3} 2)", "#{1 3}"],
    ["(disj #{1 2 3} 2 3)", "#{1}"],
    ["(disj nil 1)", "nil"],
    ["(disj [1] 1)", { error: "type_error" }],
  ]);
});

describe("colls: combining", () => {
  cases("cons/conj", [
    ["(cons 0 [1 2 3])", "[0 1 2 3]"],
    ["(cons 0 nil)", "[0]"],
    ['(cons 0 "ab")', '[0 "a" "b"]'],
    ["(conj [1 2] 3)", "[1 2 3]"],
    ["(conj [1 2] 3 4)", "[1 2 3 4]"],
    ["(conj #{1 2} 3)", "#{1 2 3}"],
    ["(conj {:a 1} [:b 2])", "{:a 1 :b 2}"],
    ["(conj {:a 1} {:b 2 :c 3})", "{:a 1 :b 2 :c 3}"],
    ["(conj nil :a :b)", "[:a :b]"],
    ["(conj)", "[]"],
    ["(conj [1])", "[1]"],
    ["(conj {:a 1} :b)", { error: "type_error" }],
    ['(conj "ab" "c")', { error: "type_error" }],
    ["(let [v [1 2] a (conj v 3) b (conj v 4)] [a b v])", "[[1 2 3] [1 2 4] [1 2]]"],
  ]);
  cases("concat", [
    ["(concat [1 2] [3 4])", "[1 2 3 4]"],
    ["(concat)", "[]"],
    ["(concat [1] nil [2])", "[1 2]"],
    ['(concat "ab" [1])', '["a" "b" 1]'],
    ["(concat {:a 1} [2])", "[[:a 1] 2]"],
    ["(concat [1] 2)", { error: "type_error" }],
  ]);
  cases("into", [
    ["(into [] [1 2 3])", "[1 2 3]"],
    ["(into [1] [2 3])", "[1 2 3]"],
    ["(into [] {:a 1 :b 2})", "[[:a 1] [:b 2]]"],
    ["(into #{} [1 2 2 3])", "#{1 2 3}"],
    ["(into {} [[:a 1] [:b 2]])", "{:a 1 :b 2}"],
    ["(into #{} {:a 1})", "#{[:a 1]}"],
    ["(into {} #{[:a 1]})", "{:a 1}"],
    ["(into {:a 1} {:a 2 :b 3})", "{:a 2 :b 3}"],
    ["(into nil [1 2])", "[1 2]"],
    ['(into [] "ab")', '["a" "b"]'],
    ["(into)", "[]"],
    ["(into [1])", "[1]"],
    ["(into {} [1 2])", { error: "type_error" }],
    ["(into 5 [1])", { error: "type_error" }],
  ]);
  cases("zip/combinations", [
    ["(zip [1 2] [:a :b])", "[[1 :a] [2 :b]]"],
    ["(zip [1 2 3] [:a])", "[[1 :a]]"],
    ["(zip [] [1])", "[]"],
    ["(combinations [1 2 3] 2)", "[[1 2] [1 3] [2 3]]"],
    ["(combinations [1 2 3 4] 3)", "[[1 2 3] [1 2 4] [1 3 4] [2 3 4]]"],
    ["(combinations [1 2 3] 0)", "[[]]"],
    ["(combinations [1 2] 3)", "[]"],
  ]);
});

describe("colls: generation", () => {
  cases("range", [
    ["(range 5)", "[0 1 2 3 4]"],
    ["(range 5 10)", "[5 6 7 8 9]"],
    ["(range 0 10 2)", "[0 2 4 6 8]"],
    ["(range 10 0 -2)", "[10 8 6 4 2]"],
    ["(range 5 5)", "[]"],
    ["(range 0)", "[]"],
    ["(range -3)", "[]"],
    ["(range 0 1 0.25)", "[0 0.25 0.5 0.75]"],
    ["(range 0.5 3)", "[0.5 1.5 2.5]"],
    ["(range 2.5)", "[0 1 2]"],
    ["(range)", { error: "runtime_error" }],
    ["(range 1 5 0)", { error: "runtime_error" }],
    ["(range 5 5 0)", "[]"],
    ["(range nil)", { error: "type_error" }],
    ['(range "a" 3)', { error: "type_error" }],
    ["(count (range 100000))", "100000"],
  ]);
  // A distant deadline, so only the memory budget can end it (no race with the clock on a busy machine).
  cases("range: memory", [["(range 10000000)", { error: "memory_exceeded" }]], { limits: { timeoutMs: 50_000 } });
  cases("repeat", [
    ["(repeat 3 :x)", "[:x :x :x]"],
    ["(repeat 0 :x)", "[]"],
    ["(repeat -1 :x)", "[]"],
    ["(repeat :x)", { error: "runtime_error" }],
  ]);
});
