import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { LispError } from "../../src/lisp/errors.ts";
import { fromJson, jsonKey, toJson, toJsonText } from "../../src/lisp/json.ts";
import { printValue } from "../../src/lisp/printer.ts";
import {
  equals,
  kw,
  LFloat,
  type LFn,
  LRegex,
  PMap,
  PSet,
  Sym,
  type Value,
  Var,
  Vec,
} from "../../src/lisp/values/index.ts";
import { Day } from "../support/day.ts";

class DayWithJson extends Day {
  toJson(): unknown {
    return this.iso;
  }
}

const map = (...kvs: Value[]) => PMap.fromFlat(kvs);
const vec = (...xs: Value[]) => Vec.of(xs);
const named = Object.assign(((x: Value) => x) as LFn, { lispName: "inc" });

describe("fromJson", () => {
  const cases: [string, unknown, string][] = [
    ["null as nil", null, "nil"],
    ["undefined as nil", undefined, "nil"],
    ["booleans", [true, false], "[true false]"],
    ["integers", [0, -5, 9007199254740991], "[0 -5 9007199254740991]"],
    ["negative zero as the integer 0", -0, "0"],
    ["integral numbers beyond 2^53 as whole floats", 2 ** 60, "1.152921504606847E18"],
    ["fractions as floats", [1.5, -0.25], "[1.5 -0.25]"],
    ["strings", "héllo", '"héllo"'],
    ["objects as maps with string keys", { b: 1, a: { c: [1, 2] } }, '{"a" {"c" [1 2]} "b" 1}'],
    ["an empty object and array", [{}, []], "[{} []]"],
    ["a bigint as an integer", 2n ** 64n, "18446744073709551616"],
    ["a safe bigint as a plain integer", 5n, "5"],
    ["a Date through its toJSON", new Date(Date.UTC(2024, 0, 2)), '"2024-01-02T00:00:00.000Z"'],
  ];
  for (const [what, input, want] of cases) {
    test(`converts ${what}`, () => {
      expect(printValue(fromJson(input))).toBe(want);
    });
  }

  test("keeps string keys as strings, not keywords", () => {
    const m = fromJson({ name: "x" }) as PMap;
    expect(m.get("name")).toBe("x");
    expect(m.get(kw("name"))).toBeUndefined();
  });

  test("keeps a __proto__ key as an ordinary key", () => {
    const m = fromJson(JSON.parse('{"__proto__": 1, "a": 2}')) as PMap;
    expect(m.count).toBe(2);
    expect(m.get("__proto__")).toBe(1);
  });

  test("passes values that already are PTC-Lisp values through", () => {
    const inner = map(kw("a"), 1);
    expect(fromJson({ x: inner }) instanceof PMap).toBe(true);
    expect((fromJson({ x: inner }) as PMap).get("x")).toBe(inner);
    expect(fromJson(kw("k"))).toBe(kw("k"));
  });

  test("rejects a function with a type_error", () => {
    expect(() => fromJson(() => 1)).toThrow(LispError);
  });
});

