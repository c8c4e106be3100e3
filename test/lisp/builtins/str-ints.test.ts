/**
 * `str` renders integers from two digit tables (text-build.ts `intText`) and joins a short text
 * with an integer of 5 to 8 digits in one concatenation. Both must give exactly the engine's own
 * decimal text and charge the memory budget exactly as the general path does. The integers sit
 * around every table edge (10^4, 10^8, a zero-padded low part) and the texts around the meter
 * chunk, so a wrong pad, a wrong split or a skipped charge changes an answer.
 */

import { describe, expect, test } from "bun:test";
import { fromJson, type PMap } from "../../../src/lisp/index.ts";
import type { Vec } from "../../../src/lisp/values/index.ts";
import { mulberry32 } from "../../support/prng.ts";
import { meterBytes, threshold, value } from "./meter.ts";

const EDGES = [
  0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 10_001, 10_009, 10_010, 10_100, 11_000, 19_999, 20_000, 99_999,
  100_000, 100_001, 1_000_005, 9_999_999, 10_000_000, 12_340_567, 99_990_000, 99_999_999, 100_000_000, 100_000_001,
  123_456_789, 9_007_199_254_740_991, -1, -9999, -10_000, -12_345, -99_999_999, -100_000_000,
];

/** The edges plus seeded integers of every width up to 10 digits, each sign. */
function integers(): number[] {
  const rnd = mulberry32(23);
  const out = [...EDGES];
  for (let digits = 1; digits <= 10; digits++) {
    for (let k = 0; k < 40; k++) {
      const x = Math.floor(rnd() * 10 ** digits);
      out.push(x, -x);
    }
  }
  return out;
}

describe("str of integers gives the engine's decimal text", () => {
  const xs = integers();
  const ctx = fromJson({ xs }) as PMap;

  test("one piece, each twice (table entries made, then reused), and -0", () => {
    const once = (value("(mapv str data/xs)", ctx) as Vec).toArray();
    const again = (value("(mapv str data/xs)", ctx) as Vec).toArray();
    const want = xs.map((x) => `${x}`);
    expect(once).toEqual(want);
    expect(again).toEqual(want);
    expect(value("(str (- 0))")).toBe("0");
    expect(value("[(str 10000.5) (str 12345.0) (str 1.0E8)]")).toEqual(
      value('[(str 10000.5 #"") (str 12345.0 #"") (str 1.0E8 #"")]'),
    );
  });

  test("beside a text on either side, and among other pieces", () => {
    const got = (
      value(
        '(mapv (fn [x] [(str x ",") (str "id-" x) (str "" x) (str x "") (str "a" x "b") (str x x x x)]) data/xs)',
        ctx,
      ) as Vec
    ).toArray();
    xs.forEach((x, i) => {
      const s = `${x}`;
      expect([x, (got[i] as Vec).toArray()]).toEqual([x, [`${s},`, `id-${s}`, s, s, `a${s}b`, s + s + s + s]]);
    });
    expect(value("(apply str data/xs)", ctx)).toBe(xs.join(""));
    expect(value('(clojure.string/join ", " data/xs)', ctx)).toBe(xs.join(", "));
    expect(value('(reduce (fn [acc x] (str acc x ",")) "" data/xs)', ctx)).toBe(xs.map((x) => `${x},`).join(""));
  });
});

describe("str of a text and an integer charges as the general path", () => {
  // Text lengths around the 16 Ki-character chunk: the one-concatenation path stops 8 short of it.
  const sizes = [1, 16_360, 16_374, 16_375, 16_376, 16_377, 16_378, 16_380, 16_384, 20_000];

  test("integer after and before the text, of 4 to 9 digits", () => {
    for (const l of sizes) {
      for (const x of [9999, 10_000, 12_345_678, 99_999_999, 100_000_000]) {
        const ctx = fromJson({ a: "t".repeat(l), x }) as PMap;
        for (const [fast, general, lengths] of [
          ["(str data/a data/x)", '(str data/a data/x #"")', [l, `${x}`.length]],
          ["(str data/x data/a)", '(str data/x data/a #"")', [`${x}`.length, l]],
        ] as const) {
          const t = threshold(fast, ctx);
          expect([fast, l, x, t]).toEqual([fast, l, x, threshold(general, ctx)]);
          expect([fast, l, x, t]).toEqual([fast, l, x, Math.max(1, meterBytes(lengths))]);
          expect(value(fast, ctx)).toBe(value(general, ctx));
        }
      }
    }
  });
});
