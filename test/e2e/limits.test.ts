/**
 * Hostile programs against the compiled binary (the worker path): each one must end in a
 * structured limit error, after which the server answers a normal call in normal time and its RSS
 * comes back near where it started.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { rssOf, type Served, serve, settleBelow, textOf } from "./helpers.ts";

const MIB = 1024 * 1024;
/**
 * Hang guards, not speed checks: a call after a hostile program must come back, and a stuck
 * server would never answer. Wide enough for a loaded 2-core machine (speed is in bench/).
 */
const RESPONSIVE_MS = 10_000;
const HOSTILE_ENDS_MS = 30_000;

/** Program, expected error type(s), extra note. */
const HOSTILE: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ["builds a 10^8-element vector", "(vec (range 100000000))", ["memory_exceeded"]],
  ["joins 10^9 strings", '(apply str (repeat 1e9 "x"))', ["memory_exceeded"]],
  [
    "doubles a sequence with concat",
    "(loop [x [1] i 0] (if (< i 40) (recur (concat x x) (inc i)) (count x)))",
    // On a loaded machine the 1 s clock can come before the heap check that confirms the growth.
    ["memory_exceeded", "timeout"],
  ],
  [
    "doubles a vector with into (allocates inside one builtin)",
    "(loop [x [1] i 0] (if (< i 40) (recur (into x x) (inc i)) (count x)))",
    ["memory_exceeded"],
  ],
  ["doubles a string", '(loop [s "x" i 0] (if (< i 40) (recur (str s s) (inc i)) (count s)))', ["memory_exceeded"]],
  ["recurses without end", "(defn down [n] (+ 1 (down n))) (down 1)", ["stack_overflow", "memory_exceeded"]],
  [
    "grows a map until the heap check stops it",
    "(loop [m {} i 0] (if (< i 10000000) (recur (assoc m i i) (inc i)) (count m)))",
    ["memory_exceeded", "timeout"],
  ],
  [
    "builds a 9-million-pair comprehension",
    "(count (for [a (range 3000) b (range 3000)] [a b]))",
    ["memory_exceeded", "timeout"],
  ],
];

describe("hostile programs against the compiled server", () => {
  let served: Served;
  let baseline = 0;
  const pid = () => served.transport.pid as number;

  const normalCallMs = async () => {
    const started = performance.now();
    const r = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
    expect(textOf(r)).toBe("3");
    return performance.now() - started;
  };

  beforeAll(async () => {
    // A distant deadline: the memory cases must be stopped by the memory budget, not win or lose a
    // race against the clock on a busy machine (the endless loop has its own test below).
    served = await serve([
      "--loop-limit",
      "1000000000",
      "--max-concurrent-calls",
      "2",
      "--program-timeout-ms",
      "30000",
    ]);
    await normalCallMs();
    await Bun.sleep(200);
    baseline = rssOf(pid());
  });
  afterAll(() => served.close());

  for (const [name, program, codes] of HOSTILE) {
    it(`ends in ${codes.join(" or ")} and recovers when a program ${name}`, async () => {
      const started = performance.now();
      const r = await served.client.callTool({ name: "lisp_eval", arguments: { program } });
      const text = textOf(r);
      expect(r.isError).toBe(true);
      expect(codes).toContain(text.split(":")[0] as string);
      expect(performance.now() - started).toBeLessThan(HOSTILE_ENDS_MS);
      expect(await normalCallMs()).toBeLessThan(RESPONSIVE_MS);
      const rss = await settleBelow(() => rssOf(pid()), baseline + 160 * MIB);
      expect(rss).toBeLessThan(baseline + 160 * MIB);
    });
  }

  it("ends in timeout and recovers when a program loops forever under a raised loop limit", async () => {
    const short = await serve(["--loop-limit", "1000000000000", "--program-timeout-ms", "500"]);
    try {
      const r = await short.client.callTool({
        name: "lisp_eval",
        arguments: { program: "(loop [i 0] (recur (inc i)))" },
      });
      expect(textOf(r)).toStartWith("timeout:");
      const next = await short.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
      expect(textOf(next)).toBe("3");
    } finally {
      await short.close();
    }
  });

  it("answers a catastrophic-backtracking regex or refuses it, and stays responsive", async () => {
    const started = performance.now();
    const r = await served.client.callTool({
      name: "lisp_eval",
      arguments: { program: '(re-find #"(a+)+$" (str (apply str (repeat 30 "a")) "b"))' },
    });
    expect(performance.now() - started).toBeLessThan(HOSTILE_ENDS_MS);
    expect(textOf(r)).not.toContain("internal_error");
    expect(await normalCallMs()).toBeLessThan(RESPONSIVE_MS);
  });
});

describe("hard stop of a builtin that never yields", () => {
  it("terminates the worker after deadline + grace, answers timeout, and serves the next call", async () => {
    // Building a 3-million-element set is one builtin call with no budget check inside it today.
    const served = await serve([
      "--program-timeout-ms",
      "100",
      "--program-memory-limit-bytes",
      "500000000",
      "--max-concurrent-calls",
      "1",
    ]);
    try {
      const r = await served.client.callTool({
        name: "lisp_eval",
        arguments: { program: "(count (set (range 3000000)))" },
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toStartWith("timeout:");
      const started = performance.now();
      const next = await served.client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
      expect(textOf(next)).toBe("3");
      expect(performance.now() - started).toBeLessThan(RESPONSIVE_MS);
    } finally {
      await served.close();
    }
  });
});
