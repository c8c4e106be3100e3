/**
 * Model-based test of the map representations of decision 0017 (record maps read from decoded
 * JSON, flat maps up to 16 entries, hash maps beyond) against a JS `Map` model. Unlike
 * collections-model-map.test.ts, whose 15-key universe never leaves the flat table, the key
 * universe here has 40 keys, and live maps start as decoded JSON objects (copied by `fromJson` or
 * adopted in place by `adoptJson`) of up to 30 string keys, including `__proto__` and
 * `constructor`. Random assoc / dissoc / freeze / equality / hashing steps must keep every live
 * map equal to its model, and every map that derives from another must leave the other unchanged.
 */

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { adoptJson, fromJson } from "../../src/lisp/json.ts";
import {
  equals,
  freezeConstant,
  hashKey,
  Keyword,
  LFloat,
  PMap,
  type Value,
  Vec,
} from "../../src/lisp/values/index.ts";
import { keep, MAX_COMMANDS, pick, STEPS, StepCounter, TIMEOUT_MS } from "./model-support.ts";

const STRING_KEYS = ["__proto__", "constructor", "toString", "1", ...Array.from({ length: 26 }, (_, i) => `s${i}`)];
/** The key universe: label (model key) → a fresh real key each time. */
const KEYS: [string, () => Value][] = [
  ...STRING_KEYS.map((s): [string, () => Value] => [`s:${s}`, () => s]),
  ...[0, 1, 2].map((n): [string, () => Value] => [`i:${n}`, () => n]),
  ["nan", () => Number.NaN],
  ["f1", () => new LFloat(1)],
  ...["s0", "s1", "toString"].map((s): [string, () => Value] => [`k:${s}`, () => Keyword.of(s)]),
  ["v0", () => Vec.of([0])],
  ["nil", () => null],
];
const keyIdx = fc.nat({ max: KEYS.length - 1 });
const nat = fc.nat({ max: 1000 });
const val = fc.integer({ min: -3, max: 40 });
const steps = new StepCounter();
/** A quarter of the other model tests' steps: each step here checks 40 keys in up to 14 maps. */
const RECORD_STEPS = Math.max(500, Math.floor(STEPS / 4));

interface Live {
  v: PMap;
  m: Map<string, number>;
}
interface World {
  live: Live[];
}

function fail(what: string, got: unknown, want: unknown): never {
  throw new Error(`${what}: got ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
}

function labelOf(k: Value): string {
  for (const [label, make] of KEYS)
    if (hashKey(make()) === hashKey(k) || (Number.isNaN(k) && label === "nan")) return label;
  throw new Error("key outside the universe");
}

function verify(w: World): void {
  w.live.forEach(({ v, m }, i) => {
    if (v.count !== m.size) fail(`map #${i} count`, v.count, m.size);
    for (const [label, make] of KEYS) {
      if (v.get(make()) !== m.get(label)) fail(`map #${i} get ${label}`, v.get(make()), m.get(label));
      if (v.has(make()) !== m.has(label)) fail(`map #${i} has ${label}`, v.has(make()), m.has(label));
    }
    const got = v
      .entries()
      .map(([k, x]) => `${labelOf(k)}=${x}`)
      .sort();
    const want = [...m].map(([k, x]) => `${k}=${x}`).sort();
    if (got.join() !== want.join()) fail(`map #${i} entries`, got, want);
  });
  steps.n++;
}

/** A JSON object of the first `n` string keys with values `x + index`, as text. */
function objectText(n: number, x: number): string {
  const o: Record<string, number> = {};
  for (let i = 0; i < n; i++) Object.defineProperty(o, STRING_KEYS[i] as string, { value: x + i, enumerable: true });
  return JSON.stringify(o);
}

function modelOf(n: number, x: number): Map<string, number> {
  return new Map(STRING_KEYS.slice(0, n).map((s, i) => [`s:${s}`, x + i] as [string, number]));
}

