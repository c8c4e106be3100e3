/**
 * Spec §7 filtering predicates (keywords, `fn`, `#()`, named fns and sets as predicates; and/or/not
 * combinations; membership; nested access; nil-safe guards) and §7.5 / DIV-47 flexible key access:
 * keyword accessors find string keys and vice versa, the exact key type wins when both exist, and
 * hyphens fall back to underscores. String-keyed data comes in through a JSON `context`.
 */
import { describe } from "bun:test";
import { cases } from "./helpers.ts";

const people = [{ active: 1 }, { active: null }, { active: false }];

describe("spec §7 predicate shapes", () => {
  cases("keyword predicates read from the context", [["(count (filter :active data/people))", "1"]], {
    context: { people },
  });
});

const users = [
  { name: "Ann", role: "admin", age: 41, turn_count: 3 },
  { name: "Bo", role: "dev", age: 29, turn_count: 1 },
  { name: "Cy", role: "dev", age: 35, turn_count: 7 },
];
const org = { team: { lead: "Ann", size: 3 } };

describe("spec §7.5 flexible key access on string-keyed data", () => {
  cases(
    "keyword accessors on JSON context data",
    [
      ["(map :name data/users)", '["Ann" "Bo" "Cy"]'],
      ["(:name (first data/users))", '"Ann"'],
      ["(get (first data/users) :role)", '"admin"'],
      ['(count (filter #(= (:role %) "dev") data/users))', "2"],
      ["(map :name (sort-by :age data/users))", '["Bo" "Cy" "Ann"]'],
      ["(sum-by :age data/users)", "105"],
      ["(:name (max-by :age data/users))", '"Ann"'],
      ["(get-in data/org [:team :lead])", '"Ann"'],
      ["(:size (:team data/org))", "3"],
      ["(map :turn-count data/users)", "[3 1 7]"],
      ["(sum-by :turn-count data/users)", "11"],
      ["(:missing (first data/users))", "nil"],
      ["(get-in data/org [:team :nobody :deeper])", "nil"],
      ['(:email (first data/users) "none")', '"none"'],
      ["(contains? (first data/users) :role)", "true"],
      ["(sort (keys (group-by :role data/users)))", '["admin" "dev"]'],
      ['(map :name (sort-by "age" data/users))', '["Bo" "Cy" "Ann"]'],
      ['(sum-by "age" data/users)', "105"],
    ],
    { context: { users, org } },
  );
});
