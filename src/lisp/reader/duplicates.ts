/**
 * Literal duplicate keys (GAP-S147): a map literal with two structurally equal key forms, or a
 * set literal with two equal element forms, is a program-shape error raised at read time. Keys
 * that only collide once evaluated (`{:a 1 (keyword "a") 2}`) are left to the runtime (DIV-06).
 *
 * Form equality here is structural on the written forms: lists and vectors compare as ordered
 * sequences, maps and sets ignore element order, `0.0` equals `-0.0`, `1` differs from `1.0`.
 * Regex literals, `#()` literals and `##NaN` never equal anything, as each reads as a fresh value.
 */

import { LispError } from "../errors.ts";
import { canonical, LFloat } from "../values/index.ts";
import { isFnLiteral } from "./fn-literal.ts";
import { type CollForm, type Form, formToString } from "./forms.ts";

let fresh = 0;

/** Text equal for two forms exactly when they count as duplicates. */
function formKey(f: Form): string {
  switch (f.t) {
    case "lit": {
      const v = f.v;
      if (typeof v === "number" && Number.isNaN(v)) return `#fresh${fresh++}`;
      if (v instanceof LFloat && v.v === 0) return "f0.0";
      return canonical(v);
    }
    case "sym":
      return `'${f.ns === null ? f.name : `${f.ns}/${f.name}`}`;
    case "var":
      return `#'${f.name}`;
    case "regex":
      return `#fresh${fresh++}`;
    case "list":
    case "vec":
      if (isFnLiteral(f)) return `#fresh${fresh++}`;
      return `[${f.items.map(formKey).join(" ")}]`;
    case "set":
      return `#{${f.items.map(formKey).sort().join(" ")}}`;
    case "map": {
      const pairs: string[] = [];
      for (let i = 0; i + 1 < f.items.length; i += 2) {
        pairs.push(`${formKey(f.items[i] as Form)} ${formKey(f.items[i + 1] as Form)}`);
      }
      return `{${pairs.sort().join(",")}}`;
    }
  }
}

/**
 * Throws `invalid_form` at the second occurrence when a map literal repeats a key form or a set
 * literal repeats an element form. `m` must be a complete `map` (even item count) or `set` form.
 */
export function checkLiteralDuplicates(m: CollForm): void {
  const step = m.t === "map" ? 2 : 1;
  if (m.items.length < 2 * step) return;
  const seen = new Set<string>();
  for (let i = 0; i < m.items.length; i += step) {
    const k = m.items[i] as Form;
    const key = formKey(k);
    if (seen.has(key)) {
      const what = m.t === "map" ? "key" : "element";
      const lit = m.t === "map" ? "map" : "set";
      throw new LispError(
        "invalid_form",
        `duplicate ${what} ${formToString(k, 40)} in ${lit} literal: each ${what} may appear only once`,
        k.pos,
      );
    }
    seen.add(key);
  }
}
