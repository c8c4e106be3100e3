/**
 * Tree traversal (spec §8.1 Tree Traversal, `clojure.walk`): `walk`, `prewalk`, `postwalk` rebuild
 * vectors, maps and sets around transformed children; `tree-seq` lists the nodes depth first.
 * Every visited node spends fuel and memory, so a tree that never bottoms out (a string whose
 * children are strings, GAP-S77) hits the run limits instead of the host heap.
 */

import { toFn, typeError } from "../access.ts";
import { run } from "../runtime.ts";
import { type LFn, PMap, PSet, truthy, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { items, SLOT_BYTES } from "./support.ts";

function walk(inner: (x: Value) => Value, outer: (x: Value) => Value, form: Value): Value {
  if (form instanceof Vec) {
    const a = form.toArray();
    run().tick(a.length);
    const out = new Array<Value>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = inner(a[i] as Value);
    return outer(Vec.of(out));
  }
  if (form instanceof PMap) {
    const pairs: [Value, Value][] = [];
    for (const [k, v] of form.entries()) {
      const e = inner(Vec.of([k, v]));
      if (!(e instanceof Vec) || e.count !== 2)
        throw typeError("walk", "a [key value] entry back from the map step", e);
      pairs.push([e.at(0) as Value, e.at(1) as Value]);
    }
    run().tick(pairs.length);
    return outer(PMap.fromPairs(pairs));
  }
  if (form instanceof PSet) return outer(PSet.from(form.toArray().map((x) => inner(x))));
  return outer(form);
}

function postwalk(f: LFn, form: Value): Value {
  return walk((x) => postwalk(f, x), f, form);
}

function prewalk(f: LFn, form: Value): Value {
  return walk(
    (x) => prewalk(f, x),
    (x) => x,
    f(form),
  );
}

function treeSeq(branch: Value, children: Value, root: Value): Vec {
  const isBranch = toFn(branch, "tree-seq");
  const kids = toFn(children, "tree-seq");
  const out: Value[] = [];
  const stack: Value[] = [root];
  const r = run();
  while (stack.length > 0) {
    const node = stack.pop() as Value;
    out.push(node);
    r.tick(1);
    r.charge(SLOT_BYTES);
    if (truthy(isBranch(node))) {
      const cs = items(kids(node), "tree-seq");
      for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as Value);
    }
  }
  return Vec.of(out);
}

const DEFS: BuiltinDef[] = [
  {
    name: "walk",
    aliases: ["clojure.walk/walk", "walk/walk"],
    arity: [3, 3],
    doc: "(walk inner outer form) — (outer form-with-inner-applied-to-each-child)",
    fn: (i, o, f) => walk(toFn(i, "walk"), toFn(o, "walk"), f),
  },
  {
    name: "postwalk",
    aliases: ["clojure.walk/postwalk", "walk/postwalk"],
    arity: [2, 2],
    doc: "(postwalk f form) — f applied to every node, children first",
    fn: (f, form) => postwalk(toFn(f, "postwalk"), form),
  },
  {
    name: "prewalk",
    aliases: ["clojure.walk/prewalk", "walk/prewalk"],
    arity: [2, 2],
    doc: "(prewalk f form) — f applied to every node, parents first",
    fn: (f, form) => prewalk(toFn(f, "prewalk"), form),
  },
  { name: "tree-seq", arity: [3, 3], doc: "(tree-seq branch? children root) — every node, depth first", fn: treeSeq },
];

/** The tree-walking family. */
export const WALK = family("walk", DEFS);
