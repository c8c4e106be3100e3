import { describe, expect, test } from "bun:test";
import { evaluate } from "../../../src/lisp/index.ts";
import { cases } from "../helpers.ts";

describe("strings: building", () => {
  cases("str", [
    ["(str)", '""'],
    ['(str "Hello" " " "World")', '"Hello World"'],
    ["(str 42)", '"42"'],
    ["(str 2.0)", '"2.0"'],
    ["(str true)", '"true"'],
    ["(str :user)", '":user"'],
    ['(str nil "x")', '"x"'],
    ["(str {:b 2 :a 1})", '"{:a 1 :b 2}"'],
    ['(str [1 "a"])', '"[1 \\"a\\"]"'],
    ["(str \\a \\b)", '"ab"'],
    ["(str ##NaN)", '"NaN"'],
  ]);
  cases("pr-str", [
    ['(pr-str "hello")', '"\\"hello\\""'],
    ["(pr-str nil)", '"nil"'],
    ['(pr-str 1 "a")', '"1 \\"a\\""'],
    ["(pr-str {:b 2 :a 1})", '"{:a 1 :b 2}"'],
    ["(pr-str)", '""'],
  ]);
  cases("join", [
    ['(join ", " ["a" "b" "c"])', '"a, b, c"'],
    ['(join "-" [1 2 3])', '"1-2-3"'],
    ['(join ["a" "b"])', '"ab"'],
    ['(join "," [])', '""'],
    ['(join "," nil)', '""'],
    ['(join "," ["a" nil :k])', '"a,,:k"'],
    ['(clojure.string/join "," [1 2])', '"1,2"'],
    ['(str/join "|" #{1})', '"1"'],
    ["(string/join [1 2])", '"12"'],
  ]);
});

describe("strings: slicing", () => {
  cases("subs", [
    ['(subs "hello" 1)', '"ello"'],
    ['(subs "hello" 1 4)', '"ell"'],
    ['(subs "abcdef" -1)', '""'],
    ['(subs "abc" 10)', '""'],
    ['(subs "abc" 4 4)', '""'],
    ['(subs "abc" 1 99)', '"bc"'],
    ['(subs "abc" 2 1)', '""'],
    ['(subs "abc" 3)', '""'],
    ['(subs "😀a" 1)', '"a"'],
    ['(subs "héllo" 1 3)', '"él"'],
    ['(subs "abcd" 1.0 2.0)', '"b"'],
    ["(subs nil 0)", { error: "type_error" }],
    ['(subs "abc" nil)', { error: "type_error" }],
  ]);
  cases("split", [
    ['(split "a,b,c" ",")', '["a" "b" "c"]'],
    ['(split "hello" "")', '["h" "e" "l" "l" "o"]'],
    ['(split "a,,b" ",")', '["a" "" "b"]'],
    ['(split "a,b,," ",")', '["a" "b"]'],
    ['(split "" ",")', '[""]'],
    ['(split "a.b" ".")', '["a" "b"]'],
    ['(split "a--b--c" "--")', { error: "type_error" }],
    ['(split "a b  c" " " 2)', '["a" "b  c"]'],
    ['(split "a😀b" "😀")', '["a" "b"]'],
    ['(clojure.string/split "x=1" "=")', '["x" "1"]'],
    ['(split nil ",")', { error: "type_error" }],
  ]);
  cases("split-lines", [
    ['(split-lines "a\\nb\\r\\nc")', '["a" "b" "c"]'],
    ['(split-lines "a\\n\\n\\n")', '["a"]'],
    ['(split-lines "")', '[""]'],
    ['(split-lines "one")', '["one"]'],
    ['(split-lines "a\\n\\nb")', '["a" "" "b"]'],
  ]);
});

describe("strings: whitespace and case", () => {
  cases("trim family", [
    ['(trim "  hi  ")', '"hi"'],
    ['(trim "\\n\\tworld\\r\\n")', '"world"'],
    ['(trim "")', '""'],
    ['(triml "  hi  ")', '"hi  "'],
    ['(trimr "  hi  ")', '"  hi"'],
    ['(trim-newline "hi\\r\\n")', '"hi"'],
    ['(trim-newline "hi ")', '"hi "'],
    ["(trim nil)", { error: "type_error" }],
    ['(str/trim " x ")', '"x"'],
  ]);
  cases("blank?", [
    ["(blank? nil)", "true"],
    ['(blank? "")', "true"],
    ['(blank? "  \\n")', "true"],
    ['(blank? " a ")', "false"],
  ]);
  cases("upper-case/lower-case", [
    ['(upper-case "world")', '"WORLD"'],
    ['(upcase "hello")', '"HELLO"'],
    ['(lower-case "WORLD")', '"world"'],
    ['(downcase "HeLLo")', '"hello"'],
    ['(upper-case "straße")', '"STRASSE"'],
    ["(lower-case 12)", '"12"'],
    ["(upper-case nil)", { error: "type_error" }],
    ['(clojure.string/upper-case "a")', '"A"'],
  ]);
});

