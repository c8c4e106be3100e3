/**
 * The `#(...)` short function literal (spec §2.3, DIV-17, GAP-C03). Inside it `%` and `%1` name
 * the first argument, `%2`... the following ones and `%&` the rest. The reader turns
 * `#(+ % %3)` into `(fn [%1__ %2__ %3__] (+ %1__ %3__))`: every index up to the highest one used
 * gets a parameter, so the arity matches what was written.
 *
 * A body that is one literal value rather than a call — `#(42)`, `#("x")`, `#([% %])`, `#(:k)` —
 * returns that value (spec §13.1: `#(42)` is a thunk for 42); Clojure would try to call it and
 * fail, so no working Clojure program changes meaning. A lone symbol is still called (GAP-S02:
 * `#(f)` is `(fn [] (f))`).
 *
 * Generated names end in `__` after a `%` token, a spelling the reader refuses inside `#()`, so a
 * body can never mention them by accident, and outside `#()` they cannot be in scope.
 */

import type { Pos } from "../errors.ts";
import type { CollForm, Form, SymForm } from "./forms.ts";

/** Highest positional parameter a short function literal may use (as in Clojure). */
export const MAX_FN_PARAMS = 20;

const generated = new WeakSet<Form>();

/** True for a form built by {@link FnLiteral.build}; each one is a fresh function value. */
export function isFnLiteral(f: Form): boolean {
  return generated.has(f);
}

/** Parameter bookkeeping for the one `#(` being read. */
export class FnLiteral {
  private max = 0;
  private rest = false;

  constructor(
    /** Position of the `#`. */
    readonly pos: Pos,
  ) {}

  /**
   * The generated symbol for a `%` token at `pos`, or an error message when the token is not a
   * valid parameter reference.
   */
  param(tok: string, pos: Pos): SymForm | string {
    if (tok === "%&") {
      this.rest = true;
      return sym("%&__", pos);
    }
    const n = tok === "%" ? 1 : /^%[1-9]\d*$/.test(tok) ? Number(tok.slice(1)) : 0;
    if (n === 0) return `invalid parameter "${tok}" inside #(): use %, %1 to %${MAX_FN_PARAMS}, or %&`;
    if (n > MAX_FN_PARAMS)
      return `parameter "${tok}" is too high: #() takes at most ${MAX_FN_PARAMS} positional parameters`;
    if (n > this.max) this.max = n;
    return sym(`%${n}__`, pos);
  }

  /**
   * Builds `(fn [params] (body...))`, or `(fn [params] value)` for a single literal value; the
   * body list sits at `bodyPos` (the `(`).
   */
  build(body: Form[], bodyPos: Pos): CollForm {
    const params: Form[] = [];
    for (let i = 1; i <= this.max; i++) params.push(sym(`%${i}__`, this.pos));
    if (this.rest) params.push(sym("&", this.pos), sym("%&__", this.pos));
    const form: CollForm = {
      t: "list",
      items: [sym("fn", this.pos), { t: "vec", items: params, pos: this.pos }, bodyForm(body, bodyPos)],
      pos: this.pos,
    };
    generated.add(form);
    return form;
  }
}

function bodyForm(body: Form[], pos: Pos): Form {
  const only = body.length === 1 ? (body[0] as Form) : null;
  if (only !== null && only.t !== "sym" && only.t !== "list") return only;
  return { t: "list", items: body, pos };
}

function sym(name: string, pos: Pos): SymForm {
  return { t: "sym", ns: null, name, pos };
}
