/**
 * Special forms and built-in macros (spec §5, §6), each compiled directly to JS — none of them is
 * a function and none goes through the builtin table. Larger families live beside this file:
 * fn-loop.ts (fn, defn, loop, recur), iteration.ts (for, doseq), threading.ts (-> ->> ...).
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { Keyword, Var } from "../values/index.ts";
import {
  branch,
  type Ctx,
  compile,
  compileBody,
  discard,
  type Emitter,
  expr,
  invalid,
  isSym,
  type Out,
  sequence,
  truthy,
} from "./context.ts";
import { destructureExpr } from "./destructure.ts";
import { expectArgs, quoted } from "./literals.ts";
import { emitDefn, emitFn, emitLoop, emitRecur } from "./fn-loop.ts";
import { emitDoseq, emitFor } from "./iteration.ts";
import { THREADING_FORMS } from "./threading.ts";

function emitIf(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 2, 3, "(if test then else?)");
  const [, test, then, els] = f.items as [Form, Form, Form, Form | undefined];
  const c = compile(test, ctx.nonTail());
  return branch(ctx.unit, c.s, truthy(c), compile(then, ctx), els ? compile(els, ctx) : expr("null"));
}

function emitIfNot(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 2, 3, "(if-not test then else?)");
  const [, test, then, els] = f.items as [Form, Form, Form, Form | undefined];
  const c = compile(test, ctx.nonTail());
  return branch(ctx.unit, c.s, truthy(c), els ? compile(els, ctx) : expr("null"), compile(then, ctx));
}

function emitWhen(negate: boolean): Emitter {
  return (f, ctx) => {
    if (f.items.length < 2)
      throw invalid(f, `${negate ? "when-not" : "when"} needs a test`, "expected (when test body...)");
    const c = compile(f.items[1] as Form, ctx.nonTail());
    const body = compileBody(f.items.slice(2), ctx);
    return negate
      ? branch(ctx.unit, c.s, truthy(c), expr("null"), body)
      : branch(ctx.unit, c.s, truthy(c), body, expr("null"));
  };
}

function emitCond(f: CollForm, ctx: Ctx): Out {
  const clauses = f.items.slice(1);
  if (clauses.length % 2 !== 0) {
    throw invalid(
      f,
      "cond needs an even number of forms (test/result pairs)",
      "add the missing result, or use :else for the default",
    );
  }
  let out = expr("null");
  for (let i = clauses.length - 2; i >= 0; i -= 2) {
    const test = clauses[i] as Form;
    const then = compile(clauses[i + 1] as Form, ctx);
    if (test.t === "lit" && test.v !== null && test.v !== false) {
      out = then;
      continue;
    }
    const c = compile(test, ctx.nonTail());
    out = branch(ctx.unit, c.s, truthy(c), then, out);
  }
  return out;
}

function emitCase(f: CollForm, ctx: Ctx): Out {
  if (f.items.length < 2)
    throw invalid(f, "case needs an expression to dispatch on", "expected (case expr value result ... default?)");
  const u = ctx.unit;
  const subject = compile(f.items[1] as Form, ctx.nonTail());
  const t = u.gensym("k");
  const clauses = f.items.slice(2);
  const hasDefault = clauses.length % 2 === 1;
  let out = hasDefault ? compile(clauses[clauses.length - 1] as Form, ctx) : expr("null");
  for (let i = clauses.length - (hasDefault ? 3 : 2); i >= 0; i -= 2) {
    const test = clauses[i] as Form;
    const options = test.t === "list" ? test.items : [test];
    const checks = options.map((o) => {
      const v = quoted(o);
      const k = u.konst(v);
      return typeof v === "string" || v instanceof Keyword || v === null || typeof v === "boolean"
        ? `${t}===${k}`
        : `rt.eq(${t},${k})`;
    });
    out = branch(u, "", checks.length === 0 ? "false" : checks.join("||"), compile(clauses[i + 1] as Form, ctx), out);
  }
  return { s: `${subject.s}const ${t}=${subject.e};${out.s}`, e: out.e };
}

function emitCondp(f: CollForm, ctx: Ctx): Out {
  if (f.items.length < 3)
    throw invalid(
      f,
      "condp needs a predicate and an expression",
      "expected (condp pred expr test result ... default?)",
    );
  const u = ctx.unit;
  const nt = ctx.nonTail();
  const head = sequence(u, [compile(f.items[1] as Form, nt), compile(f.items[2] as Form, nt)]);
  const pf = u.gensym("p");
  const ev = u.gensym("x");
  const p = u.pos(f.pos);
  const clauses = f.items.slice(3);
  if (clauses.some((c) => c.t === "lit" && c.v instanceof Keyword && c.v.name === ">>")) {
    throw new LispError(
      "invalid_form",
      "condp's :>> form is not supported",
      f.pos,
      "call the function in the result expression instead",
    );
  }
  const hasDefault = clauses.length % 2 === 1;
  let out = hasDefault ? compile(clauses[clauses.length - 1] as Form, ctx) : expr("null");
  for (let i = clauses.length - (hasDefault ? 3 : 2); i >= 0; i -= 2) {
    const test = compile(clauses[i] as Form, nt);
    out = branch(u, test.s, truthy(`c2(${pf},${test.e},${ev},${p})`), compile(clauses[i + 1] as Form, ctx), out);
  }
  return { s: `${head.s}const ${pf}=${head.es[0]};const ${ev}=${head.es[1]};${out.s}`, e: out.e };
}

function emitAndOr(isAnd: boolean): Emitter {
  return (f, ctx) => {
    const forms = f.items.slice(1);
    if (forms.length === 0) return expr(isAnd ? "true" : "null");
    if (forms.length === 1) return compile(forms[0] as Form, ctx);
    const r = ctx.unit.gensym("r");
    let s = `let ${r};`;
    let close = "";
    forms.forEach((x, i) => {
      const last = i === forms.length - 1;
      const o = compile(x, last ? ctx : ctx.nonTail());
      s += `${o.s}${r}=${o.e};`;
      if (!last) {
        s += isAnd ? `if(tr(${r})){` : `if(!tr(${r})){`;
        close += "}";
      }
    });
    return { s: s + close, e: r };
  };
}

/** if-let, when-let, if-some, when-some: bind, test, branch (spec §5.9–5.10). */
function emitConditionalBinding(name: string, some: boolean, isWhen: boolean): Emitter {
  return (f, ctx) => {
    const bindings = f.items[1];
    if (bindings === undefined || bindings.t !== "vec" || bindings.items.length !== 2) {
      throw invalid(
        f,
        `${name} needs exactly one binding pair`,
        `expected (${name} [name expr] ${isWhen ? "body..." : "then else?"})`,
      );
    }
    if (!isWhen && (f.items.length < 3 || f.items.length > 4))
      throw invalid(f, `wrong number of parts in ${name}`, `expected (${name} [name expr] then else?)`);
    const u = ctx.unit;
    const v = compile(bindings.items[1] as Form, ctx.nonTail());
    const t = u.gensym("b");
    const bound = destructureExpr(bindings.items[0] as Form, t, ctx.nonTail());
    const thenForms = isWhen ? f.items.slice(2) : [f.items[2] as Form];
    const then = compileBody(thenForms, ctx.withScopeOf(bound.ctx));
    const els = !isWhen && f.items[3] ? compile(f.items[3], ctx) : expr("null");
    const test = some ? `${t}!==null` : `tr(${t})`;
    return branch(u, `${v.s}const ${t}=${v.e};`, test, { s: bound.s + then.s, e: then.e }, els);
  };
}

