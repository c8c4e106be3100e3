/**
 * One-pass group aggregates (compiler/group-fusion.ts, docs/decisions/0042): for programs of the
 * shape `(map (fn [[k rows]] body) (group-by K coll))`, the fused compilation must show exactly
 * what the plain one shows — value or error (code, message, line, column), prints, fuel spent and
 * bytes charged — whether or not the form qualifies, whatever the data, and wherever it fails.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { runBoth, runOnce } from "./group-fusion-support.ts";

/** Field values: ints, floats, big integers, nil, strings, keywords, vectors. */
const field = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("1.5", "-0.25", "2.0", "1e300", "0.0") },
  { weight: 2, arbitrary: fc.constantFrom("9007199254740991", "9223372036854775807", "-9223372036854775808") },
  { weight: 2, arbitrary: fc.constant("nil") },
  { weight: 1, arbitrary: fc.constantFrom('"a"', '"B"', '" c "', '"12"', '"3.5"', '""') },
  { weight: 1, arbitrary: fc.constantFrom(":x", ":y", "[1 2]", "[:x]") },
);

/** A row: a map with :a :n :m :s fields (some missing), or a vector of four fields. */
const row = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(field, field, field, field, fc.boolean())
      .map(([a, n, m, s, drop]) => `{:a ${a} :n ${n}${drop ? "" : ` :m ${m}`} :s ${s}}`),
  },
  { weight: 1, arbitrary: fc.tuple(field, field, field, field).map((xs) => `[${xs.join(" ")}]`) },
);

const data = fc.array(row, { maxLength: 12 }).map((rs) => `[${rs.join(" ")}]`);

const key = fc.constantFrom(
  ":a",
  ":s",
  "#(:a %)",
  "#(nth % 0)",
  "(fn [r] (str (:a r)))",
  "#(if (:a %) (:a %) :none)",
  "#(upper-case (:s %))",
  "#(parse-long (str (:n %)))",
  "#(mod (:n %) 2)",
  "#(count (str (:m %)))",
  '"a"',
  "[:a]",
);

/** Aggregates over the rows (`rs`); `k` may appear inside their functions. */
const aggregate = fc.constantFrom(
  "(count rs)",
  "(sum-by :n rs)",
  "(sum-by :m rs)",
  "(sum-by #(:n %) rs)",
  "(sum-by (fn [r] (if (number? (:n r)) (* 2 (:n r)) nil)) rs)",
  "(reduce + (map :n rs))",
  "(reduce + 0 (map :n rs))",
  "(reduce + 0.0 (map #(or (:m %) 0) rs))",
  "(reduce max (map #(or (:n %) 0) rs))",
  "(reduce (fn [a b] (+ a (* 2 b))) 0 (map #(or (:n %) 0) rs))",
  "(reduce #(str %1 (:s %2)) rs)",
  '(reduce #(str %1 "," (:s %2)) "" rs)',
  "(reduce (fn [acc r] (conj acc (:n r))) [] rs)",
  "(reduce + (map #(/ 12 (:n %)) rs))",
  "(reduce + (map #(parse-double (str (:m %))) rs))",
  "(reduce (fn [a x] (if (= x k) (inc a) a)) 0 (map :a rs))",
  "(reduce + rs)",
  "(sum-by #(+ (:n %) (count (str k))) rs)",
  "(sum-by #(* w (or (:n %) 0)) rs)",
  "(reduce (fn [a r] (+ a w)) 0 rs)",
);

/** Bodies built around the aggregates; some use `rs` in ways that must not fuse. */
const body = fc.oneof(
  fc.tuple(aggregate, aggregate).map(([x, y]) => `[k ${x} ${y}]`),
  fc.tuple(aggregate, aggregate).map(([x, y]) => `{:key k :x ${x} :y ${y}}`),
  aggregate.map((x) => `(let [c ${x}] [k c (str c)])`),
  aggregate.map((x) => `[k (/ 1 (- (count rs) 1)) ${x}]`),
  aggregate.map((x) => `(str k ":" ${x})`),
  aggregate.map((x) => `(if (> (count rs) 1) ${x} k)`),
  aggregate.map((x) => `[k ${x} (first rs)]`),
  aggregate.map((x) => `(do (println k) ${x})`),
  aggregate.map((x) => `(let [n 2] [k ${x} (reduce + (map #(* n (or (:n %) 0)) rs))])`),
);

