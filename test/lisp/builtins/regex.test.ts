import { describe, expect, test } from "bun:test";
import { evaluate } from "../../../src/lisp/index.ts";
import { cases, run, runError } from "../helpers.ts";

describe("regex: values", () => {
  cases("re-pattern", [
    ['(re-pattern "x\\\\d")', '#"x\\d"'],
    ['(re-pattern #"a+")', '#"a+"'],
    ['(regex? (re-pattern "a"))', "true"],
    ['(= (re-pattern "a.c") #"a.c")', "true"],
    ['(= #"a" #"b")', "false"],
    ['(re-pattern "")', '#""'],
    ["(re-pattern 42)", { error: "type_error" }],
    ["(re-pattern nil)", { error: "type_error" }],
    ['(re-pattern "(ab")', { error: "runtime_error" }],
    ['(re-pattern "[z-a]")', { error: "runtime_error" }],
  ]);
  cases("printing and str", [
    ['#"\\d+\\.\\d*"', '#"\\d+\\.\\d*"'],
    ['(str #"a+")', '"a+"'],
    ['(str (re-pattern ""))', '""'],
    ['(pr-str #"x")', '"#\\"x\\""'],
    ['[#"a" #"b"]', '[#"a" #"b"]'],
    ['(type #"a")', ":regex"],
    ['(regex? "a")', "false"],
    ['(regex/re-find #"b" "abc")', '"b"'],
    ['(regex/regex? #"b")', "true"],
  ]);
  test("a malformed literal is a compile error at the literal's position", () => {
    const e = runError('(let [x 1]\n  (re-find #"(" "s"))');
    expect([e.code, e.line, e.column]).toEqual(["runtime_error", 2, 12]);
  });
});

describe("regex: matching", () => {
  cases("re-find", [
    ['(re-find #"\\d+" "v1")', '"1"'],
    ['(re-find #"\\d+" "order 12 and 345")', '"12"'],
    ['(re-find #"(\\d+)-(\\d+)" "10-20")', '["10-20" "10" "20"]'],
    ['(re-find #"z" "abc")', "nil"],
    ['(re-find #"a" "")', "nil"],
    ['(re-find #"" "")', '""'],
    ['(re-find #"a" nil)', "nil"],
    ['(re-find #"a(\\d+)?" "xa")', '["a" nil]'],
    ['(re-find #"(a)?(b)?(c)" "c")', '["c" nil nil "c"]'],
    ['(re-find #"é+" "cafééé!")', '"ééé"'],
    ['(re-find #"\\p{L}+" "123 żółw")', '"żółw"'],
    ['(re-find #"😀(.)" "a😀b")', '["😀b" "b"]'],
    ['(re-find "\\\\d" "a5")', { error: "type_error" }],
    ['(re-find #"a" 5)', { error: "type_error" }],
    ['(re-find 5 "a")', { error: "type_error" }],
    ['(re-find #"a")', { error: "arity_error" }],
  ]);
  cases("re-matches", [
    ['(re-matches #"\\d+" "123")', '"123"'],
    ['(re-matches #"\\d+" "123abc")', "nil"],
    ['(re-matches #"(\\w+)@(\\w+)\\.com" "ann@corp.com")', '["ann@corp.com" "ann" "corp"]'],
    ['(re-matches #"a(\\d+)?" "a")', '["a" nil]'],
    ['(re-matches #"a|ab" "ab")', '"ab"'],
    ['(re-matches #"" "")', '""'],
    ['(re-matches #"x" nil)', "nil"],
  ]);
  cases("re-seq", [
    ['(re-seq #"\\d+" "a1b22c333")', '["1" "22" "333"]'],
    ['(re-seq #"(\\d)(\\w)" "1a2b")', '[["1a" "1" "a"] ["2b" "2" "b"]]'],
    ['(re-seq #"z" "abc")', "nil"],
    ['(re-seq #"a*" "baaab")', '["" "aaa" "" ""]'],
    ['(re-seq #"(a)?(b)" "b ab")', '[["b" nil "b"] ["ab" "a" "b"]]'],
    ['(re-seq #"\\w+" "")', "nil"],
    ['(re-seq #"." "ñ😀")', '["ñ" "😀"]'],
    ['(count (re-seq #"\\d" "a1b2c3"))', "3"],
    ['(re-seq #"x" nil)', "nil"],
  ]);
  cases("re-split", [
    ['(re-split #"\\s+" "a  b   c")', '["a" "b" "c"]'],
    ['(re-split #"," "a,b,c")', '["a" "b" "c"]'],
    ['(re-split #"," "a,,b,")', '["a" "" "b" ""]'],
    ['(re-split #"," "")', '[""]'],
    ['(re-split #"," nil)', "[]"],
    ['(re-split #"x" "abc")', '["abc"]'],
    ['(re-split #"" "abc")', '["a" "b" "c"]'],
  ]);
});

