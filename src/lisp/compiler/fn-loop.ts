/**
 * `fn`, `defn`, `loop` and `recur` (spec §5.15, §5.16, §13.1). A function compiles to a JS
 * `function` with an arity check; when its body recurs, the body runs inside a labelled `for(;;)`
 * and `recur` rebinds the parameters and `continue`s — constant stack, with the spec's iteration cap
 * counted per invocation. Parameters and loop bindings are copied into fresh `const`s each
 * iteration so closures capture values, not the variables `recur` reassigns.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { type Value, Var } from "../values/index.ts";
import { Ctx, compile, compileBody, invalid, isSym, type Out, type RecurTarget, sequence, TICK } from "./context.ts";
import { destructure } from "./destructure.ts";

/** `(fn name? [params] body...)` */
export function emitFn(f: CollForm, ctx: Ctx): Out {
  return compileFn(f, 1, ctx, null);
}

/** `(defn name docstring? [params] body...)` → binds the function in the user namespace. */
export function emitDefn(f: CollForm, ctx: Ctx): Out {
  const name = f.items[1];
  if (!isSym(name)) throw invalid(f, "defn needs a symbol name", "expected (defn name [params] body...)");
  let i = 2;
  if (f.items[i]?.t === "lit" && typeof (f.items[i] as { v: unknown }).v === "string") i++;
  if (f.items[i]?.t === "map") i++;
  const fn = compileFn(f, i, ctx, name.name);
  const u = ctx.unit;
  // In a session, the stored form of `(defn f [x] ...)` is `(fn f [x] ...)`.
  const head: Form = { t: "sym", ns: null, name: "fn", pos: f.pos };
  const e = keepSource(fn.e, { t: "list", items: [head, name, ...f.items.slice(i)], pos: f.pos }, ctx);
  return { s: `${fn.s}${u.setGlobal(u.global(name.name), e)}`, e: u.konst(new Var(name.name)) };
}

/**
 * Session mode: a function written at top level (no enclosing locals it could close over) carries
 * its source form, so the session store can keep it and rebuild it in a later eval. Functions made
 * inside `let` or another function carry none and are refused when stored.
 */
function keepSource(e: string, form: CollForm, ctx: Ctx): string {
  const u = ctx.unit;
  if (u.session === null || ctx.scope !== null || ctx.fnDepth > 0) return e;
  return `rt.withSource(${e},${u.konst(form as unknown as Value)})`;
}

/**
 * Compiles a function whose parameter vector is at `f.items[at]` (an optional self-name symbol may
 * precede it when `defName` is null).
 */
function compileFn(f: CollForm, at: number, ctx: Ctx, defName: string | null): Out {
  const u = ctx.unit;
  let selfName: string | null = null;
  let i = at;
  if (defName === null && isSym(f.items[i])) {
    selfName = (f.items[i] as { name: string }).name;
    i++;
  }
  const params = f.items[i];
  const what = defName === null ? "fn" : "defn";
  if (params?.t === "list") {
    throw new LispError(
      "invalid_form",
      `multi-arity ${what} is not supported`,
      params.pos,
      "define one function per arity with different names, or take optional arguments with & rest",
    );
  }
  if (params?.t !== "vec")
    throw invalid(
      f,
      `${what} needs a parameter vector`,
      `expected (${what} ${defName ?? ""}[params] body...)`.replace("  ", " "),
    );
  const fixed: Form[] = [];
  let rest: Form | null = null;
  for (let j = 0; j < params.items.length; j++) {
    const p = params.items[j] as Form;
    if (isSym(p, "&")) {
      rest = params.items[j + 1] ?? null;
      if (rest === null || params.items.length > j + 2)
        throw new LispError("invalid_form", "& in a parameter vector must be followed by exactly one name", p.pos);
      break;
    }
    fixed.push(p);
  }
  const fid = u.gensym("f");
  let fctx = new Ctx(u, ctx.scope, null, ctx.fnDepth + 1);
  if (selfName !== null) fctx = fctx.alias(selfName, fid, true);
  // A top-level defn whose name no other form rebinds can call itself directly.
  else if (defName !== null && ctx.scope === null && ctx.fnDepth === 0 && u.defined.get(defName) === 1) {
    fctx = fctx.alias(defName, fid, true);
  }
  const args = fixed.map(() => u.gensym("a"));
  const restArgs = rest === null ? null : u.gensym("ra");
  const restVar = rest === null ? null : u.gensym("rv");
  const vars = restVar === null ? args : [...args, restVar];
  const target: RecurTarget = {
    label: u.gensym("L"),
    vars,
    counter: u.gensym("n"),
    pos: f.pos,
    kind: what,
    used: false,
  };
  let bctx = fctx.withRecur(target);
  let binds = "";
  const patterns = rest === null ? fixed : [...fixed, rest];
  patterns.forEach((p, j) => {
    const r = destructure(p, vars[j] as string, bctx);
    binds += r.s;
    bctx = r.ctx;
  });
  const body = compileBody(f.items.slice(i + 1), bctx);
  const label = u.konst(defName ?? selfName ?? "fn");
  const n = fixed.length;
  const check =
    rest === null
      ? `if(arguments.length!==${n})throw rt.arity(${label},"${n}",arguments.length);`
      : `if(arguments.length<${n})throw rt.arity(${label},"${n}+",arguments.length);`;
  const restInit = rest === null ? "" : `let ${restVar}=${restArgs}.length>0?rt.Vec.of(${restArgs}):null;`;
  const jsParams = restArgs === null ? args.join(",") : [...args, `...${restArgs}`].join(",");
  const run = target.used
    ? `let ${target.counter}=0;${target.label}:for(;;){${TICK}${binds}${body.s}return ${body.e};}`
    : `${TICK}${binds}${body.s}return ${body.e};`;
  const src = `function ${fid}(${jsParams}){${check}${restInit}${run}}`;
  const name = defName ?? selfName;
  const e = name === null ? `(${src})` : `rt.named(${src},${label})`;
  return { s: "", e: defName === null ? keepSource(e, f, ctx) : e };
}

