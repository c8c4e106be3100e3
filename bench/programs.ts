/**
 * The benchmark programs, each written twice from the same task statement: idiomatic PTC-Lisp as a
 * model would write it for `lisp_eval`, and idiomatic code-mode JavaScript (array methods, plain
 * objects, spread where natural). The JS source is a single arrow function `(data) => result`; the
 * native and QuickJS variants run that exact text.
 */

import { orders } from "./data.ts";
import { csv, logLines, messyNames, prose } from "./text-data.ts";

/** One benchmark task. */
export interface Program {
  /** Short kebab-case name, used by `--only` and in the results. */
  name: string;
  /** What the task computes, in one line. */
  task: string;
  /** PTC-Lisp source; reads its input from `data/…`. */
  lisp: string;
  /** JavaScript arrow function source taking the same input as a plain object. */
  js: string;
  /** Input as decoded JSON (string keys); omitted when the task needs none. */
  input?: () => Record<string, unknown>;
  /** Programs sharing a family (e.g. `orders`) are compared for 10k→100k scaling. */
  family?: string;
  /** Record count for scaling reports. */
  size?: number;
}

const ORDERS_LISP = `
(->> data/orders
     (filter #(= (:status %) "paid"))
     (map (fn [o] (assoc o :amount (* (:price o) (:quantity o)))))
     (group-by :region)
     (map (fn [[region orders]]
            {:region region
             :orders (count orders)
             :revenue (sum-by :amount orders)}))
     (sort-by :revenue >))`;

const ORDERS_JS = `(data) => {
  const paid = data.orders
    .filter((o) => o.status === "paid")
    .map((o) => ({ ...o, amount: o.price * o.quantity }));
  const byRegion = {};
  for (const o of paid) (byRegion[o.region] ??= []).push(o);
  return Object.entries(byRegion)
    .map(([region, orders]) => ({
      region,
      orders: orders.length,
      revenue: orders.reduce((sum, o) => sum + o.amount, 0),
    }))
    .sort((a, b) => b.revenue - a.revenue);
}`;