type Cmd = fc.Command<World, World>;
const cmd = (name: string, apply: (w: World) => void): Cmd => ({
  check: () => true,
  run: (_m, w) => {
    apply(w);
    verify(w);
  },
  toString: () => name,
});

const commands: fc.Arbitrary<Cmd>[] = [
  fc.tuple(fc.nat({ max: STRING_KEYS.length }), val, fc.boolean()).map(([n, x, adopt]) =>
    cmd(`${adopt ? "adopt" : "decode"} ${n} keys from ${x}`, (w) => {
      const text = objectText(n, x);
      const v = adopt ? adoptJson(JSON.parse(text)) : fromJson(JSON.parse(text));
      if (!(v instanceof PMap)) fail("decoded object", typeof v, "map");
      keep(w.live, { v, m: modelOf(n, x) });
    }),
  ),
  fc.tuple(nat, keyIdx, val).map(([i, k, x]) =>
    cmd(`assoc #${i} ${KEYS[k]?.[0]} ${x}`, (w) => {
      const l = pick(w.live, i);
      const [label, make] = KEYS[k] as [string, () => Value];
      keep(w.live, { v: l.v.assoc(make(), x), m: new Map(l.m).set(label, x) });
    }),
  ),
  fc.tuple(nat, fc.array(fc.tuple(keyIdx, val), { maxLength: 20 })).map(([i, kvs]) =>
    cmd(`assoc-all #${i} ${kvs.length}`, (w) => {
      const l = pick(w.live, i);
      let v = l.v;
      const m = new Map(l.m);
      for (const [k, x] of kvs) {
        const [label, make] = KEYS[k] as [string, () => Value];
        v = v.assoc(make(), x);
        m.set(label, x);
      }
      keep(w.live, { v, m });
    }),
  ),
  fc.tuple(nat, keyIdx).map(([i, k]) =>
    cmd(`dissoc #${i} ${KEYS[k]?.[0]}`, (w) => {
      const l = pick(w.live, i);
      const [label, make] = KEYS[k] as [string, () => Value];
      const m = new Map(l.m);
      m.delete(label);
      keep(w.live, { v: l.v.dissoc(make()), m });
    }),
  ),
  nat.map((i) => cmd(`freeze #${i}`, (w) => void freezeConstant(pick(w.live, i).v))),
  fc.tuple(nat, nat).map(([i, j]) =>
    cmd(`equal #${i} #${j}`, (w) => {
      const a = pick(w.live, i);
      const b = pick(w.live, j);
      const same = a.m.size === b.m.size && [...a.m].every(([k, x]) => b.m.get(k) === x);
      if (equals(a.v, b.v) !== same) fail("equals", equals(a.v, b.v), same);
      // Equal maps hash alike, whatever their representation.
      if (same && hashKey(a.v) !== hashKey(b.v)) fail("hash of equal maps", "different", "same");
      const rebuilt = PMap.fromPairs(a.v.entries());
      if (!equals(rebuilt, a.v) || hashKey(rebuilt) !== hashKey(a.v)) fail("rebuilt from entries", "unequal", "equal");
    }),
  ),
];

describe("record, flat and hash maps against a JS Map model", () => {
  test(
    `${RECORD_STEPS} steps of decode/adopt/assoc/dissoc/freeze/equality keep every live map equal to its model`,
    () => {
      const arb = fc.commands(commands, { maxCommands: MAX_COMMANDS, size: "max" });
      steps.n = 0;
      const run = (cmds: Iterable<Cmd>) => {
        const w: World = { live: [{ v: PMap.empty(), m: new Map() }] };
        fc.modelRun(() => ({ model: w, real: w }), cmds);
      };
      while (steps.n < RECORD_STEPS) fc.assert(fc.property(arb, run), { numRuns: 50 });
      expect(steps.n).toBeGreaterThanOrEqual(RECORD_STEPS);
    },
    TIMEOUT_MS,
  );
});
