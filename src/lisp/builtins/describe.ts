/**
 * `(describe x)` and `(describe x opts)`: a bounded summary of a value's shape, so a program (or
 * the model reading its result) learns what a tool returned without printing all of it.
 *
 * - a vector: `:type "vector" :count :scanned :item_types`, and when it holds maps, `:key_types`
 *   (types of all their keys) and `:keys` — per key how many items have it (`:present`, `:pct`)
 *   plus a field summary of its values;
 * - a map: `:type "map" :count :key_types :keys` (a field summary per key);
 * - a set: `:type "set" :count :scanned :item_types`;
 * - anything else: a field summary of the one value plus `:type` and `:sample`.
 *
 * A field summary is `:types` (type → count), up to three distinct `:examples`, `:non_empty` when
 * some values are strings or collections, `:range {:min :max}` over numbers (numeric strings
 * included) and `:distinct_count` over scalars. `opts` (keyword or string keys): `:paths true`
 * adds `:paths`, a summary per dotted path into nested maps (through vectors), `:depth` 1-5
 * (default 1) how deep paths go, `:sample` 1-3 how many examples. Work is capped (1000 items,
 * 100 keys per map, 300 paths, 10 000 path values, 50 distinct values); a capped summary says
 * `:truncated true` and lists `:caps_hit`.
 */

import { mapLookup, typeName } from "../access.ts";
import { printValue } from "../printer.ts";
import { run } from "../runtime.ts";
import {
  compareNumbers,
  isNumber,
  Keyword,
  type LFloat,
  mkFloat,
  PMap,
  PSet,
  sortedEntries,
  toJsNumber,
  truthy,
  type Value,
  Vec,
} from "../values/index.ts";

type Num = number | bigint | LFloat;
import { type BuiltinDef, family } from "./registry.ts";

const MAX_ITEMS = 1000;
const MAX_KEYS = 100;
const MAX_PATHS = 300;
const MAX_PATH_VALUES = 10_000;
const MAX_DISTINCT = 50;
const MAX_TEXT = 120;
const SCALARS = new Set(["nil", "boolean", "integer", "float", "string", "keyword"]);

interface Opts {
  depth: number;
  paths: boolean;
  sample: number;
}

const k = Keyword.of;

/** Summary builder for one `describe` call; `caps` collects the limits that were hit. */
class Describer {
  readonly caps = new Set<string>();
  constructor(private readonly opts: Opts) {}

  root(x: Value): PMap {
    if (x instanceof PMap) return this.mapSummary(x);
    if (x instanceof Vec) return this.vectorSummary(x);
    if (x instanceof PSet) {
      const items = x.toArray().slice(0, MAX_ITEMS);
      if (x.count > MAX_ITEMS) this.caps.add("max_items");
      return record([
        ["type", "set"],
        ["count", x.count],
        ["scanned", items.length],
        ["item_types", histogram(items)],
      ]);
    }
    return this.fields([x]).assoc(k("type"), typeName(x)).assoc(k("sample"), example(x));
  }

  private mapSummary(m: PMap): PMap {
    const entries = this.entries(m);
    const names = keyNames(entries.map((e) => e[0]));
    const keys: [Value, Value][] = entries.map(([_key, v], i) => [names[i] as string, this.fields([v])]);
    return record([
      ["type", "map"],
      ["count", m.count],
      ["key_types", histogram(entries.map((e) => e[0]))],
      ["keys", PMap.fromPairs(keys)],
    ]);
  }