/** The whole program: shadowing, `:as`, threading, mapv and a sort around the form. */
const program = fc
  .tuple(data, key, body, fc.constantFrom("plain", "thread", "mapv", "shadow-count", "defn-sum-by", "as", "sorted"))
  .map(([xs, k, b, wrap]) => {
    const fn = `(fn [[k rs]] ${b})`;
    switch (wrap) {
      case "thread":
        return `(let [xs ${xs} w 3] (->> xs (group-by ${k}) (map ${fn})))`;
      case "mapv":
        return `(let [xs ${xs} w 3] (mapv ${fn} (group-by ${k} xs)))`;
      case "shadow-count":
        return `(let [xs ${xs} w 3 count (fn [c] 0)] (map ${fn} (group-by ${k} xs)))`;
      case "defn-sum-by":
        return `(defn sum-by [f c] 7) (let [xs ${xs} w 3] (map ${fn} (group-by ${k} xs)))`;
      case "as":
        return `(let [xs ${xs} w 3] (map (fn [[k rs :as e]] ${b}) (group-by ${k} xs)))`;
      case "sorted":
        return `(let [xs ${xs} w 3] (->> xs (group-by ${k}) (map ${fn}) (sort-by str)))`;
      default:
        return `(let [xs ${xs} w 3] (map ${fn} (group-by ${k} xs)))`;
    }
  });

