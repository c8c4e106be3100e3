/**
 * Aggregators (spec §8.1 Aggregation, §11.1, §11.4, §11.5): `sum`, `avg`, their `-by` forms,
 * `min-by`/`max-by`, `min-key`/`max-key` and `distinct-by`. Nil and missing fields are skipped;
 * a present non-numeric value in a numeric aggregation is an `arithmetic_error` naming the value.
 * Keys follow the key-function rule of support.ts (keyword, string, path vector or function).
 */

import { typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { compareValues, hashKey, LFloat, mkFloat, PMap, PSet, toJsNumber, type Value, Vec } from "../values/index.ts";
import { add } from "./num.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { budget, items, keyFn } from "./support.ts";

function notNumeric(who: string, v: Value): LispError {
  const shown = typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v) : "";
  return new LispError(
    "arithmetic_error",
    `${who} expected numeric values, got ${typeName(v)}${shown ? `: ${shown}` : ""}`,
    null,
    typeof v === "string" ? "convert first, e.g. (sum-by #(parse-double (:amount %)) coll)" : undefined,
  );
}

/**
 * The running sum of `sum`/`sum-by`/`avg`: plain integers add exactly while the sum stays safe,
 * then everything goes through `add` (big-integer promotion, floats). Fed one value at a time, so
 * the builtins and the one-pass group aggregates of compiler/group-fusion.ts add alike.
 */
export class Summer {
  private intSum = 0;
  private exact = true;
  private acc: Value = 0;
  /** Number of non-nil values fed. */
  n = 0;
  constructor(private readonly who: string) {}

  /** Adds `v`; nil is skipped, a non-numeric value is an `arithmetic_error`. */
  feed(v: Value): void {
    if (v === null) return;
    this.n++;
    if (typeof v !== "number" && typeof v !== "bigint" && !(v instanceof LFloat)) throw notNumeric(this.who, v);
    if (this.exact && typeof v === "number" && Number.isInteger(v)) {
      const s = this.intSum + v;
      if (Number.isSafeInteger(s)) {
        this.intSum = s;
        return;
      }
    }
    if (this.exact) {
      this.exact = false;
      this.acc = this.intSum;
    }
    this.acc = add(this.acc, v, this.who);
  }

  /** The sum so far (0 when nothing was fed). */
  get sum(): Value {
    return this.exact ? this.intSum : this.acc;
  }
}

/** Sum and count of the numeric values produced by `f` over `coll`, skipping nils. */
function total(who: string, coll: Value, f: ((x: Value) => Value) | null): { sum: Value; n: number } {
  const a = items(coll, who);
  run().tick(a.length);
  const s = new Summer(who);
  for (let i = 0; i < a.length; i++) s.feed(f === null ? (a[i] as Value) : f(a[i] as Value));
  return { sum: s.sum, n: s.n };
}

function average(who: string, coll: Value, f: ((x: Value) => Value) | null): Value {
  const { sum, n } = total(who, coll, f);
  if (n === 0) return null;
  return mkFloat(toJsNumber(sum as number | bigint | LFloat) / n);
}

/** Collection form `(min-by f coll)` or spread form `(min-by f x y ...)`. */
function byItems(args: Value[], who: string): readonly Value[] {
  if (args.length === 2) {
    const c = args[1] as Value;
    if (c === null || c instanceof Vec || c instanceof PMap || c instanceof PSet) return items(c, who);
  }
  return args.slice(1);
}

/** Item with the least (`sign` = 1) or greatest (-1) non-nil key; first one wins ties. */
function extremeBy(who: string, sign: 1 | -1, args: Value[]): Value {
  const f = keyFn(args[0] as Value, who);
  const a = byItems(args, who);
  run().tick(a.length);
  let best: Value = null;
  let bestKey: Value = null;
  let found = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const k = f(x);
    if (k === null) continue;
    if (!found || compareValues(k, bestKey) * sign < 0) {
      best = x;
      bestKey = k;
      found = true;
    }
  }
  return best;
}

/** Clojure's `min-key`/`max-key`: every key counts (nil included, DIV-30); last one wins ties. */
function extremeKey(who: string, sign: 1 | -1, f: Value, xs: Value[]): Value {
  const kf = keyFn(f, who);
  let best = xs[0] as Value;
  if (xs.length === 1) return best;
  let bestKey = kf(best);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as Value;
    const k = kf(x);
    if (compareValues(k, bestKey) * sign >= 0) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

function distinctBy(k: Value, coll: Value): Vec {
  const f = keyFn(k, "distinct-by");
  const a = items(coll, "distinct-by");
  budget(a.length);
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const hk = hashKey(f(x));
    if (!seen.has(hk)) {
      seen.add(hk);
      out.push(x);
    }
  }
  return Vec.of(out);
}

const DEFS: BuiltinDef[] = [
  {
    name: "sum",
    arity: [1, 1],
    doc: "(sum coll) — sum of the numbers, nils skipped; 0 when empty",
    fn: (c) => total("sum", c, null).sum,
  },
  {
    name: "sum-by",
    arity: [2, 2],
    doc: "(sum-by key coll) — sum of (key x), nil/missing skipped; key: keyword, string, path or fn",
    fn: (k, c) => total("sum-by", c, keyFn(k, "sum-by")).sum,
  },
  {
    name: "avg",
    arity: [1, 1],
    doc: "(avg coll) — mean as a float, nils skipped; nil when empty",
    fn: (c) => average("avg", c, null),
  },
  {
    name: "avg-by",
    arity: [2, 2],
    doc: "(avg-by key coll) — mean of (key x) as a float, nil/missing skipped",
    fn: (k, c) => average("avg-by", c, keyFn(k, "avg-by")),
  },
  {
    name: "min-by",
    arity: [2, Infinity],
    doc: "(min-by key coll) (min-by key x y ...) — item with the least (key x), nil keys skipped",
    fn: (...xs) => extremeBy("min-by", 1, xs),
  },
  {
    name: "max-by",
    arity: [2, Infinity],
    doc: "(max-by key coll) (max-by key x y ...) — item with the greatest (key x), nil keys skipped",
    fn: (...xs) => extremeBy("max-by", -1, xs),
  },
  {
    name: "min-key",
    arity: [2, Infinity],
    doc: "(min-key f x y ...) — argument with the least (f x)",
    fn: (f, ...xs) => extremeKey("min-key", -1, f, xs),
  },
  {
    name: "max-key",
    arity: [2, Infinity],
    doc: "(max-key f x y ...) — argument with the greatest (f x)",
    fn: (f, ...xs) => extremeKey("max-key", 1, f, xs),
  },
  {
    name: "distinct-by",
    arity: [2, 2],
    doc: "(distinct-by key coll) — first item for each distinct (key x)",
    fn: distinctBy,
  },
];

/** The aggregation family. */
export const AGGREGATE = family("aggregate", DEFS);
