/**
 * Issue #9 against the compiled binary over stdio with one worker (`--max-concurrent-calls 1`):
 * the aliasing reproductions give the same right answer on consecutive calls of the same program
 * text (the worker caches compiled programs with their constants), and top-level context keys
 * that are also JS prototype names reach the program as ordinary keys.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type Served, serve, textOf } from "./helpers.ts";

const REPRODUCTIONS: [string, string][] = [
  ["(let [v [0 1 2]] (for [x v] (conj v x)))", "[[0 1 2 0] [0 1 2 1] [0 1 2 2]]"],
  ["(let [v (vec (range 3))] (reduce (fn [acc x] (conj v 99) (conj acc x)) [] v))", "[0 1 2]"],
  ["(let [v (vec (range 5))] (count (for [x v] (conj v x))))", "5"],
  ["[(conj [] 1) (conj [] 2) []]", "[[1] [2] []]"],
  ["(let [m {:a 1}] (count (for [[k v] m] (assoc m :b v))))", "1"],
];

describe("exact answers from the compiled server with one worker", () => {
  let served: Served;
  const call = async (program: string, context?: Record<string, unknown>) =>
    textOf(await served.client.callTool({ name: "lisp_eval", arguments: { program, context } }));

  beforeAll(async () => {
    served = await serve(["--max-concurrent-calls", "1"]);
  });
  afterAll(() => served.close());

  for (const [program, want] of REPRODUCTIONS) {
    it(`${program} is ${want} on two consecutive calls`, async () => {
      expect(await call(program)).toBe(want);
      expect(await call(program)).toBe(want);
    });
  }

  it("passes the context keys constructor, prototype and __proto__ through as data", async () => {
    const context = JSON.parse('{"constructor": 1, "prototype": [2], "__proto__": {"polluted": true}, "x": 4}');
    expect(await call("[data/constructor data/prototype data/__proto__ data/x]", context)).toBe(
      '[1 [2] {"polluted" true} 4]',
    );
    expect(await call('[(:polluted {}) (get {} "polluted") (count (keys data/__proto__))]', context)).toBe(
      "[nil nil 1]",
    );
    expect(await call("(:polluted {})")).toBe("nil");
  });
});