/** All programs, in report order. */
export const PROGRAMS: Program[] = [
  {
    name: "nested-for",
    task: "count pairs (i, j) in 1000×1000 with (i+j) mod 7 = 0",
    lisp: `
(count
  (for [i (range 1000)
        j (range 1000)
        :when (zero? (mod (+ i j) 7))]
    [i j]))`,
    js: `(data) => {
  let count = 0;
  for (let i = 0; i < 1000; i++) {
    for (let j = 0; j < 1000; j++) {
      if ((i + j) % 7 === 0) count++;
    }
  }
  return count;
}`,
  },
  {
    name: "reduce-range",
    task: "sum of (range 1000000) with reduce",
    lisp: `(reduce + (range 1000000))`,
    js: `(data) => Array.from({ length: 1000000 }, (_, i) => i).reduce((sum, x) => sum + x, 0)`,
  },
  {
    name: "fib-25",
    task: "naive recursive fib 25",
    lisp: `
(defn fib [n]
  (if (< n 2)
    n
    (+ (fib (- n 1)) (fib (- n 2)))))
(fib 25)`,
    js: `(data) => {
  const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  return fib(25);
}`,
  },
  {
    name: "orders-10k",
    task: "paid orders → amount → group by region → count + revenue, sorted (10k records)",
    lisp: ORDERS_LISP,
    js: ORDERS_JS,
    input: () => ({ orders: orders(10_000) }),
    family: "orders",
    size: 10_000,
  },
  {
    name: "orders-100k",
    task: "same as orders-10k over 100k records",
    lisp: ORDERS_LISP,
    js: ORDERS_JS,
    input: () => ({ orders: orders(100_000) }),
    family: "orders",
    size: 100_000,
  },
  {
    name: "assoc-100k",
    task: "build a 100k-entry map with assoc inside reduce",
    lisp: `
(let [m (reduce (fn [acc i] (assoc acc (str "k" i) (* i i)))
                {}
                (range 100000))]
  [(count m) (get m "k99999")])`,
    js: `(data) => {
  const m = Array.from({ length: 100000 }, (_, i) => i).reduce((acc, i) => {
    acc["k" + i] = i * i;
    return acc;
  }, {});
  return [Object.keys(m).length, m["k99999"]];
}`,
  },
  {
    name: "str-apply",
    task: "(apply str (map …)) over 100k numbers",
    lisp: `
(let [s (apply str (map (fn [i] (str i ",")) (range 100000)))]
  [(count s) (subs s 0 20)])`,
    js: `(data) => {
  const s = Array.from({ length: 100000 }, (_, i) => i + ",").join("");
  return [s.length, s.slice(0, 20)];
}`,
  },
  {
    name: "str-reduce",
    task: "str accumulated in reduce over 100k numbers",
    lisp: `
(let [s (reduce (fn [acc i] (str acc i ",")) "" (range 100000))]
  [(count s) (subs s 0 20)])`,
    js: `(data) => {
  let s = "";
  for (let i = 0; i < 100000; i++) s += i + ",";
  return [s.length, s.slice(0, 20)];
}`,
  },
  {
    name: "str-join",
    task: "clojure.string/join over 100k mapped items",
    lisp: `
(let [s (clojure.string/join ", " (map #(str "item-" %) (range 100000)))]
  [(count s) (subs s 0 20)])`,
    js: `(data) => {
  const s = Array.from({ length: 100000 }, (_, i) => \`item-\${i}\`).join(", ");
  return [s.length, s.slice(0, 20)];
}`,
  },
  {
    name: "sort-by-100k",
    task: "top 10 of 100k orders by total, descending (sort-by)",
    lisp: `
(->> data/orders
     (sort-by :total >)
     (take 10)
     (map :id))`,
    js: `(data) =>
  [...data.orders]
    .sort((a, b) => b.total - a.total)
    .slice(0, 10)
    .map((o) => o.id)`,
    input: () => ({ orders: orders(100_000) }),
  },
  {
    name: "regex-log-20k",
    task: "WARN/ERROR log lines → regex groups → per-user count and total ms, top 5 (20k lines)",
    lisp: `
(->> data/lines
     (keep #(re-find #"^\\S+ (WARN|ERROR) user=(\\w+) action=\\w+ ms=(\\d+)$" %))
     (group-by #(nth % 2))
     (map (fn [[user hits]] [user (count hits) (reduce + (map #(parse-long (nth % 3)) hits))]))
     (sort-by (fn [[user n ms]] [(- ms) user]))
     (take 5))`,
    js: `(data) => {
  const re = /^\\S+ (WARN|ERROR) user=(\\w+) action=\\w+ ms=(\\d+)$/;
  const byUser = {};
  for (const line of data.lines) {
    const m = re.exec(line);
    if (!m) continue;
    const u = (byUser[m[2]] ??= [m[2], 0, 0]);
    u[1]++;
    u[2] += Number(m[3]);
  }
  return Object.values(byUser)
    .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5);
}`,
    input: () => ({ lines: logLines(20_000) }),
  },
  {
    name: "regex-words",
    task: "re-seq words of a 100k-word text, frequencies, top 10 (ties by word)",
    lisp: `
(->> (re-seq #"[a-z]+" (lower-case data/text))
     frequencies
     (sort-by (fn [[w n]] [(- n) w]))
     (take 10))`,
    js: `(data) => {
  const counts = {};
  for (const w of data.text.toLowerCase().match(/[a-z]+/g) ?? []) counts[w] = (counts[w] ?? 0) + 1;
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10);
}`,
    input: () => ({ text: prose(100_000) }),
  },
  {
    name: "str-csv-20k",
    task: "parse 20k CSV rows with split-lines/split/trim, count and sum amount per city",
    lisp: `
(->> (rest (split-lines data/csv))
     (map #(split % ","))
     (group-by #(upper-case (trim (nth % 2))))
     (map (fn [[city rows]] [city (count rows) (reduce + (map #(parse-double (nth % 3)) rows))]))
     (sort-by first))`,
    js: `(data) => {
  const byCity = {};
  for (const line of data.csv.split("\\n").slice(1)) {
    const f = line.split(",");
    const city = f[2].trim().toUpperCase();
    const c = (byCity[city] ??= [city, 0, 0]);
    c[1]++;
    c[2] += Number.parseFloat(f[3]);
  }
  return Object.values(byCity).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}`,
    input: () => ({ csv: csv(20_000) }),
  },
  {
    name: "str-names-50k",
    task: "normalise 50k messy names (trim, lower-case, index-of, subs, upper-case) into initials, count, first 5",
    lisp: `
(->> data/names
     (map (fn [s]
            (let [n (lower-case (trim s))
                  i (index-of n " ")]
              (str (upper-case (subs n 0 1)) "." (upper-case (subs n (inc i) (+ i 2))) "."))))
     frequencies
     (sort-by first)
     (take 5))`,
    js: `(data) => {
  const counts = {};
  for (const s of data.names) {
    const n = s.trim().toLowerCase();
    const i = n.indexOf(" ");
    const k = \`\${n[0].toUpperCase()}.\${n[i + 1].toUpperCase()}.\`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.entries(counts)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .slice(0, 5);
}`,
    input: () => ({ names: messyNames(50_000) }),
  },
];
