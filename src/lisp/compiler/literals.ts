/**
 * Compile-time values of forms: literals in generated code, constant folding, `quote`, and the
 * argument-count check special forms share. Nothing here compiles a sub-form.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { PMap, PSet, Sym, Var, Vec, type Value } from "../values/index.ts";
import { builtinNamed } from "./builtin-refs.ts";
import type { Ctx } from "./context.ts";

/** JS source for a literal value: plain numbers inline, everything else from the pool. */
export function literal(v: Value, ctx: Ctx): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0)) return v < 0 ? `(${v})` : String(v);
  return ctx.unit.konst(v);
}

/** The regex value of a `#"..."` literal, built by the `re-pattern` builtin. */
export function regexValue(source: string, f: Form): Value {
  const rePattern = builtinNamed("re-pattern");
  if (rePattern === undefined) throw new LispError("invalid_form", "regex literals are not supported yet", f.pos);
  try {
    return rePattern.fn(source);
  } catch (e) {
    if (e instanceof LispError) throw e.at(f.pos);
    throw e;
  }
}

/** The value of a form made only of literals (for constant folding and `quote`), else undefined. */
export function constantValue(f: Form): Value | undefined {
  switch (f.t) {
    case "lit":
      return f.v;
    case "vec":
    case "map":
    case "set": {
      const vs: Value[] = [];
      for (const x of f.items) {
        const v = constantValue(x);
        if (v === undefined) return undefined;
        vs.push(v);
      }
      if (f.t === "vec") return Vec.of(vs);
      if (f.t === "map") return PMap.fromFlat(vs);
      return PSet.from(vs);
    }
    default:
      return undefined;
  }
}

/** The data a quoted form denotes: symbols stay symbols, lists become vectors (DIV-25). */
export function quoted(f: Form): Value {
  switch (f.t) {
    case "lit":
      return f.v;
    case "sym":
      return new Sym(f.name, f.ns);
    case "regex":
      return regexValue(f.source, f);
    case "var":
      return new Var(f.name);
    case "list":
    case "vec":
      return Vec.of(f.items.map(quoted));
    case "map":
      return PMap.fromFlat(f.items.map(quoted));
    case "set":
      return PSet.from(f.items.map(quoted));
  }
}

/** Throws `invalid_form` unless `f` has between min and max items after the head. */
export function expectArgs(f: CollForm, min: number, max: number, usage: string): void {
  const n = f.items.length - 1;
  if (n < min || n > max) {
    const head = f.items[0];
    const name = head?.t === "sym" ? head.name : "form";
    throw new LispError("invalid_arity", `${name} got ${n} argument${n === 1 ? "" : "s"}, expected ${usage}`, f.pos);
  }
}
