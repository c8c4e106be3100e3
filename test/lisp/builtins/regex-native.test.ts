/**
 * The native `RegExp` fast path (docs/decisions/0019): every pattern gives the same answers on
 * both engines (a fixed corpus and seeded random patterns over tricky inputs), and the patterns
 * that a backtracking engine runs in super-linear time are the ones kept on re2js.
 */

import { describe, expect, test } from "bun:test";
import { JavaRegex, type RegexMatch } from "../../../src/lisp/builtins/regex-engine.ts";
import { run } from "../helpers.ts";

/** Every answer a program can see from a pattern on one input. */
function answers(re: JavaRegex, text: string): unknown {
  const all: RegexMatch[] = [];
  re.each(text, (m) => void all.push(m));
  const texts = re.groupCount === 0 ? re.texts(text) : null;
  return { find: re.find(text), whole: re.matchWhole(text), all, texts, test: re.test(text) };
}

/** Compiles `pattern` both ways; null when neither accepts it (an error must be the same error). */
function pair(pattern: string): { auto: JavaRegex; re2js: JavaRegex } | null {
  let auto: JavaRegex | Error;
  let re2js: JavaRegex | Error;
  try {
    auto = JavaRegex.compile(pattern);
  } catch (e) {
    auto = e as Error;
  }
  try {
    re2js = JavaRegex.compile(pattern, "re2js");
  } catch (e) {
    re2js = e as Error;
  }
  if (auto instanceof Error || re2js instanceof Error) {
    expect(String(auto)).toBe(String(re2js));
    return null;
  }
  return { auto, re2js };
}

const INPUTS = [
  "",
  "a",
  "ab",
  "aab b",
  "ba\nab\n",
  "a\r\nb",
  "x\u2028y\u0085z",
  "a1_b2 c3",
  "  \t\f\v x",
  "\u00a0\u3000a",
  "é😀a😀",
  "\ud800a\udc00",
  "\u017f\u212a k s K",
  "İı iI SS ß",
  '"q" "r',
  "[id] key=v1 2026-01-02",
  "WARN ERROR user=bob",
];

const CORPUS = [
  String.raw`^\S+ (WARN|ERROR) user=(\w+) action=\w+ ms=(\d+)$`,
  "[a-z]+",
  String.raw`\d+`,
  String.raw`\w+`,
  String.raw`\s+`,
  String.raw`\S+`,
  String.raw`,\s*`,
  String.raw`key=(\w+)`,
  String.raw`(key=\w+)`,
  String.raw`\d{4}-\d{2}-\d{2}`,
  `"([^"]*)"`,
  String.raw`\[(\w+)\]`,
  String.raw`\bk\b`,
  String.raw`\Bb`,
  ".",
  "(?s).",
  "a.b",
  "(?m)^a",
  "(?m)b$",
  "(?m)^(.*)$",
  "(?m:^a)|b",
  "^a|b$",
  String.raw`\Aa|b\z`,
  "",
  "x*",
  "a?",
  "(a)|(b)",
  "(a)+",
  "(?:(a)b)+",
  "(?<name>a)(?P<other>b)?",
  "a{2}",
  "a{1,}?",
  "[^a]",
  "[^\\n]+",
  "[\\d\\s]+",
  "[[:alpha:]]+",
  "[[:^digit:]]",
  "\\x{1F600}",
  "\\u00e9",
  "[😀-😂]",
  "\\x41|\\t",
  "a\\.b|\\*",
  "[]a]",
  "[a-]",
  "a{,2}",
  "(?x) a  b # comment",
  "\\Qa.b\\E",
  "\\h+",
  "\\R",
  "(?i)k",
  "(?i)s+",
  "(?i)[^k]+",
  "(?i)[a-z]+",
  "(?i)\\w+",
  "(?i)\\W",
  "(?i)\\bk",
  "(?i)i",
  "(?i:warn|error) (\\w+)",
  "a(?i)b|c",
  "(?i)é",
  "(?i)[^é]",
];

