/**
 * Loop-invariant collections of `for`/`doseq`: in `(for [i (range 1000) j (range 1000)] ...)` the
 * inner `(range 1000)` is the same vector on every outer iteration. iteration.ts evaluates such a
 * binding once, the first time the loop reaches it, and reuses the elements afterwards. Evaluating
 * lazily at the original point keeps every observable effect: an error is raised where and when it
 * was before, and a collection the loop never reaches is never built. See
 * docs/decisions/0018-inline-scalar-ops.md.
 */

import type { Form } from "../reader/forms.ts";
import { builtinNamed } from "./builtin-refs.ts";
import type { Ctx } from "./context.ts";

/**
 * Builtins that only build a collection from their arguments: no call of a program function, no
 * output, no host call, and the same answer (or the same error) for the same arguments.
 */
const PURE_BUILDERS = new Set([
  "range",
  "repeat",
  "take",
  "drop",
  "vec",
  "vector",
  "list",
  "set",
  "keys",
  "vals",
  "reverse",
  "concat",
  "seq",
  "distinct",
  "into",
]);

/**
 * True when `f`, compiled in `inner` (a scope inside a loop that started in scope `outer`), is a
 * call of a {@link PURE_BUILDERS} builtin whose operands are literals, `data/` names, builtins,
 * locals bound outside the loop, or such calls and vectors of them — so its value cannot change
 * between iterations.
 */
export function invariantCall(f: Form, outer: Ctx, inner: Ctx): boolean {
  return f.t === "list" && invariant(f, outer, inner);
}

function invariant(f: Form, outer: Ctx, inner: Ctx): boolean {
  switch (f.t) {
    case "lit":
      return true;
    case "sym": {
      if (f.ns === "data") return true;
      if (f.ns !== null) return false;
      const id = inner.local(f.name);
      if (id !== null) return id === outer.local(f.name);
      return !isGlobal(f.name, inner) && builtinNamed(f.name) !== undefined;
    }
    case "vec":
      return f.items.every((x) => invariant(x, outer, inner));
    case "list": {
      const head = f.items[0];
      if (head?.t !== "sym" || head.ns !== null || inner.local(head.name) !== null || isGlobal(head.name, inner)) {
        return false;
      }
      const def = builtinNamed(head.name);
      if (def === undefined || !PURE_BUILDERS.has(def.name)) return false;
      return f.items.slice(1).every((x) => invariant(x, outer, inner));
    }
    default:
      return false;
  }
}

/** True when `name` is (or may become) a user global: `def`ed in this program or bound in the session. */
function isGlobal(name: string, ctx: Ctx): boolean {
  return ctx.unit.defined.has(name) || ctx.unit.inSession(name);
}