describe("regex: extract", () => {
  cases("extract", [
    ['(extract "ID:(\\\\d+)" "ID:42")', '"42"'],
    ['(extract "ID:(\\\\d+)" "ID:42" 0)', '"ID:42"'],
    ['(extract #"x=(\\d+) y=(\\d+)" "x=10 y=20" 2)', '"20"'],
    ['(extract "ID:(\\\\d+)" "no match")', "nil"],
    ['(extract #"(a)" "a" 5)', "nil"],
    ['(extract #"a" "a")', "nil"],
    ['(extract #"a" "a" 0)', '"a"'],
    ['(extract #"(a)?b" "b")', "nil"],
    ['(extract #"(a)" nil)', "nil"],
    ['(extract #"(a)" "a" "1")', { error: "type_error" }],
  ]);
  cases("extract-int", [
    ['(extract-int "age=(\\\\d+)" "age=25")', "25"],
    ['(extract-int "age=(\\\\d+)" "no match")', "nil"],
    ['(extract-int #"x=(\\d+) y=(\\d+)" "x=10 y=20" 2)', "20"],
    ['(extract-int "age=(\\\\d+)" "no match" 1 0)', "0"],
    ['(extract-int #"x=(\\d+) y=(\\d+)" "x=10 y=20" 2 0)', "20"],
    ['(extract-int #"v=(\\w+)" "v=abc" 1 -1)', "-1"],
    ['(extract-int #"n=(-?\\d+)" "n=-7")', "-7"],
    ['(extract-int #"n=(\\d+)" "n=99999999999999999999")', "nil"],
  ]);
});