  private vectorSummary(v: Vec): PMap {
    const items = v.toArray().slice(0, MAX_ITEMS);
    if (v.count > MAX_ITEMS) this.caps.add("max_items");
    run().tick(items.length);
    const parts: [string, Value][] = [
      ["type", "vector"],
      ["count", v.count],
      ["scanned", items.length],
      ["item_types", histogram(items)],
    ];
    if (v.count > MAX_ITEMS) parts.push(["count_capped", true]);
    const maps = items.filter((x): x is PMap => x instanceof PMap);
    if (maps.length > 0) {
      const all: { key: Value; value: Value; item: number }[] = [];
      maps.forEach((m, item) => {
        for (const [key, value] of this.entries(m)) all.push({ key, value, item });
      });
      const names = keyNames(all.map((e) => e.key));
      const byName = new Map<string, { values: Value[]; items: Set<number> }>();
      all.forEach((e, i) => {
        const name = names[i] as string;
        let slot = byName.get(name);
        if (slot === undefined) {
          if (byName.size >= MAX_KEYS) {
            this.caps.add("max_keys");
            return;
          }
          slot = { values: [], items: new Set() };
          byName.set(name, slot);
        }
        slot.values.push(e.value);
        slot.items.add(e.item);
      });
      const keys: [Value, Value][] = [...byName].map(([name, s]) => [
        name,
        this.present(this.fields(s.values), s.items.size, items.length),
      ]);
      parts.push(["key_types", histogram(all.map((e) => e.key))], ["keys", PMap.fromPairs(keys)]);
    }
    return record(parts);
  }

  /** Up to {@link MAX_KEYS} entries of a map, in key order. */
  private entries(m: PMap): [Value, Value][] {
    const es = sortedEntries(m);
    if (es.length > MAX_KEYS) this.caps.add("max_keys");
    return es.slice(0, MAX_KEYS);
  }

  present(summary: PMap, present: number, of: number): PMap {
    return summary.assoc(k("present"), present).assoc(k("pct"), pct(present, of));
  }

  /** The field summary of a list of values. */
  fields(values: readonly Value[]): PMap {
    const parts: [string, Value][] = [
      ["types", histogram(values)],
      ["examples", Vec.of(examples(values, this.opts.sample))],
    ];
    if (values.some(countable)) parts.push(["non_empty", values.filter((v) => countable(v) && size(v) > 0).length]);
    const nums = values.flatMap(numericMeasure);
    if (nums.length > 0) {
      let lo = nums[0] as Value;
      let hi = lo;
      for (const n of nums) {
        if (compareNumbers(n as Num, lo as Num) < 0) lo = n;
        if (compareNumbers(n as Num, hi as Num) > 0) hi = n;
      }
      parts.push([
        "range",
        record([
          ["min", lo],
          ["max", hi],
        ]),
      ]);
    }
    const scalars = values.filter((v) => SCALARS.has(typeName(v)));
    if (scalars.length > 0) {
      const seen = new Set<string>();
      for (const v of scalars) {
        if (seen.size >= MAX_DISTINCT && !seen.has(printValue(v))) {
          parts.push(["distinct_capped", true]);
          break;
        }
        seen.add(printValue(v));
      }
      parts.push(["distinct_count", seen.size]);
    }
    return record(parts);
  }

  /** `:paths`: a summary per dotted path into nested maps, through vectors. */
  paths(x: Value): PMap {
    const byPath = new Map<string, { values: Value[]; roots: Set<number> }>();
    let valueCount = 0;
    const roots = x instanceof Vec ? x.toArray().slice(0, MAX_ITEMS) : [x];
    const walk = (v: Value, prefix: string, depth: number, root: number, listDepth: number): void => {
      if (v instanceof PMap && depth < this.opts.depth) {
        const es = this.entries(v);
        const names = keyNames(es.map((e) => e[0]));
        es.forEach(([, child], i) => {
          const path = prefix + (names[i] as string).replaceAll("\\", "\\\\").replaceAll(".", "\\.");
          let slot = byPath.get(path);
          if (slot === undefined) {
            if (byPath.size >= MAX_PATHS) {
              this.caps.add("max_paths");
              return;
            }
            slot = { values: [], roots: new Set() };
            byPath.set(path, slot);
          }
          if (valueCount >= MAX_PATH_VALUES) {
            this.caps.add("max_path_values");
            return;
          }
          valueCount++;
          slot.values.push(child);
          slot.roots.add(root);
          walk(child, `${path}.`, depth + 1, root, listDepth);
        });
      } else if (v instanceof Vec && prefix !== "" && depth < this.opts.depth) {
        if (listDepth >= 5) return void (v.count > 0 && this.caps.add("max_depth"));
        run().tick(v.count);
        for (const item of v.toArray().slice(0, MAX_ITEMS)) walk(item, prefix, depth, root, listDepth + 1);
      }
    };
    roots.forEach((r, i) => {
      walk(r, "", 0, i, 0);
    });
    const out: [Value, Value][] = [...byPath].map(([path, s]) => {
      let summary = this.present(this.fields(s.values), s.roots.size, roots.length);
      if (s.values.length > s.roots.size) summary = summary.assoc(k("value_count"), s.values.length);
      return [path, summary];
    });
    return PMap.fromPairs(out);
  }
}