describe("regex: the native fast path answers as re2js does", () => {
  test("a corpus of everyday patterns", () => {
    let native = 0;
    for (const p of CORPUS) {
      const both = pair(p);
      if (both === null) continue;
      if (both.auto.native.find !== null) native++;
      expect(both.re2js.native.find).toBeNull();
      for (const s of INPUTS) expect([p, s, answers(both.auto, s)]).toEqual([p, s, answers(both.re2js, s)]);
    }
    expect(native).toBeGreaterThan(25);
  });

  test("the corpus on long inputs (where the native engine has limits of its own)", () => {
    const long = [INPUTS.join("\n").repeat(20), "ab".repeat(8000), "a".repeat(16_000), "1 ".repeat(8000)];
    const summary = (re: JavaRegex, s: string) => {
      let n = 0;
      let last: RegexMatch | null = null;
      re.each(s, (m) => {
        n++;
        last = m;
      });
      return {
        n,
        last,
        texts: re.groupCount === 0 ? re.texts(s).length : n,
        find: re.find(s),
        whole: re.matchWhole(s),
      };
    };
    for (const p of CORPUS) {
      const both = pair(p);
      if (both === null || (both.auto.native.scan === null && both.auto.native.whole === null)) continue;
      for (const s of long) expect([p, summary(both.auto, s)]).toEqual([p, summary(both.re2js, s)]);
    }
  });

  test("seeded random patterns", () => {
    let seed = 0x13c;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const ATOMS = [
      "a",
      "b",
      "k",
      "s",
      "1",
      " ",
      ".",
      "[ab]",
      "[^a]",
      "\\d",
      "\\w",
      "\\s",
      "\\S",
      "\\b",
      "^",
      "$",
      "\\n",
    ];
    const QUANT = ["", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?", "??"];
    const gen = (depth: number): string => {
      let out = "";
      const n = 1 + rnd(3);
      for (let i = 0; i < n; i++) {
        const r = rnd(10);
        let atom: string;
        if (depth < 2 && r === 0) atom = `(${gen(depth + 1)})`;
        else if (depth < 2 && r === 1) atom = `(?:${gen(depth + 1)}|${gen(depth + 1)})`;
        else atom = ATOMS[rnd(ATOMS.length)] as string;
        out += atom + QUANT[rnd(QUANT.length)];
      }
      const flag = rnd(8);
      return flag === 0 ? `(?m)${out}` : flag <= 2 ? `(?i)${out}` : out;
    };
    const alphabet = ["a", "b", "B", "1", " ", "\n", "\r", "\u000b", "_", "é", "😀", "\ud800", "\u212a", "ſ", "k", "S"];
    let native = 0;
    for (let k = 0; k < 1500; k++) {
      const p = gen(0);
      const both = pair(p);
      if (both === null) continue;
      if (both.auto.native.find !== null || both.auto.native.whole !== null) native++;
      for (let j = 0; j < 8; j++) {
        let s = "";
        for (let c = rnd(10); c > 0; c--) s += alphabet[rnd(alphabet.length)];
        expect([p, s, answers(both.auto, s)]).toEqual([p, s, answers(both.re2js, s)]);
      }
    }
    expect(native).toBeGreaterThan(300);
  });
});

describe("regex: patterns a backtracking engine runs in super-linear time stay on re2js", () => {
  const HOSTILE = [
    "(a+)+$",
    "(a|a)*b",
    "(a|aa)+$",
    "(a*)*b",
    "(x+x+)+y",
    "(?:a+)+b",
    "(a|b|ab)*c",
    "(\\w+\\s?)*$",
    "^(a+)+$",
    "(.*a){12}",
    "a*a*b",
  ];
  test("exponential patterns are refused by the check in every form", () => {
    for (const p of HOSTILE)
      expect([p, JavaRegex.compile(p).native]).toEqual([p, { find: null, scan: null, whole: null }]);
  });
  test("quadratic searches are refused for re-find and re-seq", () => {
    for (const p of ["a*b", "\\d+$", "\\w+@\\w+\\.com", "(?m)^a[^z]*z", "\\s*,\\s*", "(.*)$"]) {
      expect([p, JavaRegex.compile(p).native.scan]).toEqual([p, null]);
    }
  });
  test("repeated groups, which the native engine gets wrong on long inputs, are refused unless bounded", () => {
    for (const p of ["(?:ab)+", "(ab)+", "(a)+", "(?:a|b)+", "^(?:\\w+ )*$", "(?:(?:ab)+){1,3}"]) {
      expect([p, JavaRegex.compile(p).native]).toEqual([p, { find: null, scan: null, whole: null }]);
    }
    expect(JavaRegex.compile("(?:ab){1,100}").native.whole).not.toBeNull();
    expect(JavaRegex.compile("(?:[ab])+").native.scan).not.toBeNull();
    // Past ~1M iterations of a repeated group the native engine answers "no match".
    const context = { s: "ab".repeat(1_000_000) };
    expect(run('(count (re-matches #"(?:ab)+" (subs data/s 0 200000)))', { context })).toBe("200000");
    expect(run('(count (re-matches #"(?:[ab])+" data/s))', { context })).toBe("2000000");
    expect(run('(count (first (re-find #"^([ab]+)$" data/s)))', { context })).toBe("2000000");
  });
  test("they finish on long inputs with the right answers", () => {
    const t0 = performance.now();
    expect(run('(re-find #"(a+)+$" (str (apply str (repeat 50000 "a")) "b"))')).toBe("nil");
    expect(run('(re-find #"(a|a)*b" (apply str (repeat 50000 "a")))')).toBe("nil");
    expect(run('(re-matches #"(a|aa)+$" (str (apply str (repeat 50000 "a")) "!"))')).toBe("nil");
    expect(run('(count (re-seq #"a*b" (apply str (repeat 50000 "a"))))')).toBe("0");
    expect(run('(re-find #"\\w+@\\w+\\.com" (apply str (repeat 50000 "w")))')).toBe("nil");
    // A backtracking engine takes hours (or ~10^9 steps) here; linear time is well under this.
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