function emitWhenFirst(f: CollForm, ctx: Ctx): Out {
  const bindings = f.items[1];
  if (bindings === undefined || bindings.t !== "vec" || bindings.items.length !== 2) {
    throw invalid(f, "when-first needs exactly one binding pair", "expected (when-first [x coll] body...)");
  }
  const u = ctx.unit;
  const v = compile(bindings.items[1] as Form, ctx.nonTail());
  const t = u.gensym("w");
  const bound = destructureExpr(bindings.items[0] as Form, `${t}[0]`, ctx.nonTail());
  const body = compileBody(f.items.slice(2), ctx.withScopeOf(bound.ctx));
  return branch(
    u,
    `${v.s}const ${t}=rt.seq(${v.e},"when-first");`,
    `${t}.length>0`,
    { s: bound.s + body.s, e: body.e },
    expr("null"),
  );
}

function emitLet(f: CollForm, ctx: Ctx): Out {
  const bindings = f.items[1];
  if (bindings === undefined || bindings.t !== "vec")
    throw invalid(f, "let needs a binding vector", "expected (let [name value ...] body...)");
  if (bindings.items.length % 2 !== 0) {
    throw invalid(
      bindings,
      "let needs an even number of forms in its binding vector",
      "each name needs a value: (let [a 1 b 2] ...)",
    );
  }
  let bctx = ctx.nonTail();
  let s = "";
  for (let i = 0; i < bindings.items.length; i += 2) {
    const o = compile(bindings.items[i + 1] as Form, bctx);
    const r = destructureExpr(bindings.items[i] as Form, o.e, bctx);
    s += o.s + r.s;
    bctx = r.ctx;
  }
  const body = compileBody(f.items.slice(2), ctx.withScopeOf(bctx));
  return { s: s + body.s, e: body.e };
}

