/**
 * `for` and `doseq` (spec §5.17, §5.21): nested JS loops over each binding's elements, with the
 * `:let`, `:when` and `:while` modifiers applied in order at the level they follow. `for` collects
 * the body values into a vector (eagerly); `doseq` returns nil. Bodies are not in tail position.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { Keyword } from "../values.ts";
import { compile, compileBody, type Ctx, discard, invalid, type Out } from "./context.ts";
import { destructure, destructureExpr } from "./destructure.ts";

/** `(for [bindings] body...)` → vector */
export function emitFor(f: CollForm, ctx: Ctx): Out {
  const out = ctx.unit.gensym("o");
  const loops = emitLoops(f, ctx, "for", (body) => `${body.s}${out}.push(${body.e});`);
  return { s: `const ${out}=[];${loops}T.charge(${out}.length*8);`, e: `rt.Vec.of(${out})` };
}

/** `(doseq [bindings] body...)` → nil */
export function emitDoseq(f: CollForm, ctx: Ctx): Out {
  return { s: emitLoops(f, ctx, "doseq", (body) => discard(body)), e: "null" };
}

function emitLoops(f: CollForm, ctx0: Ctx, word: string, collect: (body: Out) => string): string {
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
        open += `${o.s}if(!tr(${o.e}))${mod === "when" ? "continue" : "break"} ${label};`;
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
    label = u.gensym("L");
    const r = destructure(key, x, ctx);
    ctx = r.ctx;
    open += `${coll.s}const ${arr}=rt.seq(${coll.e},"${word}");${label}:for(let ${idx}=0;${idx}<${arr}.length;${idx}++){T.tick();const ${x}=${arr}[${idx}];${r.s}`;
    close += "}";
  }
  const body = compileBody(f.items.slice(2), ctx);
  return `{${open}${collect(body)}${close}}`;
}