function record(parts: [string, Value][]): PMap {
  return PMap.fromPairs(parts.map(([name, v]) => [k(name), v]));
}

function histogram(values: readonly Value[]): PMap {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(typeName(v), (counts.get(typeName(v)) ?? 0) + 1);
  return PMap.fromPairs([...counts]);
}

/**
 * A key's name in a summary: strings as they are, keywords by name (`:key_types` tells them
 * apart), other keys printed; names that clash (`"a"` and `:a`) get their type prefixed.
 */
function keyNames(keys: readonly Value[]): string[] {
  const texts = keys.map((key) =>
    clip(typeof key === "string" ? key : key instanceof Keyword ? key.name : printValue(key)),
  );
  const types = new Map<string, Set<string>>();
  texts.forEach((t, i) => {
    const set = types.get(t) ?? new Set<string>();
    set.add(typeName(keys[i] as Value));
    types.set(t, set);
  });
  return texts.map((t, i) => ((types.get(t)?.size ?? 0) > 1 ? `${typeName(keys[i] as Value)}:${t}` : t));
}

function clip(s: string): string {
  const n = [...s].length;
  return n > MAX_TEXT ? `${[...s].slice(0, MAX_TEXT).join("")}...(${n} chars)` : s;
}

function example(v: Value): Value {
  if (typeof v === "string") return clip(v);
  if (v === null || typeof v !== "object" || v instanceof Keyword || isNumber(v)) return v;
  return clip(printValue(v));
}

function examples(values: readonly Value[], limit: number): Value[] {
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (out.length >= limit) break;
    const key = printValue(v);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(example(v));
  }
  return out;
}

function countable(v: Value): boolean {
  return typeof v === "string" || v instanceof Vec || v instanceof PMap || v instanceof PSet;
}

function size(v: Value): number {
  return typeof v === "string" ? v.length : (v as Vec | PMap | PSet).count;
}

function numericMeasure(v: Value): Value[] {
  if (isNumber(v)) return Number.isNaN(toJsNumber(v)) ? [] : [v];
  if (typeof v === "string" && v.length <= 64 && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v))
    return [mkFloat(Number(v))];
  return [];
}

/** Share in percent with one decimal, always a float (`100.0`). */
function pct(present: number, of: number): Value {
  return mkFloat(of === 0 ? 0 : Math.round((present / of) * 1000) / 10);
}

function readOpts(o: Value): Opts {
  const get = (name: string): Value => (o instanceof PMap ? (mapLookup(o, k(name)) ?? null) : null);
  const bounded = (v: Value, dflt: number, lo: number, hi: number): number =>
    typeof v === "number" && Number.isInteger(v) ? Math.min(hi, Math.max(lo, v)) : dflt;
  return {
    depth: bounded(get("depth"), 1, 1, 5),
    paths: truthy(get("paths")),
    sample: bounded(get("sample"), 3, 1, 3),
  };
}

function describe(x: Value, opts: Value = null): PMap {
  const d = new Describer(readOpts(opts));
  let out = d.root(x);
  if (readOpts(opts).paths) out = out.assoc(k("paths"), d.paths(x));
  if (d.caps.size > 0) out = out.assoc(k("truncated"), true).assoc(k("caps_hit"), Vec.of([...d.caps].sort()));
  return out;
}

const DEFS: BuiltinDef[] = [
  {
    name: "describe",
    arity: [1, 2],
    doc: "(describe x) (describe x {:paths true :depth 2}) — shape summary: count, types, per-key presence, examples, ranges",
    fn: (x, o) => describe(x, o ?? null),
  },
];

/** The describe family. */
export const DESCRIBE = family("describe", DEFS);