describe("regex: Java syntax on a linear-time engine", () => {
  cases("Java escapes and classes", [
    ['(re-find #"\\p{Alpha}+" "12abc")', '"abc"'],
    ['(re-find #"\\P{Digit}+" "12ab3")', '"ab"'],
    ['(re-find #"[\\p{Upper}\\d]+" "abC1D")', '"C1D"'],
    ['(re-find #"\\p{IsLatin}+" "Ωabc")', '"abc"'],
    ['(re-find #"\\p{javaLowerCase}+" "ABcd")', '"cd"'],
    ['(re-find #"\\u00e9" "café")', '"é"'],
    ['(re-find #"\\uD83D\\uDE00" "a😀")', '"😀"'],
    ['(re-find #"\\x41" "zA")', '"A"'],
    ['(re-find #"\\0101" "zA")', '"A"'],
    ['(re-find #"\\Q.*\\E" "a.*b")', '".*"'],
    ['(re-find #"a\\h+b" "a \\t b")', '"a \\t b"'],
    ['(re-seq #"\\R" "a\\r\\nb\\nc")', '["\\r\\n" "\\n"]'],
    ['(re-find #"(?i)ABC" "xabc")', '"abc"'],
    ['(re-find #"(?x) a b # comment" "ab")', '"ab"'],
    ['(re-find #"(?<year>\\d{4})" "in 2024")', '["2024" "2024"]'],
    ['(re-find #"(?<=\\$)\\d+" "cost $42")', '"42"'],
    ['(re-find #"(?<!x)y" "xy zy")', '"y"'],
    ['(re-find #"[[:alpha:]]+" "1ab")', '"ab"'],
    ['(re-find #"a{2,3}" "aaaa")', '"aaa"'],
    ['(re-find #"a+?" "aaa")', '"a"'],
  ]);
  cases("unsupported features name themselves", [
    ['(re-find #"(a)\\1" "aa")', { error: "unsupported_pattern" }],
    ['(re-find #"(?<n>a)\\k<n>" "aa")', { error: "unsupported_pattern" }],
    ['(re-find #"a(?=b)" "ab")', { error: "unsupported_pattern" }],
    ['(re-find #"a(?!b)" "ac")', { error: "unsupported_pattern" }],
    ['(re-find #"(?>a)" "a")', { error: "unsupported_pattern" }],
    ['(re-find #"a++" "aa")', { error: "unsupported_pattern" }],
    ['(re-find #"a*+" "aa")', { error: "unsupported_pattern" }],
    ['(re-find #"[a-z&&[^e]]" "a")', { error: "unsupported_pattern" }],
    ['(re-find #"[a[bc]]" "a")', { error: "unsupported_pattern" }],
    ['(re-find #"\\p{InGreek}" "a")', { error: "unsupported_pattern" }],
    ['(re-find #"a\\Z" "a")', { error: "unsupported_pattern" }],
    ['(re-pattern "(a)\\\\2")', { error: "unsupported_pattern" }],
  ]);
  test("an unsupported feature's error names it and suggests another way", () => {
    const e = runError('(re-find #"foo(?=bar)" "foobar")');
    expect(e.message).toContain("lookahead");
    expect(e.hint ?? "").toContain("re-find");
    const b = runError('(re-find #"(\\w)\\1" "aa")');
    expect(b.message).toContain("backreference");
  });
  test("catastrophic patterns run in linear time", () => {
    const t0 = performance.now();
    expect(run('(count (first (re-find #"(a+)+$" (apply str (repeat 5000 "a")))))')).toBe("5000");
    expect(run('(re-find #"(x+x+)+y" (apply str (repeat 20000 "x")))')).toBe("nil");
    expect(run('(re-matches #"(a|aa)+b" (apply str (repeat 30000 "a")))')).toBe("nil");
    // Backtracking engines take hours here; linear time is seconds even on a loaded machine.
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
  test("scanning a long string counts against the time budget", () => {
    const r = evaluate('(count (re-seq #"a" (apply str (repeat 200000 "a"))))', { limits: { timeoutMs: 5000 } });
    expect(r.ok).toBe(true);
  });
});

describe("regex: split and replace use the same engine", () => {
  cases("split with a regex", [
    ['(split "a--b--c" #"--")', '["a" "b" "c"]'],
    ['(split "a1b22c" #"\\d+")', '["a" "b" "c"]'],
    ['(split "a1b2" #"\\d")', '["a" "b"]'],
    ['(split "abc" #"")', '["a" "b" "c"]'],
    ['(split "a,b,c" #"," 2)', '["a" "b,c"]'],
    ['(split "x" #"(?<=x)")', '["x"]'],
    ['(split "a b" #"a(?=b)")', { error: "unsupported_pattern" }],
  ]);
  cases("replace with a regex", [
    ['(replace "a1b22" #"\\d+" "#")', '"a#b#"'],
    ['(replace "a1b2" #"\\d" "<$0>")', '"a<1>b<2>"'],
    ['(replace "John Smith" #"(\\w+) (\\w+)" "$2, $1")', '"Smith, John"'],
    ['(replace "x" #"x" "\\\\$5")', '"$5"'],
    ['(replace "2024-01" #"(?<y>\\d+)-(?<m>\\d+)" "${m}/${y}")', '"01/2024"'],
    ['(replace "a1b2" #"(\\d)" (fn [[m d]] (str d d)))', '"a11b22"'],
    ['(replace "ab" #"[ab]" upper-case)', '"AB"'],
    ['(replace "héllo" #"é" "e")', '"hello"'],
    ['(replace "a" #"a" "$2")', { error: "runtime_error" }],
  ]);
});
