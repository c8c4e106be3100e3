/**
 * Model-based test of persistent vectors (issue #9): random sequences of conj / into / pop /
 * subvec / rest / assoc / snapshots / iteration-while-conj over values that share structure, each
 * value paired with a plain-array model. After every step every live value (and every array
 * handed out by `toArray`) must still equal its model: no operation on one value may be visible
 * through another, and an iteration never sees elements added after it began.
 *
 * Reads used for checking (`count`, `at`, `each`, iteration) do not change ownership, so chains of
 * in-place appends stay exercised. `PTC_MODEL_STEPS` sets the number of steps (model-support.ts).
 */

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { type Value, Vec } from "../../src/lisp/values/index.ts";
import { builtin, element, keep, pick, runSteps, runWith, STEPS, StepCounter, TIMEOUT_MS } from "./model-support.ts";

interface Live {
  v: Vec;
  m: Value[];
}
interface World {
  live: Live[];
  snaps: { a: readonly Value[]; m: Value[] }[];
}

const conjB = builtin("conj");
const intoB = builtin("into");
const popB = builtin("pop");
const subvecB = builtin("subvec");
const restB = builtin("rest");
const assocB = builtin("assoc");
const reduceB = builtin("reduce");
const steps = new StepCounter();

function same(actual: readonly Value[], expected: readonly Value[], what: string): void {
  if (actual.length !== expected.length || actual.some((x, i) => x !== expected[i]))
    throw new Error(`${what}: got [${actual.join(" ")}], model [${expected.join(" ")}]`);
}

function asVec(x: Value, what: string): Vec {
  if (!(x instanceof Vec)) throw new Error(`${what} did not return a vector`);
  return x;
}

/** Checks one vector against its model through every read that leaves ownership alone. */
function verify(v: Vec, m: readonly Value[], what: string): void {
  if (v.count !== m.length) throw new Error(`${what}: count ${v.count}, model ${m.length}`);
  const byAt: Value[] = [];
  for (let i = 0; i < v.count; i++) byAt.push(v.at(i) as Value);
  same(byAt, m, `${what} at`);
  if (v.at(v.count) !== undefined || v.at(-1) !== undefined) throw new Error(`${what}: at out of range`);
  const byEach: Value[] = [];
  v.each((x) => void byEach.push(x));
  same(byEach, m, `${what} each`);
  same([...v], m, `${what} iterator`);
  same(v.copyArray(), m, `${what} copyArray`);
}

function verifyAll(w: World): void {
  steps.n++;
  for (const [i, l] of w.live.entries()) verify(l.v, l.m, `live #${i}`);
  for (const [i, s] of w.snaps.entries()) same(s.a, s.m, `toArray snapshot #${i}`);
  verify(Vec.EMPTY, [], "Vec.EMPTY");
}

type Cmd = fc.Command<World, World>;

/** A command: `apply` derives new values from live ones; every live value is checked after it. */
function cmd(name: string, apply: (w: World) => void): Cmd {
  return {
    check: () => true,
    run: (_m, w) => {
      apply(w);
      verifyAll(w);
    },
    toString: () => name,
  };
}

const nat = fc.nat({ max: 1000 });

/** Iterates a vector while conj-ing onto it; the iteration must see exactly the model. */
function iterConj(l: Live, x: number, mode: number): { seen: Value[]; last: Vec } {
  const seen: Value[] = [];
  let last = l.v;
  const step = (e: Value) => {
    seen.push(e);
    last = l.v.conj(x);
  };
  if (mode === 0) {
    const a = l.v.toArray();
    for (let k = 0; k < a.length && k <= l.m.length; k++) step(a[k] as Value);
  } else if (mode === 1) {
    for (const e of l.v) {
      step(e);
      if (seen.length > l.m.length) break;
    }
  } else if (mode === 2) {
    l.v.each((e) => void step(e));
  } else if (mode === 3) {
    const out = reduceB(
      (acc, e) => {
        step(e);
        return asVec(acc, "reduce").conj(e);
      },
      Vec.EMPTY,
      l.v,
    );
    same(asVec(out, "reduce").copyArray(), l.m, "reduce over a vector conj-ed onto meanwhile");
  } else {
    const out = asVec(runWith("(for [e data/x] (conj data/x e))", l.v), "for");
    out.each((e, k) => {
      seen.push(l.m[k] as Value);
      same(asVec(e, "for item").copyArray(), [...l.m, l.m[k] as Value], "for item");
    });
    last = l.v.conj(x);
  }
  return { seen, last };
}