describe("one-pass group aggregates answer as the plain code", () => {
  test("generated programs: same value or error, prints, fuel and charges", () => {
    let fused = 0;
    let fusedErrors = 0;
    fc.assert(
      fc.property(program, (src) => {
        const { on, off, fused: f } = runBoth(src);
        if (f) {
          fused++;
          if (on.result.startsWith("error")) fusedErrors++;
        }
        expect({ src, ...on }).toEqual({ src, ...off });
      }),
      { numRuns: 1500, seed: 13 },
    );
    // The property is about fused runs: most programs must take the fused path, some failing.
    if (process.env.FUSION_STATS) console.log({ fused, fusedErrors });
    expect(fused).toBeGreaterThan(500);
    expect(fusedErrors).toBeGreaterThan(50);
  }, 60_000);

  test("the bench shapes fuse and answer as before", () => {
    const rows = '["id,name,city,amount" "1,a, paris ,2.5" "2,b,Rome,3" "3,c,PARIS,1e3" "4,d,rome,-0.5"]';
    const programs = [
      `(->> (rest ${rows}) (map #(split % ",")) (group-by #(upper-case (trim (nth % 2))))
            (map (fn [[city rows]] [city (count rows) (reduce + (map #(parse-double (nth % 3)) rows))])) (sort-by first))`,
      `(->> [["u1" "a" "b" "10"] ["u2" "a" "b" "5"] ["u1" "x" "y" "7"]] (group-by #(nth % 0))
            (map (fn [[user hits]] [user (count hits) (reduce + (map #(parse-long (nth % 3)) hits))])))`,
      `(->> [{:region "n" :amount 2} {:region "s" :amount 2.5} {:region "n" :amount 9007199254740991}] (group-by :region)
            (map (fn [[region orders]] {:region region :orders (count orders) :revenue (sum-by :amount orders)})))`,
      `(->> [{:region "n" :amount 2 :quantity 1} {:region "s" :amount 1 :quantity nil}] (group-by :region)
            (map (fn [[region rs]] {:region region :total (sum-by :amount rs) :items (sum-by :quantity rs)})) (sort-by :region))`,
    ];
    for (const src of programs) {
      const { on, off, fused } = runBoth(src);
      expect(fused).toBe(true);
      expect(on.result.startsWith("error")).toBe(false);
      expect(on).toEqual(off);
    }
  });

  test("an error in K, in M or in the body comes out at the plain path's position", () => {
    const src = (k: string, b: string) => `(let [xs [{:a 1 :n 1} {:a 2 :n "x"} {:a 1 :n 0}]]
  (map (fn [[k rs]] ${b})
       (group-by ${k} xs)))`;
    const cases = [
      src("#(/ 2 (- (:a %) 2))", "[k (count rs)]"),
      src(":a", "[k (reduce + (map #(/ 1 (:n %)) rs))]"),
      src(":a", "[k (sum-by :n rs)]"),
      src(":a", "[k (count rs) (/ (count rs) (- (count rs) 1))]"),
    ];
    for (const c of cases) {
      const { on, off, fused } = runBoth(c);
      expect(fused).toBe(true);
      expect(on.result).toMatch(/^error/);
      expect(on).toEqual(off);
    }
  });

  test("forms that must run as written are not fused", () => {
    const xs = "[{:a 1 :n 1} {:a 2 :n 2} {:a 1 :n 3}]";
    const cases = [
      `(let [count (fn [c] 0)] (map (fn [[k rs]] [k (count rs)]) (group-by :a ${xs})))`,
      `(defn f [r] (:a r)) (map (fn [[k rs]] [k (count rs)]) (group-by f ${xs}))`,
      `(map (fn [[k rs]] [k (count rs) (first rs)]) (group-by :a ${xs}))`,
      `(map (fn [[k rs :as e]] [k (count rs)]) (group-by :a ${xs}))`,
      `(map (fn [[k rs]] (if (> k 1) (count rs) 0)) (group-by :a ${xs}))`,
      `(map (fn [[k rs]] (do (println k) (count rs))) (group-by :a ${xs}))`,
      `(map (fn [[k rs]] (let [n 2] (reduce + (map #(* n (:n %)) rs)))) (group-by :a ${xs}))`,
      `(let [g (fn [r] (:n r))] (map (fn [[k rs]] (sum-by g rs)) (group-by :a ${xs})))`,
      `(map (fn [[k rs]] (sum-by #(do (println %) (:n %)) rs)) (group-by :a ${xs}))`,
      `(map (fn [[k rs]] (sum-by println rs)) (group-by :a ${xs}))`,
      `(let [map (fn [f c] [])] (map (fn [[k rs]] (count rs)) (group-by :a ${xs})))`,
    ];
    for (const c of cases) {
      const { on, off, fused } = runBoth(c);
      expect({ c, fused }).toEqual({ c, fused: false });
      expect(on).toEqual(off);
    }
  });

  test("a timeout right after the form is reported where the plain code would be", () => {
    // The loop's back-edge sets no call site, so the timeout names the last one the grouping form
    // left: a call inside the last group's reduce function, or the aggregate's own call when its
    // function makes none.
    const at = (body: string) => `(let [r (map (fn [[k rs]] ${body})
                  (group-by :a [{:a 1 :s "1" :n 1} {:a 2 :s "2" :n 2} {:a 1 :s "3" :n 3}]))]
  (loop [i 0] (if (< i 20000) (recur (inc i)) r)))`;
    const cases: [string, string][] = [
      ["[k (count rs) (reduce (fn [a b] (+ a (parse-long b))) 0 (map :s rs))]", "@1:64"],
      ["[k (reduce (fn [a b] (+ a 1)) 0 (map :s rs))]", "@1:30"],
      ["[k (sum-by (fn [r] (:n r)) rs)]", "@1:30"],
      ["[k (count rs)]", "@1:30"],
    ];
    for (const [body, pos] of cases) {
      const { on, off, fused } = runBoth(at(body), undefined, true);
      expect(fused).toBe(true);
      expect(on.result).toBe(`error timeout program exceeded its time limit of 1 ms ${pos}`);
      expect(on).toEqual(off);
    }
  });

  test("a memory limit fails at the same byte either way", () => {
    const src = `(let [xs (vec (range 300))]
  (->> xs (group-by #(mod % 7)) (map (fn [[k rs]] [k (count rs) (reduce + (map inc rs)) (reduce + 0 (map #(* % %) rs))]))))`;
    // The smallest budget the plain code runs within.
    let lo = 1;
    let hi = 1 << 20;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runOnce(src, false, mid).result.startsWith("error")) lo = mid + 1;
      else hi = mid;
    }
    expect(lo).toBeGreaterThan(2400);
    for (const cap of [lo - 1, lo]) {
      const { on, off, fused } = runBoth(src, cap);
      expect(fused).toBe(true);
      expect(on).toEqual(off);
    }
    expect(runOnce(src, true, lo - 1).result).toMatch(/^error memory_exceeded/);
    expect(runOnce(src, true, lo).result).not.toMatch(/^error/);
  });
});
