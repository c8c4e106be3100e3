/**
 * Threading macros (spec §6). `->` and `->>` rewrite forms (`(-> x (f a))` is `(f x a)`); the
 * others bind each intermediate value to a hidden local whose name no program can write (it
 * contains a space), so user code can neither see nor shadow it.
 */

import type { CollForm, Form, SymForm } from "../reader/forms.ts";
import { branch, type Ctx, compile, type Emitter, expr, invalid, type Out, truthy } from "./context.ts";

/** Inserts `x` into `step` as first (`->`) or last (`->>`) argument. */
function thread(x: Form, step: Form, last: boolean): Form {
  if (step.t === "list" && step.items.length > 0) {
    const [head, ...args] = step.items as [Form, ...Form[]];
    return { t: "list", pos: step.pos, items: last ? [head, ...args, x] : [head, x, ...args] };
  }
  return { t: "list", pos: step.pos, items: [step, x] };
}

function threadAll(f: CollForm, last: boolean): Form {
  const [, first, ...steps] = f.items;
  if (first === undefined) throw invalid(f, `${last ? "->>" : "->"} needs a value to thread`);
  return steps.reduce<Form>((acc, s) => thread(acc, s, last), first);
}

/** A hidden symbol bound to `id` in the returned context. */
function hidden(ctx: Ctx, id: string, pos: Form["pos"]): [Ctx, SymForm] {
  const name = ` ${id}`;
  return [ctx.alias(name, id), { t: "sym", ns: null, name, pos }];
}

function emitSome(last: boolean): Emitter {
  return (f, ctx) => {
    const [, first, ...steps] = f.items;
    if (first === undefined) throw invalid(f, `${last ? "some->>" : "some->"} needs a value to thread`);
    const u = ctx.unit;
    const r = u.gensym("r");
    const start = compile(first, ctx.nonTail());
    let s = `let ${r}=null;${start.s}`;
    let cur = u.gensym("g");
    s += `const ${cur}=${start.e};`;
    let close = "";
    let c = ctx.nonTail();
    for (const step of steps) {
      const [c2, sym] = hidden(c, cur, step.pos);
      c = c2;
      const o = compile(thread(sym, step, last), c);
      const next = u.gensym("g");
      s += `if(${cur}!==null){${o.s}const ${next}=${o.e};`;
      close += "}";
      cur = next;
    }
    return { s: `${s}${r}=${cur};${close}`, e: r };
  };
}

function emitCondThread(last: boolean): Emitter {
  return (f, ctx) => {
    const [, first, ...clauses] = f.items;
    const word = last ? "cond->>" : "cond->";
    if (first === undefined) throw invalid(f, `${word} needs a value to thread`);
    if (clauses.length % 2 !== 0)
      throw invalid(f, `${word} needs test/form pairs after the value`, `expected (${word} x test form ...)`);
    const u = ctx.unit;
    const nt = ctx.nonTail();
    const start = compile(first, nt);
    let cur = u.gensym("g");
    let s = `${start.s}const ${cur}=${start.e};`;
    for (let i = 0; i < clauses.length; i += 2) {
      const test = compile(clauses[i] as Form, nt);
      const [c, sym] = hidden(nt, cur, (clauses[i + 1] as Form).pos);
      const step = compile(thread(sym, clauses[i + 1] as Form, last), c);
      const b = branch(u, test.s, truthy(test), step, expr(cur));
      const next = u.gensym("g");
      s += `${b.s}const ${next}=${b.e};`;
      cur = next;
    }
    return { s, e: cur };
  };
}

function emitAsThread(f: CollForm, ctx: Ctx): Out {
  const [, first, name, ...steps] = f.items;
  if (first === undefined || name?.t !== "sym" || name.ns !== null) {
    throw invalid(f, "as-> needs a value and a name", "expected (as-> expr name form...)");
  }
  const u = ctx.unit;
  const start = compile(first, ctx.nonTail());
  let cur = u.gensym("g");
  let s = `${start.s}const ${cur}=${start.e};`;
  let c = ctx.nonTail();
  for (const step of steps) {
    c = c.alias(name.name, cur);
    const o = compile(step, c);
    const next = u.gensym("g");
    s += `${o.s}const ${next}=${o.e};`;
    cur = next;
  }
  return { s, e: cur };
}

/** The threading forms by name, merged into the special form table. */
export const THREADING_FORMS: ReadonlyArray<[string, Emitter]> = [
  ["->", (f, ctx) => compile(threadAll(f, false), ctx)],
  ["->>", (f, ctx) => compile(threadAll(f, true), ctx)],
  ["some->", emitSome(false)],
  ["some->>", emitSome(true)],
  ["cond->", emitCondThread(false)],
  ["cond->>", emitCondThread(true)],
  ["as->", emitAsThread],
];
