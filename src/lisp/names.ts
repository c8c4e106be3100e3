/**
 * The names a program can call, for tools that complete or list them (the REPL's Tab). Read from
 * the builtin table and the special-form list, so they never drift from what resolves.
 */

import { builtinTable } from "./builtins/index.ts";
import { SPECIAL_FORM_NAMES } from "./compiler/special-form-names.ts";

/** Callable names split by spelling: each builtin's own name (bare and namespaced) apart from its aliases. */
export interface CallableNames {
  /** Special forms, and every builtin under its canonical name, e.g. `upper-case`, `clojure.string/upper-case`. */
  readonly canonical: readonly string[];
  /** The other spellings of the same builtins, e.g. `upcase`, `clojure.string/upcase`. */
  readonly aliases: readonly string[];
}

let cached: CallableNames | null = null;

/** The part of a name after its namespace: `clojure.string/upper-case` → `upper-case` (`/` stays `/`). */
function member(name: string): string {
  const slash = name.indexOf("/");
  return slash <= 0 || slash === name.length - 1 ? name : name.slice(slash + 1);
}

/** Every callable name, sorted; computed once. */
export function callableNames(): CallableNames {
  if (cached !== null) return cached;
  const canonical = new Set<string>(SPECIAL_FORM_NAMES);
  const aliases = new Set<string>();
  for (const [name, def] of builtinTable()) {
    if (member(name) === member(def.name)) canonical.add(name);
    else aliases.add(name);
  }
  cached = { canonical: [...canonical].sort(), aliases: [...aliases].filter((n) => !canonical.has(n)).sort() };
  return cached;
}
