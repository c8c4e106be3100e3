/**
 * Stateful-session evaluation in the interpreter: the value codec round-trips every value type
 * exactly (checked with `=` and with the printed form, which tells ints from floats and keywords
 * from strings), stored functions come back with late binding, and values that cannot be stored
 * are refused at def time, naming the binding.
 */

import { describe, expect, it } from "bun:test";
import {
  decodeValue,
  encodeValue,
  evaluate,
  evaluateInSession,
  printValue,
  type SessionSnapshot,
  type Value,
} from "../../src/lisp/index.ts";
import { PMap } from "../../src/lisp/values/index.ts";

/** A session kept in memory the way the store keeps it: encoded text per name. */
function session() {
  let snap: { bindings: Record<string, string>; history: string[] } = { bindings: {}, history: [] };
  return {
    eval(program: string) {
      const r = evaluateInSession(program, snap as SessionSnapshot);
      if (!r.ok) return { ok: false as const, code: r.error.code, message: r.error.message };
      snap = {
        bindings: { ...snap.bindings, ...r.written },
        history: [r.encodedResult ?? "null", ...snap.history].slice(0, 3),
      };
      return { ok: true as const, text: printValue(r.value), written: Object.keys(r.written) };
    },
    /** Round-trips every binding through JSON text again (a restart). */
    reload() {
      snap = JSON.parse(JSON.stringify(snap));
    },
  };
}

const VALUES = [
  "nil",
  "true",
  "42",
  "-7",
  "1.5",
  "2.0",
  "-0.0",
  "##NaN",
  "##Inf",
  "12345678901234567890123456789",
  '"text"',
  '""',
  '":not-a-keyword"',
  '"~tilde"',
  '[:k ":k" "~:k"]',
  ":kw",
  '(keyword "kw-2")',
  "'sym",
  "#'x",
  '#"a+b"',
  "[1 [2 [3]]]",
  '#{1 :a "a" [1 2]}',
  '{[1 2] :vec-key, #{:s} "set-key", {:k 1} "map-key", 1.0 "float-key", 1 "int-key"}',
  '(java.time.LocalDate/parse "2024-02-29")',
  "(java.util.Date. 1700000000123)",
  "(Duration/between (java.util.Date. 0) (java.util.Date. 90000))",
];

describe("value codec", () => {
  for (const src of VALUES) {
    it(`round-trips ${src}`, () => {
      const r = evaluate(src);
      if (!r.ok) throw new Error(r.error.message);
      const text = encodeValue(r.value);
      const back = decodeValue(JSON.parse(JSON.stringify(text)), () => null);
      expect(printValue(back)).toBe(printValue(r.value));
      if (src === "##NaN") return; // NaN equals nothing, itself included
      const same = evaluate("(= data/a data/b)", { context: PMap.fromObject({ a: r.value, b: back }) });
      expect(same).toMatchObject({ ok: true, value: true });
    });
  }

  it("keeps ints and floats, keywords and strings apart", () => {
    const s = session();
    expect(s.eval('(def v [1 1.0 :a "a" 9007199254740993])').ok).toBe(true);
    s.reload();
    expect(s.eval("(map (juxt integer? float? keyword? string?) v)")).toMatchObject({
      text: "[[true false false false] [false true false false] [false false true false] [false false false true] [true false false false]]",
    });
    expect(s.eval('(= v [1 1.0 :a "a" 9007199254740993])')).toMatchObject({ text: "true" });
  });

  it("refuses text it did not make", () => {
    expect(() => decodeValue('{"~zz":1}', () => null as Value)).toThrow("damaged");
  });
});

describe("evaluateInSession", () => {
  it("keeps def and defn bindings and the last three results, across a reload", () => {
    const s = session();
    expect(s.eval("(def x 41) (defn f [y] (+ x y))")).toMatchObject({ ok: true, written: ["x", "f"] });
    s.reload();
    expect(s.eval("(f 1)")).toMatchObject({ text: "42", written: [] });
    expect(s.eval("(* *1 2)")).toMatchObject({ text: "84" });
    expect(s.eval("[*1 *2 *3]")).toMatchObject({ text: "[84 42 #'f]" });
  });

  it("resolves a stored function's globals late, as Clojure vars do", () => {
    const s = session();
    s.eval("(def rate 2) (defn scale [n] (* rate n))");
    s.eval("(def rate 10)");
    s.reload();
    expect(s.eval("(scale 3)")).toMatchObject({ text: "30" });
    expect(s.eval("(defn fact [n] (if (< n 2) 1 (* n (fact (dec n))))) (fact 10)")).toMatchObject({ text: "3628800" });
    expect(s.eval("(map fact [3 4])")).toMatchObject({ text: "[6 24]" });
  });

  it("does not keep let bindings, and a failed eval writes nothing", () => {
    const s = session();
    s.eval("(let [tmp 1] tmp)");
    expect(s.eval("tmp")).toMatchObject({ ok: false, code: "unbound_var" });
    expect(s.eval("(def y 1) (/ 1 0)")).toMatchObject({ ok: false });
    expect(s.eval("y")).toMatchObject({ ok: false, code: "unbound_var" });
  });

  it("refuses a closure over locals at def time, naming the binding", () => {
    const s = session();
    const r = s.eval("(let [k 2] (defn times-k [n] (* k n)))");
    expect(r).toMatchObject({ ok: false, code: "unstorable_value" });
    expect(r.ok ? "" : r.message).toStartWith("times-k cannot be kept in the session");
    expect(s.eval("(def inc2 (partial + 2))")).toMatchObject({ ok: false, code: "unstorable_value" });
    expect(s.eval("(def fs {:f (fn [x] x)}) ((:f fs) 7)")).toMatchObject({ text: "7" });
    expect(s.eval("(def my-inc inc) (my-inc 1)")).toMatchObject({ text: "2" });
    s.reload();
    expect(s.eval("[((:f fs) 8) (my-inc 2)]")).toMatchObject({ text: "[8 3]" });
  });

  it("does not reuse a cached compilation when a name changes meaning", () => {
    const s = session();
    expect(s.eval("(count [1 2])")).toMatchObject({ text: "2" });
    s.eval("(def count 99)");
    expect(s.eval("count")).toMatchObject({ text: "99" });
  });
});
