import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("sets", () => {
  cases("union", [
    ["(union #{1 2} #{2 3})", "#{1 2 3}"],
    ["(union)", "#{}"],
    ["(union #{1} nil)", "#{1}"],
    ["(clojure.set/union #{1} [2 2])", "#{1 2}"],
  ]);
  cases("intersection", [
    ["(intersection #{1 2 3} #{2 3 4})", "#{2 3}"],
    ["(intersection #{1} #{2})", "#{}"],
    ["(intersection #{1 2} #{2} #{2 5})", "#{2}"],
    ["(set/intersection #{:a} #{:a})", "#{:a}"],
  ]);
  cases("difference", [
    ["(difference #{1 2 3} #{2})", "#{1 3}"],
    ["(difference #{1 2} #{1} #{2})", "#{}"],
    ["(difference #{1})", "#{1}"],
    ["(difference nil #{1})", "#{}"],
  ]);
  cases("subset?/superset?", [
    ["(subset? #{1} #{1 2})", "true"],
    ["(subset? #{3} #{1 2})", "false"],
    ["(superset? #{1 2} #{2})", "true"],
    ["(subset? #{} #{})", "true"],
  ]);
  cases("set namespace aliases", [
    ["(set/set [1 1])", "#{1}"],
    ["(clojure.set/contains? #{1} 1)", "true"],
  ]);
});
