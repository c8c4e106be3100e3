import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("compare: equality", () => {
  cases("=", [
    ["(= 1 1)", "true"],
    ["(= 1 1.0)", "true"],
    ["(= 1 1 1)", "true"],
    ["(= 1 1 2)", "false"],
    ["(= 5)", "true"],
    ["(= nil nil)", "true"],
    ["(= 5 nil)", "false"],
    ["(= [1 {:a 2}] [1 {:a 2}])", "true"],
    ['(= "a" \\a)', "true"],
    ["(= ##NaN ##NaN)", "false"],
    ['(= :a "a")', "false"],
  ]);
  cases("== / not=", [
    ["(== 1 1.0)", "true"],
    ["(== :a :a)", "true"],
    ["(not= 1 2)", "true"],
    ["(not= 1 1.0)", "false"],
    ["(not= 1 1 2)", "true"],
  ]);
});

describe("compare: ordering", () => {
  cases("< > <= >=", [
    ["(< 1 2 3)", "true"],
    ["(< 1 3 2)", "false"],
    ["(> 3 2 1)", "true"],
    ["(<= 1 1 2)", "true"],
    ["(>= 3 3 4)", "false"],
    ["(< 1)", "true"],
    ["(< 1.5 2)", "true"],
    ['(> "b" "a")', "true"],
    ['(< "a" 1)', "false"],
    ["(< 1 nil)", "true"],
    ["(> 5 nil)", "false"],
    ["(<= nil nil)", "true"],
    ["(< ##NaN 0.0)", "false"],
    ["(>= ##NaN 0.0)", "false"],
    ["(< 1.0 ##Inf)", "true"],
    ["(< 9007199254740993 9007199254740994)", "true"],
  ]);
  cases("compare", [
    ["(compare 1 2)", "-1"],
    ["(compare 2 2.0)", "0"],
    ['(compare "b" "a")', "1"],
    ["(compare nil 1)", "1"],
    ['(compare "a" :a)', "1"],
    ["(compare {:a 1} {:a 2})", "-1"],
    ["(compare [1 2] [1 3])", "-1"],
  ]);
  cases("distinct? / identical?", [
    ["(distinct? 1 2 3)", "true"],
    ["(distinct? 1 2 1)", "false"],
    ["(distinct? 1)", "true"],
    ["(distinct? [1] [1])", "false"],
    ["(identical? :a :a)", "true"],
    ["(identical? 1 2)", "false"],
  ]);
});
