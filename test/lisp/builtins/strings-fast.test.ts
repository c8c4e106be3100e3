/**
 * The fast paths of the string builtins give exactly what the general code gives: `str` of two to
 * four scalars joined without the printer or a meter, long joins through one `Array.join`, `subs`
 * reading only an ASCII prefix, `split` on a one-unit delimiter without a RegExp, `parse-double`
 * without a regex replace. Each is compared with a copy of the general algorithm written here,
 * on values and inputs chosen where a shortcut would go wrong (graphemes, CR LF, surrogates,
 * floats, keywords, collections), and `str`'s memory charges are compared to the byte.
 */

import { describe, expect, test } from "bun:test";
import { strOf } from "../../../src/lisp/builtins/strings.ts";
import { evaluate, fromJson, type PMap, type Value } from "../../../src/lisp/index.ts";
import type { Vec } from "../../../src/lisp/values/index.ts";
import { meterBytes, threshold, value } from "./meter.ts";

/** Operands as program text: every kind of value `str` renders, with the awkward ones. */
const OPERANDS = [
  '""',
  '"abc"',
  '"é"',
  '"e\u0301"',
  '"😀"',
  '"a\\r\\nb"',
  "0",
  "-7",
  "42",
  "9007199254740991",
  "9007199254740993",
  "0.5",
  "2.0",
  "-0.0",
  "1.0E21",
  "1.5E-7",
  "123456789.5",
  "##NaN",
  "##-Inf",
  "nil",
  "true",
  "false",
  ":kw",
  ":été",
  '[1 "a" :b]',
  "{:a 1}",
  "#{2}",
  '#"a+"',
];

/** What `str` gave before its fast paths: each piece through `strOf`, concatenated. */
const oracle = (xs: readonly Value[]): string => xs.map(strOf).join("");

describe("str fast paths give the general answer", () => {
  const vals = (value(`[${OPERANDS.join(" ")}]`) as Vec).toArray();
  const n = OPERANDS.length;

  test("every pair of operands", () => {
    const got = (value(`(let [v [${OPERANDS.join(" ")}]] (vec (for [a v b v] (str a b))))`) as Vec).toArray();
    expect(got.length).toBe(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect([i, j, got[i * n + j]]).toEqual([i, j, oracle([vals[i], vals[j]] as Value[])]);
    }
  });

  test("triples and quadruples, and the one-piece and many-piece forms", () => {
    const some = [1, 2, 3, 5, 7, 10, 12, 16, 17, 20, 22, 25];
    const src = `[${some.map((i) => OPERANDS[i]).join(" ")}]`;
    const sv = some.map((i) => vals[i] as Value);
    const three = (value(`(let [v ${src}] (vec (for [a v b v c v] (str a b c))))`) as Vec).toArray();
    const four = (value(`(let [v ${src}] (vec (for [a v b v c v d v] (str a b c d))))`) as Vec).toArray();
    let k = 0;
    for (const a of sv) for (const b of sv) for (const c of sv) expect(three[k++]).toBe(oracle([a, b, c]));
    k = 0;
    for (const a of sv)
      for (const b of sv) for (const c of sv) for (const d of sv) expect(four[k++]).toBe(oracle([a, b, c, d]));
    const ones = (value(`(let [v [${OPERANDS.join(" ")}]] (mapv str v))`) as Vec).toArray();
    expect(ones).toEqual(vals.map((x) => oracle([x])));
    // More pieces than the += loop takes: the Array.join route, with and without a separator.
    const many = Array.from({ length: 40 }, (_, i) => OPERANDS[i % n]).join(" ");
    const manyVals = Array.from({ length: 40 }, (_, i) => vals[i % n] as Value);
    expect(value(`(apply str [${many}])`)).toBe(oracle(manyVals));
    expect(value(`(clojure.string/join ", " [${many}])`)).toBe(manyVals.map(strOf).join(", "));
    expect(value(`(clojure.string/join [${many}])`)).toBe(oracle(manyVals));
    expect([value("(str)"), value("(apply str [])"), value("(apply str [nil])"), value('(apply str "a" [])')]).toEqual([
      "",
      "",
      "",
      "a",
    ]);
  });
});

