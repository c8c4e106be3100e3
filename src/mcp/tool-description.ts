/**
 * The text a model reads in `tools/list` to learn how to write PTC-Lisp for `lisp_eval`.
 * Kept short on purpose: it is paid for in every conversation that lists the tool. Facts come from
 * the PTC-Lisp specification (truthiness §4, special forms §5, threading §6, flexible key access
 * §7.5, `data/` §9.3, signal values §1 "Design Philosophy", errors §12).
 */

/** Limits quoted in the description so the model knows them up front. */
export interface DescribedLimits {
  /** `--program-timeout-ms`. */
  readonly timeoutMs: number;
  /** `--loop-limit`. */
  readonly loopLimit: number;
}

/** Builds the `lisp_eval` description for the configured limits. Output is plain text, ~2 KB. */
export function lispEvalDescription(limits: DescribedLimits): string {
  return `Run a PTC-Lisp program (a small sandboxed Clojure) and get back only its result. Use it for exact counting, arithmetic, filtering, grouping and reshaping of JSON data rather than doing that work yourself. No files, network or state between calls; each run gets ${limits.timeoutMs} ms.

Arguments: program (top-level forms run in order; the last value is the answer), context (optional JSON object; its key k is read as data/k).

Language:
- Values: nil true false 42 1.5 "s" :kw [1 2] {:a 1} #{1 2}. Only nil and false are falsy.
- (let [x 1 {:keys [a b]} m] ...) (fn [x] ...) #(* % 2) (defn f [x] ...)
- if, when, cond (last test :else), case, and, or, not
- (->> xs (filter p) (map f) (reduce + 0)) and (-> m (assoc :k v))
- (for [x xs :when (odd? x)] ...) and (loop [i 0 acc 0] (if (< i 10) (recur (inc i) (+ acc i)) acc)); recur only in tail position, at most ${limits.loopLimit} iterations.
- Handy: count first sort-by group-by frequencies sum-by avg-by max-by min-by update-vals select-keys get-in distinct take str round; println lines come back with the result.
- JSON maps keep string keys, yet (:total o), (get o :total) and (sort-by :total xs) find "total" too.
- Bad data gives nil, not an error: missing key, (parse-long "x"), (first []). A bad program fails with its error type, line and column (unknown symbol, wrong arity, (+ 1 nil)): fix it and call again.
- No try/catch, macros, lazy infinite sequences or host interop beyond simple dates and strings.

Examples, with context {"orders":[{"status":"paid","region":"eu","total":12.5}]}:
(count (filter #(= "paid" (:status %)) data/orders))
(->> data/orders (filter #(= "paid" (:status %))) (group-by :region) (map (fn [[r os]] [r (sum-by :total os)])) (into {}))
(let [ts (map :total data/orders)] {:n (count ts) :max (apply max ts) :mean (/ (reduce + ts) (count ts))})`;
}
