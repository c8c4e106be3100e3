import { describe, expect, test } from "bun:test";
import { cases, run } from "../helpers.ts";

describe("json: parse-string (DIV-23)", () => {
  cases("valid JSON text", [
    ['(json/parse-string "{\\"a\\": 1, \\"b\\": [2, 3]}")', '{"a" 1 "b" [2 3]}'],
    ['(json/parse-string "[1, 2, 3]")', "[1 2 3]"],
    ['(json/parse-string "\\"hi\\"")', '"hi"'],
    ['(json/parse-string "true")', "true"],
    ['(json/parse-string "2.5")', "2.5"],
    ['(json/parse-string "1.0")', "1.0"],
    ['(json/parse-string "1e3")', "1000.0"],
    ['(json/parse-string "-0")', "0"],
    ['(json/parse-string "12345678901234567890")', "12345678901234567890"],
    ['(json/parse-string "[9007199254740993]")', "[9007199254740993]"],
    ['(json/parse-string "{\\"é\\": \\"😀\\"}")', '{"é" "😀"}'],
    ['(json/parse-string "{}")', "{}"],
    ['(json/parse-string "[]")', "[]"],
    ['(json/parse-string " [1] ")', "[1]"],
    ['(json/parse-string "{\\"a\\":1,\\"a\\":2}")', '{"a" 2}'],
    ['(get (json/parse-string "{\\"total\\": 5}") :total)', "5"],
  ]);
  cases("bad input signals nil", [
    ['(json/parse-string "not json")', "nil"],
    ['(json/parse-string "")', "nil"],
    ['(json/parse-string "{\\"a\\":}")', "nil"],
    ['(json/parse-string "[1,]")', "nil"],
    ['(json/parse-string "null")', "nil"],
    ["(json/parse-string nil)", "nil"],
    ["(json/parse-string 42)", "nil"],
    ["(json/parse-string [1])", "nil"],
  ]);
  test("very deep nesting is bad input, not a crash", () => {
    expect(
      run('(json/parse-string (apply str (concat (repeat 50000 "[") (repeat 50000 "]"))))', {
        limits: { timeoutMs: 10000 },
      }),
    ).toBe("nil");
  });
});

describe("json: generate-string (DIV-24, spec §3.8)", () => {
  cases("encodable values", [
    ["(json/generate-string nil)", '"null"'],
    ["(json/generate-string [1 2 3])", '"[1,2,3]"'],
    ['(json/generate-string "hello")', '"\\"hello\\""'],
    ['(json/generate-string {"a" 1 "b" [true false nil]})', '"{\\"a\\":1,\\"b\\":[true,false,null]}"'],
    ['(json/generate-string {1 "a"})', '"{\\"1\\":\\"a\\"}"'],
    ["(json/generate-string 2.0)", '"2.0"'],
    ["(json/generate-string 0.5)", '"0.5"'],
    ["(json/generate-string 12345678901234567890)", '"12345678901234567890"'],
    ["(json/generate-string #{3 1 2})", '"[1,2,3]"'],
    ['(json/generate-string {"server" (name :fs)})', '"{\\"server\\":\\"fs\\"}"'],
    ['(json/generate-string "é\\n")', '"\\"é\\\\n\\""'],
    ["(json/generate-string [])", '"[]"'],
    ["(json/generate-string {})", '"{}"'],
  ]);
  cases("non-encodable values give nil", [
    ["(json/generate-string :fs)", "nil"],
    ['(json/generate-string {:server "fs"})', "nil"],
    ['(json/generate-string {"server" :fs})', "nil"],
    ['(json/generate-string [{"ok" [:x]}])', "nil"],
    ["(json/generate-string {1.5 2})", "nil"],
    ["(json/generate-string {[1] 2})", "nil"],
    ["(json/generate-string POSITIVE_INFINITY)", "nil"],
    ["(json/generate-string [##NaN])", "nil"],
    ["(json/generate-string inc)", "nil"],
    ['(json/generate-string #"a")', "nil"],
  ]);
  cases("round trips", [
    ['(json/parse-string (json/generate-string {"a" [1 2.5 "x" nil]}))', '{"a" [1 2.5 "x" nil]}'],
    ['(json/parse-string (json/generate-string {"n" 2.0}))', '{"n" 2.0}'],
    ['(json/parse-string (json/generate-string {1 "a"}))', '{"1" "a"}'],
  ]);
});

describe("json: parse-lines", () => {
  cases("line-delimited JSON", [
    ['(json/parse-lines "{\\"a\\":1}\\n[2,3]\\n")', '[{"a" 1} [2 3]]'],
    ['(json/parse-lines "{\\"a\\":1}\\n\\nnull\\nnot json")', '[{"a" 1} nil nil]'],
    ['(json/parse-lines "  \\n{\\"ok\\":true}\\r\\n")', '[{"ok" true}]'],
    ['(json/parse-lines "1\\r2\\r\\n3")', "[1 2 3]"],
    ['(json/parse-lines "")', "[]"],
    ["(json/parse-lines 42)", "nil"],
    ["(json/parse-lines nil)", "nil"],
    ["(json/parse-lines)", { error: "arity_error" }],
  ]);
});
