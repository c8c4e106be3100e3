/**
 * Test-only: the data a quoted literal form stands for, so reader output can be compared with
 * values using `equals` without the evaluator. Lists become vectors (vector = list, spec §3.7).
 */
import type { Form } from "../../src/lisp/reader/forms.ts";
import { readProgram } from "../../src/lisp/reader/index.ts";
import { LRegex, PMap, PSet, Sym, type Value, Var, Vec } from "../../src/lisp/values/index.ts";

/**
 * Converts a literal-only form (no evaluation) into the value it denotes. Like the compiler's
 * `quoted`, except that a regex literal is kept as written without compiling it, so property tests
 * can generate any pattern text.
 */
export function formToValue(f: Form): Value {
  switch (f.t) {
    case "lit":
      return f.v;
    case "sym":
      return new Sym(f.name, f.ns);
    case "regex":
      return new LRegex(f.source, null);
    case "var":
      return new Var(f.name);
    case "list":
    case "vec":
      return Vec.of(f.items.map(formToValue));
    case "map":
      return PMap.fromFlat(f.items.map(formToValue));
    case "set":
      return PSet.from(f.items.map(formToValue));
  }
}

/** Reads `src`, which must hold exactly one form, and returns the value it denotes. */
export function readValue(src: string): Value {
  const forms = readProgram(src);
  if (forms.length !== 1) throw new Error(`expected one form in ${JSON.stringify(src)}, got ${forms.length}`);
  return formToValue(forms[0] as Form);
}
