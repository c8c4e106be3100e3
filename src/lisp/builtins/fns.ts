/**
 * Function combinators (spec §8.11). The parallel helpers `pmap` and `pcalls` live with the tool
 * calls they parallelise (tools.ts). Every function argument is checked when the combinator is
 * built, so `(comp nil inc)` fails at once with `not_callable` (GAP-S135) instead of later.
 */

import { toFn } from "../access.ts";
import { type LFn, truthy, type Value, Vec } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";

function comp(...fs: Value[]): Value {
  const fns = fs.map((f) => toFn(f, "comp"));
  if (fns.length === 0) return ((x: Value) => x) as LFn;
  if (fns.length === 1) return fns[0] as LFn;
  const last = fns[fns.length - 1] as LFn;
  return ((...args: Value[]) => {
    let r = last(...args);
    for (let i = fns.length - 2; i >= 0; i--) r = (fns[i] as LFn)(r);
    return r;
  }) as LFn;
}

function partial(f: Value, ...pre: Value[]): Value {
  const fn = toFn(f, "partial");
  return ((...more: Value[]) => fn(...pre, ...more)) as LFn;
}

function juxt(...fs: Value[]): Value {
  const fns = fs.map((f) => toFn(f, "juxt"));
  return ((...args: Value[]) => Vec.of(fns.map((fn) => fn(...args)))) as LFn;
}

function complement(f: Value): Value {
  const fn = toFn(f, "complement");
  return ((...args: Value[]) => !truthy(fn(...args))) as LFn;
}

function everyPred(...ps: Value[]): Value {
  const fns = ps.map((p) => toFn(p, "every-pred"));
  return ((...args: Value[]) => {
    for (const a of args) for (const fn of fns) if (!truthy(fn(a))) return false;
    return true;
  }) as LFn;
}

function someFn(...ps: Value[]): Value {
  const fns = ps.map((p) => toFn(p, "some-fn"));
  return ((...args: Value[]) => {
    let r: Value = null;
    for (const a of args) {
      for (const fn of fns) {
        r = fn(a);
        if (truthy(r)) return r;
      }
    }
    return r;
  }) as LFn;
}

function fnil(f: Value, ...defaults: Value[]): Value {
  const fn = toFn(f, "fnil");
  return ((...args: Value[]) => {
    for (let i = 0; i < defaults.length && i < args.length; i++) if (args[i] === null) args[i] = defaults[i] as Value;
    return fn(...args);
  }) as LFn;
}

const DEFS: BuiltinDef[] = [
  {
    name: "comp",
    arity: [0, Infinity],
    doc: "(comp f g ...) — function applying the fns right to left; (comp) is identity",
    fn: comp,
  },
  {
    name: "partial",
    arity: [1, Infinity],
    doc: "(partial f args...) — f with the first arguments filled in",
    fn: partial,
  },
  { name: "juxt", arity: [1, Infinity], doc: "(juxt f g ...) — function returning [(f x) (g x) ...]", fn: juxt },
  { name: "complement", arity: [1, 1], doc: "(complement f) — function returning (not (f args...))", fn: complement },
  {
    name: "constantly",
    arity: [1, 1],
    doc: "(constantly x) — function that ignores its arguments and returns x",
    fn: (x) => (() => x) as LFn,
  },
  {
    name: "every-pred",
    arity: [1, Infinity],
    doc: "(every-pred p q ...) — predicate true when every p holds for every argument",
    fn: everyPred,
  },
  {
    name: "some-fn",
    arity: [1, Infinity],
    doc: "(some-fn f g ...) — function returning the first truthy (f x)",
    fn: someFn,
  },
  {
    name: "fnil",
    arity: [2, 4],
    doc: "(fnil f default ...) — f with nil arguments replaced by the defaults",
    fn: fnil,
  },
];

/** The combinator family. */
export const FNS = family("fns", DEFS);
