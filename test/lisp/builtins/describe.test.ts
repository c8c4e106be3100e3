import { describe, expect, test } from "bun:test";
import { cases, run } from "../helpers.ts";

describe("describe: shape summaries", () => {
  cases("vectors of maps", [
    ['(:type (describe [{"event" "turn"} {"event" "done" "ok" true}]))', '"vector"'],
    ['(:item_types (describe [{"event" "turn"} {"event" "done" "ok" true}]))', '{"map" 2}'],
    ['(:key_types (describe [{"event" "turn"} {"event" "done" "ok" true}]))', '{"string" 3}'],
    [
      '(get-in (describe [{"event" "turn"} {"event" "done" "ok" true}]) [:keys "ok"])',
      '{:distinct_count 1 :examples [true] :pct 50.0 :present 1 :types {"boolean" 1}}',
    ],
    ['(get-in (describe [{:n 3} {:n 10} {:n nil}]) [:keys "n" :range])', "{:max 10 :min 3}"],
    ['(get-in (describe [{:s "a"} {:s ""}]) [:keys "s" :non_empty])', "1"],
    ['(get-in (describe [{:s "a"} {:s "a"} {:s "b"} {:s "c"} {:s "d"}]) [:keys "s" :examples])', '["a" "b" "c"]'],
    ['(get-in (describe [{:s "a"} {:s "b"}] {:sample 1}) [:keys "s" :examples])', '["a"]'],
    ['(get-in (describe [{:a 1} {"a" 2}]) [:keys "keyword:a" :present])', "1"],
    ["(describe [])", '{:count 0 :item_types {} :scanned 0 :type "vector"}'],
    ['(:item_types (describe [1 "a" nil 2.5]))', '{"float" 1 "integer" 1 "nil" 1 "string" 1}'],
  ]);
  cases("maps, sets and scalars", [
    [
      '(describe {:a 1 :b "x"})',
      '{:count 2 :key_types {"keyword" 2} :keys {"a" {:distinct_count 1 :examples [1] :range {:max 1 :min 1} :types {"integer" 1}} "b" {:distinct_count 1 :examples ["x"] :non_empty 1 :types {"string" 1}}} :type "map"}',
    ],
    ["(describe #{1 :a})", '{:count 2 :item_types {"integer" 1 "keyword" 1} :scanned 2 :type "set"}'],
    [
      "(describe 42)",
      '{:distinct_count 1 :examples [42] :range {:max 42 :min 42} :sample 42 :type "integer" :types {"integer" 1}}',
    ],
    ["(:type (describe nil))", '"nil"'],
    ['(:range (describe "12.5"))', "{:max 12.5 :min 12.5}"],
    ['(get-in (describe {:a [1 [2]]}) [:keys "a" :examples])', '["[1 [2]]"]'],
    ['(:sample (describe "😀"))', '"😀"'],
    ["(describe)", { error: "arity_error" }],
  ]);
  cases("paths", [
    ["(keys (:paths (describe [{:a {:b 1}} {:a {:b 2 :c [1]}}] {:paths true :depth 2})))", '["a" "a.b" "a.c"]'],
    ['(get-in (describe [{:a {:b 1}} {:a {:c 2}}] {:paths true :depth 2}) [:paths "a.b" :pct])', "50.0"],
    ['(get-in (describe [{:xs [{:v 1} {:v 2}]}] {"paths" true "depth" 2}) [:paths "xs.v" :value_count])', "2"],
    ["(keys (:paths (describe {:a {:b {:c 1}}} {:paths true})))", '["a"]'],
    ['(keys (:paths (describe {"a.b" 1} {:paths true})))', '["a\\\\.b"]'],
    ["(:paths (describe [1 2] {:paths true}))", "{}"],
    ["(contains? (describe [{:a 1}]) :paths)", "false"],
  ]);
  test("large inputs are capped and say so", () => {
    expect(run("(select-keys (describe (vec (range 1500))) [:count :scanned :truncated :caps_hit])")).toBe(
      '{:caps_hit ["max_items"] :count 1500 :scanned 1000 :truncated true}',
    );
    expect(run("(:caps_hit (describe (zipmap (map str (range 150)) (range 150))))")).toBe('["max_keys"]');
    expect(run('(get-in (describe (mapv (fn [i] {:v i}) (range 100))) [:keys "v" :distinct_capped])')).toBe("true");
  });
  test("long strings are clipped in examples", () => {
    expect(run('(first (:examples (describe (apply str (repeat 200 "x")))))')).toMatch(/\.\.\.\(200 chars\)"$/);
  });
});
