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

/**
 * Builds the `lisp_eval` description for the configured limits. Output is plain text, ~3 KB, plus
 * the upstream catalog of aggregator mode when one is given (see src/upstream/catalog/description.ts).
 */
export function lispEvalDescription(limits: DescribedLimits, catalog?: string): string {
  const base = languageDescription(limits);
  return catalog === undefined || catalog === "" ? base : `${base}\n\n${catalog}`;
}

/**
 * The `lisp_session_eval` description: what a session keeps, then the same language reference and
 * catalog as `lisp_eval` (mcp-server.md "Stateful Sessions").
 */
export function lispSessionEvalDescription(limits: DescribedLimits, catalog?: string): string {
  const language = lispEvalDescription(limits, catalog);
  const from = language.indexOf("\n\nLanguage:");
  return `Run a PTC-Lisp program inside a stateful session (start one with lisp_session_start). What the program defines with (def name value) or (defn name [args] ...) stays for the session's next programs, as do *1 *2 *3 (the last three results), println output and the tool calls made; let bindings do not. Define functions at top level: one made inside let or by partial/comp cannot be kept. Each run gets ${limits.timeoutMs} ms.

Arguments: session_id (from lisp_session_start), program (top-level forms run in order; the last value is the answer), context (optional JSON object; its key k is read as data/k).${from < 0 ? "" : language.slice(from)}`;
}

function languageDescription(limits: DescribedLimits): string {
  return `Run a PTC-Lisp program (a small sandboxed Clojure) and get back only its result. Use it for exact counting, arithmetic, filtering, grouping and reshaping of JSON data rather than doing that work yourself. No files, network or state between calls; each run gets ${limits.timeoutMs} ms.

Arguments: program (top-level forms run in order; the last value is the answer), context (optional JSON object; its key k is read as data/k).

${languageCard(limits)}

Examples, with context {"orders":[{"status":"paid","region":"eu","total":12.5}]}:
(count (filter #(= "paid" (:status %)) data/orders))
(->> data/orders (filter #(= "paid" (:status %))) (group-by :region) (map (fn [[r os]] [r (sum-by :total os)])) (into {}))
(let [ts (map :total data/orders)] {:n (count ts) :max (apply max ts) :mean (/ (reduce + ts) (count ts))})`;
}

/**
 * The language reference shared by the `lisp_eval` description and the agentic planner's system
 * prompt (src/agentic/): values, special forms, the library by family, Java interop. Plain text,
 * about 2 KB; `limits.loopLimit` is quoted.
 */
export function languageCard(limits: Pick<DescribedLimits, "loopLimit">): string {
  return `Language:
- Values: nil true false 42 1.5 "s" :kw [1 2] {:a 1} #{1 2}. Only nil and false are falsy.
- (let [x 1 {:keys [a b]} m] ...) (fn [x] ...) #(* % 2) (defn f [x] ...)
- if, when, cond (last test :else), case, and, or, not
- (->> xs (filter p) (map f) (reduce + 0)) and (-> m (assoc :k v))
- (for [x xs :when (odd? x)] ...) and (loop [i 0 acc 0] (if (< i 10) (recur (inc i) (+ acc i)) acc)); recur only in tail position, at most ${limits.loopLimit} iterations.
- println lines come back with the result.
- JSON maps keep string keys, yet (:total o), (get o :total) and (sort-by :total xs) find "total" too.
- Bad data gives nil, not an error: missing key, (parse-long "x"), (first []). A bad program fails with its error type, line and column (unknown symbol, wrong arity, (+ 1 nil)): fix it and call again.
- No try/catch, macros, lazy infinite sequences or host interop beyond simple dates and strings.

Library (Clojure names and meanings unless noted):
- seqs: map filter remove keep reduce mapcat some every? first last nth take drop take-while sort sort-by reverse distinct dedupe partition-all partition-by group-by frequencies concat flatten range count empty?
- maps: get get-in assoc assoc-in dissoc update update-in merge merge-with select-keys keys vals zipmap update-vals update-keys contains? into
- aggregates: sum avg sum-by avg-by min-by max-by distinct-by (by a key fn or :field; nil fields skipped) min max
- numbers: + - * / (/ gives a float) quot mod round floor ceil abs sqrt pow int double parse-long parse-double
- strings: str subs join split split-lines trim upper-case lower-case starts-with? ends-with? includes? index-of replace format name
- regex (Java syntax, linear time; no lookahead or backrefs): #"\\d+" re-find re-matches re-seq re-split extract extract-int
- fns: comp partial juxt complement constantly fnil every-pred some-fn apply identity; sets: set union intersection difference
- json/parse-string json/generate-string (string keys only, else nil) json/parse-lines; (describe x) summarizes a value's shape.
- Java: .indexOf (-1 if absent) .substring .length .toUpperCase .startsWith; (LocalDate/parse "2024-01-31") .plusDays .toEpochDay .isBefore; (Instant/parse s) .getTime (Duration/between a b) .toMillis .toDays
- (ns-publics clojure.string) lists a namespace with signatures; (all-ns) names them.`;
}