const commands: fc.Arbitrary<Cmd>[] = [
  fc.tuple(nat, element).map(([i, x]) =>
    cmd(`conj #${i} ${x}`, (w) => {
      const l = pick(w.live, i);
      keep(w.live, { v: l.v.conj(x), m: [...l.m, x] });
    }),
  ),
  fc.tuple(nat, fc.array(element, { maxLength: 4 })).map(([i, xs]) =>
    cmd(`(conj #${i} ${xs.join(" ")})`, (w) => {
      const l = pick(w.live, i);
      keep(w.live, { v: asVec(conjB(l.v, ...xs), "conj"), m: [...l.m, ...xs] });
    }),
  ),
  fc.tuple(nat, nat).map(([i, j]) =>
    cmd(`(into #${i} #${j})`, (w) => {
      const a = pick(w.live, i);
      const b = pick(w.live, j);
      keep(w.live, { v: asVec(intoB(a.v, b.v), "into"), m: [...a.m, ...b.m] });
    }),
  ),
  nat.map((i) =>
    cmd(`(pop #${i})`, (w) => {
      const l = pick(w.live, i);
      if (l.m.length > 0) keep(w.live, { v: asVec(popB(l.v), "pop"), m: l.m.slice(0, -1) });
    }),
  ),
  fc.tuple(nat, nat, nat).map(([i, s, e]) =>
    cmd(`(subvec #${i} ${s} ${e})`, (w) => {
      const l = pick(w.live, i);
      const end = e % (l.m.length + 1);
      const start = s % (end + 1);
      keep(w.live, { v: asVec(subvecB(l.v, start, end), "subvec"), m: l.m.slice(start, end) });
    }),
  ),
  nat.map((i) =>
    cmd(`(rest #${i})`, (w) => {
      const l = pick(w.live, i);
      keep(w.live, { v: asVec(restB(l.v), "rest"), m: l.m.slice(1) });
    }),
  ),
  fc.tuple(nat, nat, element).map(([i, k, x]) =>
    cmd(`(assoc #${i} ${k} ${x})`, (w) => {
      const l = pick(w.live, i);
      const idx = k % (l.m.length + 1);
      const m = [...l.m];
      m[idx] = x;
      keep(w.live, { v: asVec(assocB(l.v, idx, x), "assoc"), m });
    }),
  ),
  nat.map((i) =>
    cmd(`toArray #${i}`, (w) => {
      const l = pick(w.live, i);
      w.snaps.push({ a: l.v.toArray(), m: [...l.m] });
      if (w.snaps.length > 8) w.snaps.shift();
    }),
  ),
  nat.map((i) =>
    cmd(`Vec.of(toArray #${i})`, (w) => {
      // A builtin may wrap an array another value can see: the wrapper must never write to it.
      const l = pick(w.live, i);
      const a = l.v.toArray();
      w.snaps.push({ a, m: [...l.m] });
      if (w.snaps.length > 8) w.snaps.shift();
      keep(w.live, { v: Vec.of(a as Value[]), m: l.m });
    }),
  ),
  fc.tuple(nat, element, fc.nat({ max: 4 })).map(([i, x, mode]) =>
    cmd(`iterate #${i} (mode ${mode}) conj-ing ${x}`, (w) => {
      const l = pick(w.live, i);
      const { seen, last } = iterConj(l, x, mode);
      if (mode !== 3) same(seen, l.m, `iteration (mode ${mode}) while conj-ing onto the same vector`);
      keep(w.live, { v: last, m: last === l.v ? l.m : [...l.m, x] });
    }),
  ),
];

describe("persistent vector against a plain-array model", () => {
  test(
    `${STEPS} steps of conj/into/pop/subvec/rest/assoc/toArray/iteration keep every live value equal to its model`,
    () => {
      const n = runSteps(commands, steps, (cmds) => {
        const w: World = { live: [{ v: Vec.EMPTY, m: [] }], snaps: [] };
        fc.modelRun(() => ({ model: w, real: w }), cmds);
      });
      if (process.env.PTC_MODEL_STEPS) console.log(`vector model: ${n} steps`);
      expect(n).toBeGreaterThanOrEqual(STEPS);
    },
    TIMEOUT_MS,
  );
});
