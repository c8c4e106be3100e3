/**
 * Arity-specialised implementations the compiler calls instead of a variadic builtin when a call
 * site passes a fixed number of arguments, e.g. `(+ a b)` or `(< i n)`. Each one has a fast path for
 * plain JS numbers and otherwise defers to the builtin itself, so semantics are the builtin's.
 */

import { builtinTable } from "../builtins/index.ts";
import { add, intDivision, mul, sub } from "../builtins/num.ts";
import { equals, type Value } from "../values.ts";

type Fixed = (...args: Value[]) => Value;

function generic(name: string): Fixed {
  const def = builtinTable().get(name);
  if (def === undefined) throw new Error(`inline table names unknown builtin ${name}`);
  return def.fn;
}

function ordered(name: string, test: (a: number, b: number) => boolean): Fixed {
  const slow = generic(name);
  return (a, b) => (typeof a === "number" && typeof b === "number" ? test(a, b) : slow(a as Value, b as Value));
}

/** `(mod a b)` for two safe integers, floored like Clojure; anything else goes to the builtin. */
function mod2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number" && b !== 0 && Number.isInteger(a) && Number.isInteger(b)) {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r + 0;
  }
  return intDivision("mod", a, b);
}

let table: Map<string, Map<number, Fixed>> | null = null;

function build(): Map<string, Map<number, Fixed>> {
  const t = new Map<string, Map<number, Fixed>>();
  const put = (name: string, argc: number, f: Fixed): void => {
    let m = t.get(name);
    if (m === undefined) {
      m = new Map();
      t.set(name, m);
    }
    m.set(argc, f);
  };
  put("+", 2, (a, b) => add(a as Value, b as Value));
  put("-", 2, (a, b) => sub(a as Value, b as Value));
  put("*", 2, (a, b) => mul(a as Value, b as Value));
  put(
    "<",
    2,
    ordered("<", (a, b) => a < b),
  );
  put(
    ">",
    2,
    ordered(">", (a, b) => a > b),
  );
  put(
    "<=",
    2,
    ordered("<=", (a, b) => a <= b),
  );
  put(
    ">=",
    2,
    ordered(">=", (a, b) => a >= b),
  );
  put("=", 2, (a, b) => (typeof a === "number" && typeof b === "number" ? a === b : equals(a as Value, b as Value)));
  put("not=", 2, (a, b) =>
    typeof a === "number" && typeof b === "number" ? a !== b : !equals(a as Value, b as Value),
  );
  put("mod", 2, mod2 as Fixed);
  const zero = generic("zero?");
  put("zero?", 1, (x) => (typeof x === "number" ? x === 0 : zero(x as Value)));
  const pos = generic("pos?");
  put("pos?", 1, (x) => (typeof x === "number" ? x > 0 : pos(x as Value)));
  const neg = generic("neg?");
  put("neg?", 1, (x) => (typeof x === "number" ? x < 0 : neg(x as Value)));
  return t;
}

/** The specialised implementation of builtin `name` for `argc` arguments, if there is one. */
export function inlineFor(name: string, argc: number): Fixed | undefined {
  if (table === null) table = build();
  return table.get(name)?.get(argc);
}