describe("str charges the memory budget exactly as before", () => {
  // Lengths around the 16 Ki-character chunk where the meter starts charging.
  const sizes = [10, 8000, 16383, 16384, 20000];
  const text = (l: number, c: string): string => c.repeat(l);

  test("two, three and four pieces of every size, against the general path and the byte count", () => {
    for (const a of sizes) {
      for (const b of [1, 8383, 16384]) {
        const ctx = fromJson({ a: text(a, "x"), b: text(b, "é"), c: "," }) as PMap;
        // A regex piece prints as its (empty) source but is not a quick piece: the general path.
        const cases: [string, string, number[]][] = [
          ["(str data/a data/b)", '(str data/a data/b #"")', [a, b]],
          ["(str data/a data/b data/c)", '(str data/a data/b data/c #"")', [a, b, 1]],
          ["(str data/a 12345 data/b data/c)", '(str data/a 12345 data/b data/c #"")', [a, 5, b, 1]],
        ];
        for (const [fast, general, lengths] of cases) {
          const bytes = meterBytes(lengths);
          const t = threshold(fast, ctx);
          expect([fast, a, b, t]).toEqual([fast, a, b, threshold(general, ctx)]);
          // With nothing charged, any limit passes; otherwise exactly the meter's bytes.
          expect([fast, a, b, t]).toEqual([fast, a, b, Math.max(1, bytes)]);
        }
      }
    }
  });

  test("a text grown in a reduce is charged each step as the general path charges it", () => {
    const ctx = fromJson({ xs: Array.from({ length: 300 }, (_, i) => `${"w".repeat(100)}${i}`) }) as PMap;
    const fast = threshold('(count (reduce (fn [acc s] (str acc s ",")) "" data/xs))', ctx);
    expect(fast).toBe(threshold('(count (reduce (fn [acc s] (str acc s "," #"")) "" data/xs))', ctx));
    expect(fast).toBeGreaterThan(2 * 16 * 1024);
  });

  test("many pieces (joined through one array) are charged as the text grows", () => {
    for (const [count, size] of [
      [40, 1000],
      [17, 999],
      [100, 400],
    ] as const) {
      const xs = Array.from({ length: count }, (_, i) => `${"y".repeat(size)}${i % 10}`);
      const ctx = fromJson({ xs }) as PMap;
      const lengths = xs.map((x) => x.length);
      expect([count, threshold("(apply str data/xs)", ctx)]).toEqual([count, Math.max(1, meterBytes(lengths))]);
      expect([count, threshold('(clojure.string/join ", " data/xs)', ctx)]).toEqual([count, meterBytes(lengths, 2)]);
    }
  });

  test("a runaway join fails with memory_exceeded before it is built", () => {
    const r = evaluate('(count (apply str (repeat 200000 "abcdefghij")))', {
      limits: { memoryLimitBytes: 1024 * 1024 },
    });
    expect(r.ok ? "ok" : r.error.code).toBe("memory_exceeded");
    const j = evaluate('(count (clojure.string/join "," (repeat 200000 "abcdefghij")))', {
      limits: { memoryLimitBytes: 1024 * 1024 },
    });
    expect(j.ok ? "ok" : j.error.code).toBe("memory_exceeded");
  });
});

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The general `subs`: UTF-16 units for an all-ASCII string, graphemes otherwise. */
function subsOracle(s: string, from: number, end: number | null): string {
  const ascii = /^[\x00-\x7f]*$/.test(s);
  const g = ascii ? s.split("") : Array.from(segmenter.segment(s), (x) => x.segment);
  const to = end === null ? g.length : Math.min(end, g.length);
  if (from < 0 || from > g.length || from >= to) return "";
  return g.slice(from, to).join("");
}

