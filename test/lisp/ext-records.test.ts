/**
 * Extended records (pmap-tables.ts `ExtTable`): `(assoc rec k v)` of a key a JSON-born record lacks
 * shares the record and adds the entry beside it, instead of copying the record into a flat or
 * hash table. Each derived map is checked against the same entries built the generic way
 * (`PMap.fromPairs`: a flat or hash map) on every read a program can make, so a wrong answer on the
 * fast path fails here, and the maps it came from must stay unchanged.
 */

import { describe, expect, test } from "bun:test";
import { mapLookup } from "../../src/lisp/access.ts";
import { evaluate } from "../../src/lisp/index.ts";
import { adoptJson, fromJson } from "../../src/lisp/json.ts";
import { printValue } from "../../src/lisp/printer.ts";
import { equals, hashKey, Keyword, LFloat, PMap, type Value, Vec } from "../../src/lisp/values/index.ts";
import { mulberry32 } from "../support/prng.ts";

const RECORD_KEYS = [
  "id",
  "user_name",
  "__proto__",
  "constructor",
  "1",
  ...Array.from({ length: 20 }, (_, i) => `r${i}`),
];
/** Keys to add: some the record has (strings), most it lacks (keywords, numbers, NaN, vectors, nil). */
const ADDED: (() => Value)[] = [
  () => Keyword.of("amount"),
  () => Keyword.of("id"),
  () => Keyword.of("user-name"),
  () => "extra",
  () => "toString",
  () => "id",
  () => "r3",
  () => 1,
  () => Number.NaN,
  () => new LFloat(2),
  () => Vec.of([1, "a"]),
  () => null,
  ...Array.from({ length: 10 }, (_, i) => () => Keyword.of(`k${i}`)),
];
const PROBES: (() => Value)[] = [...ADDED, ...RECORD_KEYS.map((k) => () => k), () => Keyword.of("r0"), () => "r-0"];

/** Names for flexible lookup (spec §7.5): exact, keyword/string, hyphen/underscore, inherited names. */
const LOOKUP_NAMES = [
  ...RECORD_KEYS,
  "user-name",
  "amount",
  "extra",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "k1",
  "k-1",
  "r-0",
  "missing",
  "",
];

function decoded(n: number, adopt: boolean): PMap {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) Object.defineProperty(o, RECORD_KEYS[i] as string, { value: i * 10, enumerable: true });
  const text = JSON.stringify(o);
  return (adopt ? adoptJson(JSON.parse(text)) : fromJson(JSON.parse(text))) as PMap;
}

/** Every read of `got` must match `want`, a map with the same entries built the generic way. */
function sameMap(got: PMap, want: PMap, what: string): void {
  const eq = (a: unknown, b: unknown, how: string) => {
    if (!(Object.is(a, b) || (a instanceof PMap && b instanceof PMap && equals(a, b))))
      throw new Error(`${what}: ${how}: got ${String(a)}, want ${String(b)}`);
  };
  eq(got.count, want.count, "count");
  eq(got.keywordKeys, want.keywordKeys, "keywordKeys");
  for (const p of PROBES) {
    eq(got.get(p()), want.get(p()), `get ${printValue(p())}`);
    eq(got.has(p()), want.has(p()), `has ${printValue(p())}`);
    eq(got.getEntry(p())?.[1], want.getEntry(p())?.[1], `getEntry ${printValue(p())}`);
  }
  for (const name of LOOKUP_NAMES) {
    for (const key of [name, Keyword.of(name)]) {
      eq(mapLookup(got, key), mapLookup(want, key), `flexible lookup of ${printValue(key)}`);
    }
  }
  eq(equals(got, want), true, "equals");
  eq(equals(want, got), true, "equals (reversed)");
  eq(hashKey(got), hashKey(want), "hashKey");
  // Printing sorts keys; NaN is unordered against other numbers, so its place is unspecified.
  if (!got.has(Number.NaN)) eq(printValue(got), printValue(want), "print");
  eq(got.keys().map(printValue).sort().join(" "), want.keys().map(printValue).sort().join(" "), "keys");
  const seen: string[] = [];
  got.forEach((k, v) => {
    seen.push(`${printValue(k)}=${printValue(v)}`);
  });
  eq(
    seen.sort().join(" "),
    want
      .entries()
      .map(([k, v]) => `${printValue(k)}=${printValue(v)}`)
      .sort()
      .join(" "),
    "forEach",
  );
}

describe("extended records agree with flat and hash maps of the same entries", () => {
  test("seeded random assoc/dissoc chains on decoded and adopted records of 0-25 keys", () => {
    const rnd = mulberry32(1307);
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(rnd() * (RECORD_KEYS.length + 1));
      const start = decoded(n, rnd() < 0.5);
      const before = printValue(start);
      let m = start;
      let pairs = start.entries();
      const steps = 1 + Math.floor(rnd() * 14);
      for (let s = 0; s < steps; s++) {
        const prev = m;
        const prevPairs = pairs;
        if (rnd() < 0.15) {
          const k = (PROBES[Math.floor(rnd() * PROBES.length)] as () => Value)();
          m = m.dissoc(k);
          pairs = pairs.filter(([x]) => !equals(x, k) && !(Number.isNaN(x) && Number.isNaN(k)));
        } else {
          const k = (ADDED[Math.floor(rnd() * ADDED.length)] as () => Value)();
          const v = rnd() < 0.2 ? null : Math.floor(rnd() * 5);
          m = m.assoc(k, v);
          pairs = [...pairs.filter(([x]) => !equals(x, k) && !(Number.isNaN(x) && Number.isNaN(k))), [k, v]];
        }
        sameMap(m, PMap.fromPairs(pairs), `round ${round} step ${s}`);
        // The map it came from is unchanged.
        sameMap(prev, PMap.fromPairs(prevPairs), `round ${round} step ${s} (previous map)`);
        checked++;
      }
      expect(printValue(start)).toBe(before);
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test("programs see the added keys through every lookup form", () => {
    const context = adoptJson(
      JSON.parse('{"o":{"price":2.5,"quantity":4,"region":"north","user_name":"ann"}}'),
    ) as PMap;
    const r = evaluate(
      `(let [o (assoc data/o :amount (* (:price data/o) (:quantity data/o)))
             p (assoc o "price" 3 :n 1)]
         [(:amount o) (get o :amount) (o :amount) (:region o) (:user-name o) (get o "user_name")
          (count o) (contains? o :amount) (contains? o "amount") (dissoc o :amount) (keys p)
          (= o (into {} (seq o))) (:price p) (let [{:keys [amount region]} o] [amount region])
          (select-keys o [:amount "region"]) (update o :amount inc) (data/o :amount)])`,
      { context },
    );
    if (!r.ok) throw new Error(r.error.describe());
    expect(printValue(r.value)).toBe(
      '[10.0 10.0 10.0 "north" "ann" "ann" 5 true true {"price" 2.5 "quantity" 4 "region" "north" "user_name" "ann"} ' +
        '[:amount :n "price" "quantity" "region" "user_name"] true 3 [10.0 "north"] {:amount 10.0 "region" "north"} ' +
        '{:amount 11.0 "price" 2.5 "quantity" 4 "region" "north" "user_name" "ann"} nil]',
    );
  });
});