/** `(loop [bindings] body...)` */
export function emitLoop(f: CollForm, ctx: Ctx): Out {
  const bindings = f.items[1];
  if (bindings?.t !== "vec" || bindings.items.length % 2 !== 0) {
    throw invalid(
      f,
      "loop needs a binding vector with an even number of forms",
      "expected (loop [name init ...] body...)",
    );
  }
  const u = ctx.unit;
  let initCtx = ctx.nonTail();
  let s = "";
  const vars: string[] = [];
  const patterns: Form[] = [];
  for (let i = 0; i < bindings.items.length; i += 2) {
    const o = compile(bindings.items[i + 1] as Form, initCtx);
    const lv = u.gensym("l");
    s += `${o.s}let ${lv}=${o.e};`;
    vars.push(lv);
    const pattern = bindings.items[i] as Form;
    patterns.push(pattern);
    if (i + 2 < bindings.items.length) {
      const r = destructure(pattern, lv, initCtx);
      s += r.s;
      initCtx = r.ctx;
    }
  }
  const target: RecurTarget = {
    label: u.gensym("L"),
    vars,
    counter: u.gensym("n"),
    pos: f.pos,
    kind: "loop",
    used: false,
  };
  let bctx = ctx.withRecur(target);
  let binds = "";
  patterns.forEach((p, j) => {
    const r = destructure(p, vars[j] as string, bctx);
    binds += r.s;
    bctx = r.ctx;
  });
  const body = compileBody(f.items.slice(2), bctx);
  const r = u.gensym("r");
  s += `let ${r};let ${target.counter}=0;${target.label}:for(;;){${TICK}${binds}${body.s}${r}=${body.e};break;}`;
  return { s, e: r };
}

/** `(recur args...)` — only in tail position of a loop or fn body. */
export function emitRecur(f: CollForm, ctx: Ctx): Out {
  const t = ctx.recur;
  if (t === null) {
    throw new LispError(
      "invalid_form",
      "recur can only be used in tail position of a loop or fn body",
      f.pos,
      "make recur the last expression of the branch, or use reduce",
    );
  }
  const args = f.items.slice(1);
  if (args.length !== t.vars.length) {
    throw new LispError(
      "arity_error",
      `recur expects ${t.vars.length} argument${t.vars.length === 1 ? "" : "s"} to match the ${t.kind} bindings, got ${args.length}`,
      f.pos,
    );
  }
  t.used = true;
  const u = ctx.unit;
  const seq = sequence(
    u,
    args.map((a) => compile(a, ctx.nonTail())),
  );
  let s = seq.s;
  const tmps = seq.es.map((e) => {
    const x = u.gensym("t");
    s += `const ${x}=${e};`;
    return x;
  });
  s += t.vars.map((v, i) => `${v}=${tmps[i]};`).join("");
  s += `if(++${t.counter}>LIM){P=${u.pos(f.pos)};throw rt.loopLimit(${u.konst(t.kind)});}continue ${t.label};`;
  return { s, e: "null" };
}
