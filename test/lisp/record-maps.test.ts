/**
 * Maps read from decoded JSON objects in place (record maps, decision 0017) behave like every
 * other map: own keys only (never `Object.prototype`'s), string keys distinct from numbers and
 * keywords, flexible lookup, equality and hashing across representations, and no aliasing with
 * the decoded data they came from.
 */

import { describe, expect, test } from "bun:test";
import { evaluate } from "../../src/lisp/index.ts";
import { adoptJson, fromJson } from "../../src/lisp/json.ts";
import { printValue } from "../../src/lisp/printer.ts";
import { equals, freezeConstant, LFloat, type PMap, type Value, type Vec } from "../../src/lisp/values/index.ts";

function run(program: string, context: Record<string, unknown>): string {
  const r = evaluate(program, { context: adoptJson(JSON.parse(JSON.stringify(context))) as PMap });
  if (!r.ok) throw new Error(r.error.describe());
  return printValue(r.value);
}

describe("record maps", () => {
  test("only own keys are keys: Object.prototype's names are absent unless the JSON has them", () => {
    const ctx = { x: { a: 1 } };
    expect(
      run('[(get data/x "constructor") (get data/x "toString") (get data/x "__proto__") (count data/x)]', ctx),
    ).toBe("[nil nil nil 1]");
    expect(run('(contains? data/x "hasOwnProperty")', ctx)).toBe("false");
    const own = JSON.parse('{"x":{"__proto__":1,"constructor":2,"toString":3}}');
    const m = adoptJson(own) as PMap;
    const x = m.get("x") as PMap;
    expect([x.get("__proto__"), x.get("constructor"), x.get("toString"), x.count]).toEqual([1, 2, 3, 3]);
    expect(printValue(x)).toBe('{"__proto__" 1 "constructor" 2 "toString" 3}');
  });

  test("string keys stay strings: a number or keyword finds them only through flexible lookup", () => {
    const ctx = { x: { "1": "one", user_name: "ann", a: 1 } };
    expect(run('[(get data/x 1) (get data/x "1") (:a data/x) (get data/x :user-name) (:b data/x)]', ctx)).toBe(
      '[nil "one" 1 "ann" nil]',
    );
  });

  test("equal to and hashed like the same map built any other way", () => {
    const ctx = { x: { a: 1, b: [1, 2] }, big: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])) };
    expect(
      run(
        '[(= data/x {"a" 1 "b" [1 2]}) (count (set [data/x {"b" [1 2] "a" 1}])) (get {data/x :hit} {"a" 1 "b" [1 2]})]',
        ctx,
      ),
    ).toBe("[true 1 :hit]");
    expect(run('(= data/big (into {} (map (fn [i] [(str "k" i) i]) (range 40))))', ctx)).toBe("true");
    expect(run('(= (dissoc (assoc data/big "new" 1) "new") data/big)', ctx)).toBe("true");
  });

  test("updates never show through the version they came from, at every size", () => {
    for (const n of [1, 15, 16, 17, 40]) {
      const o = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
      const m = adoptJson(JSON.parse(JSON.stringify(o))) as PMap;
      const added = m.assoc("extra", 1);
      const changed = m.assoc("k0", 99);
      const removed = m.dissoc("k0");
      expect([m.count, added.count, changed.count, removed.count]).toEqual([n, n + 1, n, n - 1]);
      expect([m.get("k0"), changed.get("k0"), removed.get("k0"), m.get("extra"), added.get("extra")]).toEqual([
        0,
        99,
        undefined,
        undefined,
        1,
      ]);
      // A frozen record (a constant) is still the same map.
      const frozen = adoptJson(JSON.parse(JSON.stringify(o))) as PMap;
      freezeConstant(frozen);
      expect(equals(frozen, m)).toBe(true);
      expect(frozen.assoc("k0", 5).get("k0")).toBe(5);
      expect(frozen.get("k0")).toBe(0);
    }
  });

  test("adoptJson converts numbers as fromJson does, in place, and reuses the arrays", () => {
    const parsed = JSON.parse('{"xs":[-0,1.5,9007199254740993,3],"n":-0,"o":{"y":1e21}}');
    const xs = parsed.xs as unknown[];
    const m = adoptJson(parsed) as PMap;
    const v = m.get("xs") as Vec;
    expect(v.toArray()).toBe(xs as Value[]);
    expect(Object.is(v.at(0), 0)).toBe(true);
    expect(v.at(2)).toBeInstanceOf(LFloat);
    expect(m.get("n")).toBe(0);
    expect(Object.is(m.get("n"), -0)).toBe(false);
    expect((m.get("o") as PMap).get("y")).toBeInstanceOf(LFloat);
    expect(printValue(m)).toBe(
      printValue(fromJson(JSON.parse('{"xs":[-0,1.5,9007199254740993,3],"n":-0,"o":{"y":1e21}}'))),
    );
  });

  test("fromJson copies: changing the decoded data afterwards changes no map", () => {
    const data: Record<string, unknown> = { a: 1, nested: { b: 2 } };
    const m = fromJson(data) as PMap;
    data.a = 100;
    (data.nested as Record<string, unknown>).b = 200;
    data.c = 3;
    expect(printValue(m)).toBe('{"a" 1 "nested" {"b" 2}}');
  });
});
