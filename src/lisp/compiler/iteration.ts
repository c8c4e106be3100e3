/**
 * `for` and `doseq` (spec §5.17, §5.21): nested JS loops over each binding's elements, with the
 * `:let`, `:when` and `:while` modifiers applied in order at the level they follow. `for` collects
 * the body values into a vector (eagerly); `doseq` returns nil. Bodies are not in tail position.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { Keyword } from "../values/index.ts";
import { compile, compileBody, type Ctx, discard, indexTick, invalid, type Out, truthy } from "./context.ts";
import { destructure, destructureExpr } from "./destructure.ts";
import { invariantCall } from "./hoist.ts";

/** `(for [bindings] body...)` → vector */
export function emitFor(f: CollForm, ctx: Ctx): Out {
  const out = ctx.unit.gensym("o");
  const loops = emitLoops(f, ctx, "for", (forms, c) => {
    const body = compileBody(forms, c);
    return `${body.s}${out}.push(${body.e});`;
  });
  return { s: `const ${out}=[];${loops}T.charge(${out}.length*8);`, e: `rt.Vec.of(${out})` };
}

/**
 * `(count (for [bindings] body...))` with both names the builtin and the special form: the number
 * of body evaluations, without building the vector. A body of literals, locals and vectors of them
 * cannot fail or act, so it is not evaluated at all; any other body still runs for its effects.
 * The memory budget is charged for the vector's slots exactly as `for` charges them.
 * `p` is the position index of the `count` call, recorded as the call would have.
 */
export function emitForCount(f: CollForm, p: number, ctx: Ctx): Out {
  const n = ctx.unit.gensym("n");
  const loops = emitLoops(f, ctx, "for", (forms, c) => {
    const inert = forms.every((x) => inertForm(x, c));
    return `${inert ? "" : discard(compileBody(forms, c))}${n}++;`;
  });
  // Charged as the vector would have been, so the memory budget answers as it did for the unfused form.
  return { s: `let ${n}=0;${loops}T.charge(${n}*8);`, e: `(P=${p},${n})` };
}

/** Forms whose evaluation cannot fail, act or allocate anything observable: literals, locals, `data/` names, vectors of them. */
function inertForm(f: Form, ctx: Ctx): boolean {
  if (f.t === "lit") return true;
  if (f.t === "sym") return f.ns === "data" || (f.ns === null && ctx.local(f.name) !== null);
  if (f.t === "vec") return f.items.every((x) => inertForm(x, ctx));
  return false;
}

/** `(doseq [bindings] body...)` → nil */
export function emitDoseq(f: CollForm, ctx: Ctx): Out {
  return { s: emitLoops(f, ctx, "doseq", (forms, c) => discard(compileBody(forms, c))), e: "null" };
}

/**
 * The nested loops of a `for`/`doseq`; `collect` returns the innermost statements for the body
 * forms, compiled in the scope of all bindings.
 */
function emitLoops(
  f: CollForm,
  ctx0: Ctx,
  word: string,
  collect: (forms: readonly Form[], ctx: Ctx) => string,
): string {
  const bindings = f.items[1];
  if (bindings?.t !== "vec" || bindings.items.length === 0 || bindings.items.length % 2 !== 0) {
    throw invalid(f, `${word} needs a binding vector of name/collection pairs`, `expected (${word} [x coll] body...)`);
  }
  const u = ctx0.unit;
  let ctx = ctx0.nonTail();
  const items = bindings.items;
  let open = "";
  let close = "";
  let label = "";
  let hoisted = "";
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i] as Form;
    const val = items[i + 1] as Form;
    if (key.t === "lit" && key.v instanceof Keyword) {
      const mod = key.v.name;
      if (mod === "let") {
        if (val.t !== "vec" || val.items.length % 2 !== 0)
          throw invalid(val, ":let needs a binding vector with an even number of forms");
        for (let j = 0; j < val.items.length; j += 2) {
          const o = compile(val.items[j + 1] as Form, ctx);
          const r = destructureExpr(val.items[j] as Form, o.e, ctx);
          open += o.s + r.s;
          ctx = r.ctx;
        }
      } else if (mod === "when" || mod === "while") {
        if (label === "") throw new LispError("invalid_form", `:${mod} must follow a binding`, key.pos);
        const o = compile(val, ctx);
        open += `${o.s}if(!${truthy(o)})${mod === "when" ? "continue" : "break"} ${label};`;
      } else {
        throw new LispError(
          "invalid_form",
          `unknown ${word} modifier :${mod}`,
          key.pos,
          "supported modifiers are :let, :when and :while",
        );
      }
      continue;
    }
    const coll = compile(val, ctx);
    const arr = u.gensym("s");
    const idx = u.gensym("i");
    const x = u.gensym("x");
    let elements = `rt.seq(${coll.e},"${word}")`;
    // An inner collection that cannot change between outer iterations is built once (hoist.ts).
    if (label !== "" && coll.s === "" && invariantCall(val, ctx0, ctx)) {
      const cache = u.gensym("h");
      hoisted += `let ${cache}=null;`;
      elements = `${cache}!==null?${cache}:(${cache}=${elements})`;
    }
    label = u.gensym("L");
    const r = destructure(key, x, ctx);
    ctx = r.ctx;
    open += `${coll.s}const ${arr}=${elements};${label}:for(let ${idx}=0;${idx}<${arr}.length;${idx}++){${indexTick(idx)}const ${x}=${arr}[${idx}];${r.s}`;
    close += "}";
  }
  return `{${hoisted}${open}${collect(f.items.slice(2), ctx)}${close}}`;
}