function emitDef(once: boolean): Emitter {
  return (f, ctx) => {
    const name = f.items[1];
    const word = once ? "defonce" : "def";
    if (!isSym(name)) throw invalid(f, `${word} needs a symbol name`, `expected (${word} name value)`);
    if (f.items.length > 4) throw invalid(f, `too many parts in ${word}`, `expected (${word} name docstring? value)`);
    const valueForm = f.items.length === 4 ? f.items[3] : f.items[2];
    const u = ctx.unit;
    const slot = u.global(name.name);
    const v = valueForm === undefined ? expr("null") : compile(valueForm, ctx.nonTail());
    const assign = `${v.s}${u.setGlobal(slot, v.e)}`;
    const s = once ? `if(${u.globalUnset(slot)}){${assign}}` : assign;
    return { s, e: u.konst(new Var(name.name)) };
  };
}

function emitQuote(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 1, 1, "(quote form)");
  return expr(ctx.unit.konst(quoted(f.items[1] as Form)));
}

function emitDo(f: CollForm, ctx: Ctx): Out {
  return compileBody(f.items.slice(1), ctx);
}

function emitReturn(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 0, 1, "(return value)");
  const v = f.items[1] ? compile(f.items[1], ctx.nonTail()) : expr("null");
  return { s: `${v.s}throw new rt.ReturnSignal(${v.e});`, e: "null" };
}

function emitFail(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 0, 1, "(fail reason)");
  const v = f.items[1] ? compile(f.items[1], ctx.nonTail()) : expr("null");
  return { s: `${v.s}P=${ctx.unit.pos(f.pos)};rt.fail(${v.e});`, e: "null" };
}

/** `(task id expr)` without a journal just evaluates expr (spec §5.18). */
function emitTask(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 2, 2, '(task "id" expr)');
  const id = compile(f.items[1] as Form, ctx.nonTail());
  const body = compile(f.items[2] as Form, ctx.nonTail());
  return { s: discard(id) + body.s, e: body.e };
}

/** `(step-done id summary)` returns the summary (spec §5.19); `(task-reset id)` returns nil. */
function emitStepDone(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 2, 2, '(step-done "id" "summary")');
  const seq = sequence(ctx.unit, [
    compile(f.items[1] as Form, ctx.nonTail()),
    compile(f.items[2] as Form, ctx.nonTail()),
  ]);
  return { s: seq.s + discard(expr(seq.es[0] as string)), e: seq.es[1] as string };
}

function emitTaskReset(f: CollForm, ctx: Ctx): Out {
  expectArgs(f, 1, 1, '(task-reset "id")');
  return { s: discard(compile(f.items[1] as Form, ctx.nonTail())), e: "null" };
}

/** Every special form and built-in macro by name. */
export const SPECIAL_FORMS: ReadonlyMap<string, Emitter> = new Map<string, Emitter>([
  ["quote", emitQuote],
  ["if", emitIf],
  ["if-not", emitIfNot],
  ["when", emitWhen(false)],
  ["when-not", emitWhen(true)],
  ["cond", emitCond],
  ["case", emitCase],
  ["condp", emitCondp],
  ["if-let", emitConditionalBinding("if-let", false, false)],
  ["when-let", emitConditionalBinding("when-let", false, true)],
  ["if-some", emitConditionalBinding("if-some", true, false)],
  ["when-some", emitConditionalBinding("when-some", true, true)],
  ["when-first", emitWhenFirst],
  ["do", emitDo],
  ["let", emitLet],
  ["loop", emitLoop],
  ["recur", emitRecur],
  ["fn", emitFn],
  ["defn", emitDefn],
  ["def", emitDef(false)],
  ["defonce", emitDef(true)],
  ["for", emitFor],
  ["doseq", emitDoseq],
  ["and", emitAndOr(true)],
  ["or", emitAndOr(false)],
  ["return", emitReturn],
  ["fail", emitFail],
  ["comment", () => expr("null")],
  ["task", emitTask],
  ["step-done", emitStepDone],
  ["task-reset", emitTaskReset],
  ...THREADING_FORMS,
]);
