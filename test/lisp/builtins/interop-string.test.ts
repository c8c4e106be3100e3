import { describe, expect, test } from "bun:test";
import { cases, runError } from "../helpers.ts";

describe("Java string methods (spec §8.15)", () => {
  cases(".indexOf", [
    ['(.indexOf "hello" "ll")', "2"],
    ['(.indexOf "hello" "x")', "-1"],
    ['(.indexOf "hello" "l" 3)', "3"],
    ['(.indexOf "hello" "l" -5)', "2"],
    ['(.indexOf "hello" "l" 99)', "-1"],
    ['(.indexOf "hello" "")', "0"],
    ['(.indexOf "" "a")', "-1"],
    ['(.indexOf "😀a😀b" "b")', "3"],
    ['(.indexOf "héllo" "l")', "2"],
    ['(.indexOf "abc" 98)', "1"],
    ['(.indexOf "abc" \\c)', "2"],
    ['(.indexOf \\a "a")', "0"],
    ['(.indexOf 123 "x")', { error: "type_error" }],
    ['(.indexOf nil "x")', { error: "type_error" }],
    ['(.indexOf "abc" nil)', { error: "type_error" }],
  ]);
  cases(".lastIndexOf", [
    ['(.lastIndexOf "hello" "l")', "3"],
    ['(.lastIndexOf "hello" "x")', "-1"],
    ['(.lastIndexOf "ababa" "ba" 2)', "1"],
    ['(.lastIndexOf "abcabc" "b" -1)', "-1"],
    ['(.lastIndexOf "abcabc" "b" 99)', "4"],
    ['(.lastIndexOf "abc" "")', "3"],
    ['(.lastIndexOf "😀a😀" "😀")', "2"],
    ['(.lastIndexOf "abca" 97)', "3"],
    ['(.lastIndexOf [1] "a")', { error: "type_error" }],
  ]);
  cases(".contains .startsWith .endsWith", [
    ['(.contains "hello" "ell")', "true"],
    ['(.contains "hello" "")', "true"],
    ['(.contains "hello" "xyz")', "false"],
    ['(.contains "abc" \\b)', "true"],
    ['(.contains :abc "a")', { error: "type_error" }],
    ['(.contains "abc" 1.5)', { error: "type_error" }],
    ['(.startsWith "hello" "he")', "true"],
    ['(.startsWith "hello" "lo")', "false"],
    ['(.startsWith "abc" \\a)', "true"],
    ['(.startsWith "abc" "b" 1)', "true"],
    ['(.startsWith "abc" "a" -1)', "false"],
    ['(.startsWith "abc" "a" 99)', "false"],
    ['(.startsWith "abc" "" 4)', "false"],
    ['(.startsWith nil "a")', { error: "type_error" }],
    ['(.endsWith "hello" "lo")', "true"],
    ['(.endsWith "hello" "")', "true"],
    ['(.endsWith "abc" \\c)', "true"],
    ['(.endsWith "café" "é")', "true"],
    ['(.endsWith 5 "5")', { error: "type_error" }],
  ]);
  cases(".length", [
    ['(.length "hello")', "5"],
    ['(.length "")', "0"],
    ['(.length "😀a")', "2"],
    ['(.length "e\\u0301")', "1"],
    ["(.length \\a)", "1"],
    ["(.length 5)", { error: "type_error" }],
    ["(.length nil)", { error: "type_error" }],
    ["(.length [1 2])", { error: "type_error" }],
  ]);
  cases(".substring", [
    ['(.substring "hello" 2)', '"llo"'],
    ['(.substring "hello" 1 3)', '"el"'],
    ['(.substring "hello" 5)', '""'],
    ['(.substring "hello" 0 5)', '"hello"'],
    ['(.substring "hello" 2 2)', '""'],
    ['(.substring "😀ab" 1)', '"ab"'],
    ['(.substring "abcd" 1.9)', '"bcd"'],
    ['(.substring "abcd" 1.0 3.0)', '"bc"'],
    ["(.substring \\a 0)", '"a"'],
    ['(.substring "hello" -1)', { error: "runtime_error" }],
    ['(.substring "hello" 6)', { error: "runtime_error" }],
    ['(.substring "hello" 1 9)', { error: "runtime_error" }],
    ['(.substring "hello" 3 1)', { error: "runtime_error" }],
    ['(.substring "hello" "1")', { error: "type_error" }],
    ['(.substring "hello" ##NaN)', { error: "type_error" }],
    ['(let [s "abcdef"] (.substring s (.indexOf s "xyz")))', { error: "runtime_error" }],
  ]);
  cases(".toLowerCase .toUpperCase", [
    ['(.toLowerCase "Hello")', '"hello"'],
    ['(.toUpperCase "Hello")', '"HELLO"'],
    ['(.toUpperCase "straße")', '"STRASSE"'],
    ['(.toLowerCase "ÀÉ")', '"àé"'],
    ['(.toUpperCase "")', '""'],
    ["(.toUpperCase \\a)", '"A"'],
    ["(.toLowerCase nil)", { error: "type_error" }],
    ["(.toUpperCase :k)", { error: "type_error" }],
  ]);
  cases("methods are values too", [
    ['(map .toUpperCase ["a" "b"])', '["A" "B"]'],
    ['(filter #(.startsWith % "a") ["ab" "ba" "ac"])', '["ab" "ac"]'],
  ]);
  test("an out-of-range .substring names the index and points at subs", () => {
    const e = runError('(.substring "abc" 1 7)');
    expect(e.message).toContain("end index 7");
    expect(e.hint ?? "").toContain("subs");
  });
  test("an unknown method is unsupported_method with the supported list", () => {
    const e = runError('(.toString "abc")');
    expect(e.code).toBe("unsupported_method");
    expect(e.hint ?? "").toContain(".indexOf");
    expect([e.line, e.column]).toEqual([1, 2]);
  });
});
