/**
 * Destructuring (spec §5.1): binds a pattern to a value, emitting `const` declarations.
 * Patterns: a symbol; a vector `[a [b c] & rest :as all]`; a map
 * `{:keys [a b] :strs [c] :or {a 1} :as m, x :x, [p q] :pair}`. Missing values bind nil; map
 * lookups use the flexible key rules of §7.5 and `:or` applies only when the key is absent.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form } from "../reader/forms.ts";
import { Keyword } from "../values/index.ts";
import { compile, type Ctx, isSym } from "./context.ts";
import { literal } from "./literals.ts";

/** Statements binding `pattern` to the identifier `src`, and the extended context. */
export function destructure(pattern: Form, src: string, ctx: Ctx): { s: string; ctx: Ctx } {
  if (pattern.t === "sym" && pattern.ns === null) {
    if (pattern.name === "&")
      throw new LispError("invalid_form", "& must be followed by one rest binding", pattern.pos);
    const [c, id] = ctx.bind(pattern.name);
    return { s: `const ${id}=${src};`, ctx: c };
  }
  if (pattern.t === "vec") return vectorPattern(pattern, src, ctx);
  if (pattern.t === "map") return mapPattern(pattern, src, ctx);
  throw new LispError(
    "unsupported_pattern",
    `cannot bind to ${pattern.t === "lit" ? "a literal" : pattern.t === "sym" ? "a namespaced symbol" : `a ${pattern.t}`}`,
    pattern.pos,
    "bindings must be symbols, [vector] patterns or {map} patterns",
  );
}

/** Binds `pattern` to an arbitrary expression by first saving it to a temporary. */
export function destructureExpr(pattern: Form, e: string, ctx: Ctx): { s: string; ctx: Ctx } {
  if (pattern.t === "sym" && pattern.ns === null) return destructure(pattern, e, ctx);
  const t = ctx.unit.gensym("d");
  const r = destructure(pattern, t, ctx);
  return { s: `const ${t}=${e};${r.s}`, ctx: r.ctx };
}

function vectorPattern(p: CollForm, src: string, ctx0: Ctx): { s: string; ctx: Ctx } {
  let ctx = ctx0;
  let s = `P=${ctx.unit.pos(p.pos)};`;
  const items = p.items;
  let index = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Form;
    if (isSym(item, "&")) {
      const rest = items[i + 1];
      if (rest === undefined)
        throw new LispError("invalid_form", "& in a binding vector needs a name after it", item.pos);
      const r = destructureExpr(rest, `rt.rest(${src},${index})`, ctx);
      s += r.s;
      ctx = r.ctx;
      i++;
      continue;
    }
    if (item.t === "lit" && item.v instanceof Keyword && item.v.name === "as") {
      const name = items[i + 1];
      if (!isSym(name))
        throw new LispError("invalid_form", ":as in a binding vector needs a symbol after it", item.pos);
      const r = destructure(name, src, ctx);
      s += r.s;
      ctx = r.ctx;
      i++;
      continue;
    }
    const r = destructureExpr(item, `rt.nth(${src},${index})`, ctx);
    s += r.s;
    ctx = r.ctx;
    index++;
  }
  return { s, ctx };
}

function mapPattern(p: CollForm, src: string, ctx0: Ctx): { s: string; ctx: Ctx } {
  const outer = ctx0.nonTail();
  let ctx = ctx0;
  let s = `P=${ctx.unit.pos(p.pos)};`;
  const items = p.items;
  const defaults = new Map<string, Form>();
  let asName: Form | undefined;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = items[i] as Form;
    const v = items[i + 1] as Form;
    if (k.t === "lit" && k.v instanceof Keyword && k.v.name === "or") {
      if (v.t !== "map") throw new LispError("invalid_form", ":or must be followed by a map of defaults", v.pos);
      for (let j = 0; j + 1 < v.items.length; j += 2) {
        const name = v.items[j] as Form;
        if (!isSym(name)) throw new LispError("invalid_form", ":or keys must be symbols", name.pos);
        defaults.set(name.name, v.items[j + 1] as Form);
      }
    }
  }
  const lookup = (pattern: Form, key: string, name: string | null): void => {
    const fetched = `rt.mget(${src},${key})`;
    const dflt = name === null ? undefined : defaults.get(name);
    let e: string;
    let pre = "";
    if (dflt === undefined) e = `(${fetched}??null)`;
    else {
      const d = compile(dflt, outer);
      const t = ctx.unit.gensym("m");
      pre = `let ${t}=${fetched};if(${t}===undefined){${d.s}${t}=${d.e};}`;
      e = t;
    }
    const r = destructureExpr(pattern, e, ctx);
    s += pre + r.s;
    ctx = r.ctx;
  };
  for (let i = 0; i < items.length; i += 2) {
    const k = items[i] as Form;
    const v = items[i + 1];
    if (v === undefined)
      throw new LispError("invalid_form", "map binding pattern needs an even number of forms", k.pos);
    if (k.t === "lit" && k.v instanceof Keyword) {
      const kind = k.v.name;
      if (kind === "or") continue;
      if (kind === "as") {
        asName = v;
        continue;
      }
      if (kind === "keys" || kind === "strs") {
        if (v.t !== "vec")
          throw new LispError("invalid_form", `:${kind} must be followed by a vector of symbols`, v.pos);
        for (const name of v.items) {
          if (!isSym(name)) throw new LispError("invalid_form", `:${kind} entries must be symbols`, name.pos);
          const key = kind === "keys" ? Keyword.of(name.name) : name.name;
          lookup(name, ctx.unit.konst(key), name.name);
        }
        continue;
      }
      if (kind === "syms")
        throw new LispError("unsupported_pattern", ":syms destructuring is not supported", k.pos, "use :keys or :strs");
    }
    // {pattern key}: bind `pattern` to the value at the literal key.
    if (v.t !== "lit")
      throw new LispError("invalid_form", 'map binding keys must be literals such as :name or "name"', v.pos);
    lookup(k, literal(v.v, ctx), isSym(k) ? k.name : null);
  }
  if (asName !== undefined) {
    if (!isSym(asName)) throw new LispError("invalid_form", ":as must be followed by a symbol", asName.pos);
    const r = destructure(asName, src, ctx);
    s += r.s;
    ctx = r.ctx;
  }
  return { s, ctx };
}