describe("strings: searching", () => {
  cases("starts-with?/ends-with?/includes?", [
    ['(starts-with? "hello" "he")', "true"],
    ['(starts-with? "hello" "lo")', "false"],
    ['(starts-with? "hello" "")', "true"],
    ['(ends-with? "hello" "lo")', "true"],
    ['(ends-with? "hello" "he")', "false"],
    ['(ends-with? "hello" "")', "true"],
    ['(includes? "hello" "ll")', "true"],
    ['(includes? "hello" "x")', "false"],
    ['(includes? "hello" "")', "true"],
    ['(includes? 123 "2")', "true"],
    ['(includes? nil "a")', { error: "type_error" }],
    ['(includes? "a" nil)', { error: "type_error" }],
  ]);
  cases("index-of/last-index-of", [
    ['(index-of "hello" "l")', "2"],
    ['(index-of "hello" "x")', "nil"],
    ['(index-of "hello" "l" 3)', "3"],
    ['(index-of "hello" "")', "0"],
    ['(index-of "😀a" "a")', "1"],
    ['(index-of "hello" "l" -5)', "2"],
    ['(last-index-of "hello" "l")', "3"],
    ['(last-index-of "hello" "x")', "nil"],
    ['(last-index-of "hello" "l" 2)', "2"],
    ['(last-index-of "hello" "")', "5"],
    ['(last-index-of "aaa" "aa")', "1"],
    ['(last-index-of "😀a😀a" "a")', "3"],
    ['(last-index-of "abc" "a" -1)', "nil"],
  ]);
  cases("replace", [
    ['(replace "hello" "l" "L")', '"heLLo"'],
    ['(replace "aaa" "a" "b")', '"bbb"'],
    ['(replace "a.b.c" "." "")', '"abc"'],
    ['(replace "cost $1" "$1" "$2")', '"cost $2"'],
    ['(replace "abc" "x" "y")', '"abc"'],
    ['(replace 121 "1" "x")', '"x2x"'],
    ["(replace {:a 1 :c 3} [:a :b :c])", "[1 :b 3]"],
    ["(replace [:zero :one] [0 1 0 5])", "[:zero :one :zero 5]"],
    ["(replace {1 :one} [1 2 1])", "[:one 2 :one]"],
    ["(replace {} [])", "[]"],
    ['(clojure.string/replace "a-b" "-" "+")', '"a+b"'],
  ]);
});

describe("strings: names and keywords", () => {
  cases("name", [
    ["(name :foo)", '"foo"'],
    ['(name "bar")', '"bar"'],
    ["(name nil)", { error: "type_error" }],
    ["(name 42)", { error: "type_error" }],
  ]);
  cases("keyword", [
    ['(keyword "foo")', ":foo"],
    ["(keyword :bar)", ":bar"],
    ["(keyword nil)", "nil"],
    ['(keyword "user-id")', ":user-id"],
    ['(= (keyword "a") :a)', "true"],
    ['(keyword "a/b")', { error: "runtime_error" }],
    ['(keyword "")', { error: "runtime_error" }],
    ['(keyword "+")', { error: "runtime_error" }],
    ["(keyword ##Inf)", { error: "type_error" }],
  ]);
});

describe("strings: println", () => {
  test("appends one line per call and returns nil", () => {
    const r = evaluate('(println "Found:" 42 {:a "x"}) (println) (println nil [1 "s"])');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBe(null);
    expect(r.prints).toEqual(['Found: 42 {:a "x"}', "", 'nil [1 "s"]']);
  });
  test("prints a lone string without quotes", () => {
    const r = evaluate('(println "a\\"b")');
    expect(r.prints).toEqual(['a"b']);
  });
  cases("println value", [["(println 1)", "nil"]]);
});
