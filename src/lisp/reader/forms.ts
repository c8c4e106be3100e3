/**
 * Source forms produced by the reader (spec §2–3) and consumed by the analyzer. Every form carries
 * the 1-based line and column of its first character so errors can point at it.
 *
 * Reader desugarings: `'x` → `(quote x)`; `#(...)` → `(fn [p1 ...] (...))` with `%`, `%n`, `%&`
 * replaced by generated parameter symbols; `#_form` is dropped; `#"re"` → a `regex` form.
 */

import type { Pos } from "../errors.ts";
import { Keyword, LFloat, type Value } from "../values/index.ts";

/** A literal that evaluates to itself: nil, booleans, numbers, strings, chars, keywords. */
export interface LitForm {
  t: "lit";
  v: Value;
  pos: Pos;
}

/** A symbol; `ns` is the part before `/` (`data/x` → ns "data", name "x"). `/` alone is name "/". */
export interface SymForm {
  t: "sym";
  ns: string | null;
  name: string;
  pos: Pos;
}

/** `( ... )`, `[ ... ]`, `{ ... }` (items alternate key, value), `#{ ... }`. */
export interface CollForm {
  t: "list" | "vec" | "map" | "set";
  items: Form[];
  pos: Pos;
}

/** `#"pattern"` — the source text between the quotes, escapes kept as written (Java style). */
export interface RegexForm {
  t: "regex";
  source: string;
  pos: Pos;
}

/** `#'name` */
export interface VarForm {
  t: "var";
  name: string;
  pos: Pos;
}

/** Any form. */
export type Form = LitForm | SymForm | CollForm | RegexForm | VarForm;

/** Renders a form back to compact source text, for error messages (`(sum-by :amount items)`). */
export function formToString(f: Form, max = 80): string {
  const s = render(f);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function render(f: Form): string {
  switch (f.t) {
    case "lit":
      return litText(f.v);
    case "sym":
      return f.ns === null ? f.name : `${f.ns}/${f.name}`;
    case "regex":
      return `#"${f.source}"`;
    case "var":
      return `#'${f.name}`;
    case "list":
      return `(${f.items.map(render).join(" ")})`;
    case "vec":
      return `[${f.items.map(render).join(" ")}]`;
    case "map":
      return `{${f.items.map(render).join(" ")}}`;
    case "set":
      return `#{${f.items.map(render).join(" ")}}`;
  }
}

function litText(v: Value): string {
  if (v === null) return "nil";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof LFloat) return `${v.v}.0`;
  return String(v);
}
