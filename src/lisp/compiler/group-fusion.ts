/**
 * One-pass group aggregates (issue #13, docs/decisions/0042). The compiler spots
 *
 *     (map (fn [[k rows]] body) (group-by K coll))      ; also mapv, also after -> / ->>
 *
 * where `rows` appears in `body` only as the collection of an aggregate that runs once per body
 * run: `(count rows)`, `(sum-by F rows)`, `(reduce R rows)`, `(reduce R I rows)`,
 * `(reduce R (map M rows))`, `(reduce R I (map M rows))`; and where K, F, R, M, I and the rest of
 * the body are pure (group-fusion-check.ts). It then compiles a call of `groupFused`
 * (group-walk.ts), which computes every group's aggregates in one walk over `coll` and runs the
 * body once per group, in the plain path's order, with each aggregate read from the walk's result.
 * When the walk fails it runs the plain code instead, so answers and errors cannot differ.
 */

import type { CollForm, Form, SymForm } from "../reader/forms.ts";
import { Check, type Kind } from "./group-fusion-check.ts";
import { COUNT, REDUCE, REDUCE_MAP, SUM_BY } from "./group-walk.ts";
import { compile, type Ctx, expr, type Out, sequence } from "./context.ts";

/** Replacement of an aggregate form while the fused body compiles: JS reading it from the group's vector. */
type Swap = (ctx: Ctx) => Out;

/** Forms to replace, by identity, while a fused body compiles (see {@link swapped}). */
const swaps = new Map<Form, Swap>();

/** The code standing for `f` in a fused body being compiled, if `f` is one of its aggregates. */
export function swapped(f: Form, ctx: Ctx): Out | null {
  const s = swaps.size === 0 ? undefined : swaps.get(f);
  return s === undefined ? null : s(ctx);
}

/**
 * Compiles `f` = `(map fn (group-by K coll))` (`who` is "map" or "mapv", `p` its call-site index)
 * as a one-pass group aggregation, or returns null when the form does not qualify.
 */
export function fuseGroupAggregates(who: string, f: CollForm, p: number, ctx: Ctx): Out | null {
  if (f.items.length !== 3) return null;
  const fn = f.items[1] as Form;
  const grouped = f.items[2] as Form;
  const check = new Check(ctx);
  const none = new Map<string, Kind>();
  if (grouped.t !== "list" || grouped.items.length !== 3 || check.builtinHead(grouped.items[0], none) !== "group-by")
    return null;
  if (fn.t !== "list" || fn.items.length < 3 || !isSpecialFn(fn.items[0], check)) return null;
  const params = fn.items[1] as Form;
  if (params.t !== "vec" || params.items.length !== 1) return null;
  const entry = params.items[0] as Form;
  if (entry.t !== "vec" || entry.items.length !== 2) return null;
  const [kSym, rowsSym] = entry.items as [Form, Form];
  if (!plainSym(kSym) || !plainSym(rowsSym) || kSym.name === rowsSym.name) return null;
  const keyForm = grouped.items[1] as Form;
  if (!check.fnArg(keyForm, none)) return null;
  const env = new Map<string, Kind>([
    [kSym.name, "key"],
    [rowsSym.name, "rows"],
  ]);
  const body = fn.items.slice(2);
  if (!body.every((b) => check.form(b, env, true, true)) || check.aggregates.length === 0) return null;
  return emit(who, fn, grouped, kSym, entry, body, check, p, ctx);
}

function plainSym(f: Form): f is SymForm {
  return f.t === "sym" && f.ns === null && f.name !== "&";
}

function isSpecialFn(h: Form | undefined, check: Check): boolean {
  return h?.t === "sym" && h.ns === null && h.name === "fn" && !check.shadowed("fn", new Map());
}

function emit(
  who: string,
  fn: CollForm,
  grouped: CollForm,
  kSym: SymForm,
  entry: CollForm,
  body: Form[],
  check: Check,
  p: number,
  ctx: Ctx,
): Out {
  const u = ctx.unit;
  const plain = compile(fn, ctx);
  const pGroup = u.pos(grouped.pos);
  const operands = sequence(u, [compile(grouped.items[1] as Form, ctx), compile(grouped.items[2] as Form, ctx)]);
  // Per group: the aggregates' argument forms, evaluated with the key bound.
  const kv = u.gensym("k");
  const kctx = ctx.alias(kSym.name, kv);
  const spec: number[] = [pGroup, p, who === "mapv" ? 1 : 0];
  const args: Out[] = [];
  for (const a of check.aggregates) {
    const kind =
      a.kind === "count" ? COUNT : a.kind === "sum-by" ? SUM_BY : a.kind === "reduce-map" ? REDUCE_MAP : REDUCE;
    const fnForm = a.args[0];
    const tracked = fnForm !== undefined && fnForm.t === "list" ? 1 : 0;
    spec.push(kind, a.init ? 1 : 0, u.pos(a.form.pos), tracked);
    for (const x of a.args) args.push(compile(x, kctx));
  }
  const setupSeq = sequence(u, args);
  const setup = `((${kv})=>{${setupSeq.s}return [${setupSeq.es.join(",")}];})`;
  // The body again, as a function of [k aggregates]: aggregate i reads element i of that vector
  // and sets P to element n+i, the call-site index the plain aggregate would have left.
  const hidden: SymForm = { t: "sym", ns: null, name: ` ${u.gensym("aggs")}`, pos: entry.items[1]?.pos ?? entry.pos };
  const n = check.aggregates.length;
  check.aggregates.forEach((a, i) => {
    swaps.set(a.form, (c) => {
      const id = c.local(hidden.name) as string;
      return expr(`(P=${id}.at(${n + i}),${id}.at(${i}))`);
    });
  });
  let fused: Out;
  try {
    const fusedForm: CollForm = {
      t: "list",
      pos: fn.pos,
      items: [
        fn.items[0] as Form,
        { t: "vec", pos: fn.items[1]?.pos ?? fn.pos, items: [{ ...entry, items: [kSym, hidden] }] },
        ...body,
      ],
    };
    fused = compile(fusedForm, ctx);
  } finally {
    for (const a of check.aggregates) swaps.delete(a.form);
  }
  const specId = u.gensym("$gs");
  u.helpers.set(specId, `[${spec.join(",")}]`);
  u.helpers.set("$gP", "()=>P");
  u.helpers.set("$sP", "(v)=>{P=v;}");
  const call = `rt.groupFused(${operands.es[0]},${operands.es[1]},${specId},${setup},${fused.e},${plain.e},$gP,$sP)`;
  return { s: `${plain.s}${operands.s}${fused.s}`, e: call };
}