describe("subs reads only its prefix where graphemes allow", () => {
  const texts = [
    "hello world",
    "ab\r\ncd",
    "ab\r\ncdé",
    "a\r\n\r\nbé",
    "abé",
    "ab\u0301cd",
    "abc\u0301",
    "ab😀cd",
    "ab👨‍👩‍👧cd",
    "ab🇫🇷cd",
    "abc\ud800",
    "\ud800abc",
    "x\u200dy",
    "0123456789é",
    "",
  ];

  test("every start and end around the string, both arities", () => {
    const lisp = (s: string): string =>
      JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    for (const s of texts) {
      const len = s.length;
      const starts = Array.from({ length: len + 3 }, (_, i) => i - 1);
      const ends = Array.from({ length: len + 3 }, (_, i) => i - 1);
      const got = (
        value(
          `(let [s ${lisp(s)}] [${starts.map((a) => `[(subs s ${a}) ${ends.map((b) => `(subs s ${a} ${b})`).join(" ")}]`).join(" ")}])`,
        ) as Vec
      ).toArray();
      starts.forEach((a, i) => {
        const row = (got[i] as Vec).toArray();
        expect([s, a, row[0]]).toEqual([s, a, subsOracle(s, a, null)]);
        ends.forEach((b, j) => {
          expect([s, a, b, row[j + 1]]).toEqual([s, a, b, subsOracle(s, a, b)]);
        });
      });
    }
  });
});

/** The general one-delimiter `split`: a Unicode RegExp scan, Java's limit and trailing-empty rules. */
function splitOracle(text: string, sep: string, limit: number): string[] {
  if (text === "") return [""];
  const re = new RegExp(sep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu");
  const parts: string[] = [];
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (limit > 0 && parts.length === limit - 1) break;
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

describe("split on a one-unit delimiter", () => {
  const inputs = ["a,b,,c,,", ",a,b", ",,,", "abc", "a,", ",", "é,e\u0301,😀,", "a.b.c", "x\u0301y\u0301"];
  const seps = [",", ".", "\u0301", "é", "😀"];
  const limits = [-1, 0, 1, 2, 3, 10];

  test("the same parts as the RegExp scan for every limit", () => {
    for (const s of inputs) {
      for (const sep of seps) {
        const got = (
          value(
            `[${limits.map((l) => `(clojure.string/split ${JSON.stringify(s)} ${JSON.stringify(sep)} ${l})`).join(" ")}]`,
          ) as Vec
        ).toArray();
        limits.forEach((l, i) => {
          expect([s, sep, l, (got[i] as Vec).toArray()]).toEqual([s, sep, l, splitOracle(s, sep, l)]);
        });
        expect((value(`(clojure.string/split ${JSON.stringify(s)} ${JSON.stringify(sep)})`) as Vec).toArray()).toEqual(
          splitOracle(s, sep, 0),
        );
      }
    }
  });

  test("a lone surrogate delimiter does not split a surrogate pair", () => {
    expect((value('(clojure.string/split "a😀b\ud83dc" "\ud83d")') as Vec).toArray()).toEqual(["a😀b", "c"]);
  });
});

describe("split-lines without a CR", () => {
  test("the same lines as the CR LF pattern", () => {
    for (const s of ["a\nb\n\nc\n\n", "\n\na", "a\r\nb\nc\r\n", "a\rb\nc", "one", "\n", "é\n😀\n"]) {
      const want = s.split(/\r?\n/);
      while (want.length > 0 && want[want.length - 1] === "") want.pop();
      expect([s, (value(`(split-lines ${JSON.stringify(s)})`) as Vec).toArray()]).toEqual([s, want]);
    }
  });
});

describe("parse-double without the suffix regex", () => {
  test("type suffixes, signs, exponents and the special names", () => {
    const inputs = [
      "1.5d",
      "1.5D",
      "2f",
      "2F",
      "-3.25",
      "+4",
      ".5",
      "5.",
      "1e5",
      "1E-3d",
      "NaN",
      "-Infinity",
      "Infinity",
      "7",
    ];
    for (const s of inputs) {
      const got = value(`(parse-double ${JSON.stringify(s)})`);
      const want = Number(s.replace(/[dDfF]$/, ""));
      const n = typeof got === "number" ? got : (got as unknown as { v: number }).v;
      expect([s, n]).toEqual([s, want]);
    }
    for (const bad of ["1.5x", "d", "f", "1.5dd", "", "1,5"])
      expect(value(`(parse-double ${JSON.stringify(bad)})`)).toBe(null);
  });
});