describe("toJson", () => {
  const cases: [string, Value, unknown][] = [
    ["nil as null", null, null],
    ["keyword keys and values as names", map(kw("status"), kw("active")), { status: "active" }],
    ["string keys as they are", map("a b", 1), { "a b": 1 }],
    ["number keys as their printed text", map(1, "one", new LFloat(2), "two"), { "1": "one", "2.0": "two" }],
    ["a vector key as its printed text", map(vec(1, kw("a")), true), { "[1 :a]": true }],
    ["a nil key as nil", map(null, 1), { nil: 1 }],
    ["whole floats as numbers", new LFloat(2), 2],
    ["fractions as numbers", 0.5, 0.5],
    ["a bigint as a string of digits", 2n ** 64n, "18446744073709551616"],
    [
      "NaN and infinities as null",
      vec(Number.NaN, Infinity, -Infinity, new LFloat(Infinity)),
      [null, null, null, null],
    ],
    ["a set as an array in term order", PSet.from([3, 1, kw("a"), "z"]), [1, 3, "a", "z"]],
    ["vectors as arrays", vec(1, vec(2, "x")), [1, [2, "x"]]],
    ["a symbol as its full name", new Sym("join", "str"), "str/join"],
    ["a regex as its printed text", new LRegex("a+", null), '#"a+"'],
    ["a var as its printed text", new Var("x"), "#'x"],
    ["a function as its printed text", named, "#fn[inc]"],
    ["a host value without a hook as its printed text", new Day("2024-01-02"), '#date "2024-01-02"'],
    ["a host value through its toJson hook", new DayWithJson("2024-01-02"), "2024-01-02"],
    ["a colliding string key over the keyword key", map("a", 1, kw("a"), 2), { a: 1 }],
    [
      "nested data",
      map(kw("rows"), vec(map(kw("id"), 1, kw("tags"), PSet.from([kw("b"), kw("a")])))),
      { rows: [{ id: 1, tags: ["a", "b"] }] },
    ],
  ];
  for (const [what, v, want] of cases) {
    test(`converts ${what}`, () => {
      expect(toJson(v)).toEqual(want);
    });
  }

  test("emits object keys in sorted key order", () => {
    expect(Object.keys(toJson(map(kw("b"), 1, kw("c"), 2, kw("a"), 3)) as object)).toEqual(["a", "b", "c"]);
  });

  test("keeps a __proto__ key as an own property", () => {
    const o = toJson(map("__proto__", 1)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(["__proto__"]);
    expect(JSON.stringify(o)).toBe('{"__proto__":1}');
  });

  test("converts a vector nested 100 000 levels deep", () => {
    let v: Value = Vec.EMPTY;
    for (let i = 0; i < 100_000; i++) v = Vec.of([v]);
    let out = toJson(v);
    let depth = 0;
    while (Array.isArray(out) && out.length === 1) {
      out = out[0];
      depth++;
    }
    expect(depth).toBe(100_000);
  });
});

describe("toJsonText", () => {
  const cases: [string, Value, string][] = [
    ["nil", null, "null"],
    ["an int", -12, "-12"],
    ["a bigint with all its digits", 2n ** 80n, "1208925819614629174706176"],
    ["a whole float with .0", new LFloat(2), "2.0"],
    ["negative zero", new LFloat(-0), "-0.0"],
    ["a large float in exponent form", new LFloat(1e21), "1.0E21"],
    ["a tiny float in exponent form", 1.5e-7, "1.5E-7"],
    ["special floats as null", vec(Number.NaN, Infinity, -Infinity), "[null,null,null]"],
    ["a string with escapes", 'a"b\\\n\u0001', '"a\\"b\\\\\\n\\u0001"'],
    ["a keyword as its name", kw("active"), '"active"'],
    ["an empty map and vector", vec(PMap.empty(), Vec.EMPTY, PSet.empty()), "[{},[],[]]"],
    ["a map with sorted keys", map(kw("b"), 1, kw("a"), vec(1, 2)), '{"a":[1,2],"b":1}'],
    ["mixed keys in term order", map("s", 1, kw("k"), 2, 3, 4), '{"3":4,"k":2,"s":1}'],
    ["a colliding string key over the keyword key", map(kw("a"), 2, "a", 1), '{"a":1}'],
    ["a set in term order", PSet.from(["b", "a", 2]), '[2,"a","b"]'],
    ["a regex as its printed text", new LRegex("\\d", null), '"#\\"\\\\d\\""'],
    [
      "a host value through its hook",
      vec(new DayWithJson("2024-01-02"), new Day("x")),
      '["2024-01-02","#date \\"x\\""]',
    ],
  ];
  for (const [what, v, want] of cases) {
    test(`writes ${what}`, () => {
      expect(toJsonText(v)).toBe(want);
    });
  }

  test("writes valid JSON that parses to toJson's result when no bigints are involved", () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, (x) => {
        const v = fromJson(x);
        const text = toJsonText(v);
        expect(JSON.parse(text)).toEqual(toJson(v));
        expect(equals(fromJson(JSON.parse(text)), v)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("round-trips JSON context data through values", () => {
    const data = {
      orders: [
        { id: 1, total: 9.5, paid: true, tags: ["a"] },
        { id: 2, total: 12, paid: false, note: null },
      ],
    };
    expect(JSON.parse(toJsonText(fromJson(data)))).toEqual(data);
  });

  test("writes a vector nested 100 000 levels deep", () => {
    let v: Value = Vec.EMPTY;
    for (let i = 0; i < 100_000; i++) v = Vec.of([v]);
    expect(toJsonText(v).length).toBe(200_002);
  });
});

describe("jsonKey", () => {
  const cases: [Value, string][] = [
    [kw("a"), "a"],
    ["s", "s"],
    [new Sym("x", "ns"), "ns/x"],
    [42, "42"],
    [0.5, "0.5"],
    [true, "true"],
  ];
  for (const [k, want] of cases) {
    test(`turns the key ${printValue(k)} into ${JSON.stringify(want)}`, () => {
      expect(jsonKey(k)).toBe(want);
    });
  }
});
