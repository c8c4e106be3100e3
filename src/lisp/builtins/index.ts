/**
 * All builtin families and the name → definition table the compiler resolves against. Besides
 * each definition's own name and aliases, every core name is reachable as `clojure.core/x` and
 * `core/x`, the string helpers as `clojure.string/x`, `str/x` and `string/x`, and the set helpers
 * as `clojure.set/x` and `set/x`, and the regex helpers as `regex/x` (spec §9.8).
 */

import { AGGREGATE } from "./aggregate.ts";
import { BITS } from "./bits.ts";
import { COLLS } from "./colls.ts";
import { COMPARE } from "./compare.ts";
import { FNS } from "./fns.ts";
import { FORMAT } from "./format.ts";
import { INTEROP_STRING } from "./interop-string.ts";
import { INTEROP_TIME } from "./interop-time.ts";
import { JSON_TEXT } from "./json-text.ts";
import { MAPS } from "./maps.ts";
import { NUMBERS } from "./numbers.ts";
import { PARSE } from "./parse.ts";
import { PREDICATES } from "./predicates.ts";
import { REGEX, REGEX_NAMES } from "./regex.ts";
import type { BuiltinDef, BuiltinFamily } from "./registry.ts";
import { SEQS } from "./seqs.ts";
import { CLOJURE_SET_NAMES, SETS } from "./sets.ts";
import { DESCRIBE } from "./describe.ts";
import { discoveryFamily } from "./discovery.ts";
import { namespaceFamily } from "./namespaces.ts";
import { CLOJURE_STRING_NAMES, STRINGS } from "./strings.ts";
import { SUBSEQS } from "./subseqs.ts";
import { TOOLS } from "./tools.ts";
import { WALK } from "./walk.ts";

/** Every builtin family, in documentation order. */
export const BUILTIN_FAMILIES: BuiltinFamily[] = [
  NUMBERS,
  BITS,
  COMPARE,
  PREDICATES,
  SEQS,
  SUBSEQS,
  COLLS,
  MAPS,
  AGGREGATE,
  STRINGS,
  REGEX,
  JSON_TEXT,
  PARSE,
  INTEROP_STRING,
  INTEROP_TIME,
  DESCRIBE,
  namespaceFamily(builtinTable),
  FORMAT,
  SETS,
  FNS,
  WALK,
  TOOLS,
  discoveryFamily(builtinTable),
];

const CORE_NAMESPACES = ["clojure.core/", "core/"];
const STRING_NAMESPACES = ["clojure.string/", "str/", "string/"];
const SET_NAMESPACES = ["clojure.set/", "set/"];
const REGEX_NAMESPACES = ["regex/"];
/** Set-related names the spec lists under the set namespaces (§9.8), besides the set family. */
const SET_NS_EXTRA = ["set", "set?", "vec", "vector", "contains?", "disj", "hash-set"];

let table: Map<string, BuiltinDef> | null = null;

/**
 * Name (or alias, or namespaced spelling) → definition. Built once; throws at build time if two
 * definitions claim the same name, so a clash is caught by any test rather than shadowing silently.
 */
export function builtinTable(): Map<string, BuiltinDef> {
  if (table !== null) return table;
  const t = new Map<string, BuiltinDef>();
  const put = (name: string, def: BuiltinDef): void => {
    const prev = t.get(name);
    if (prev !== undefined && prev !== def)
      throw new Error(`builtin name clash: ${name} (${prev.name} and ${def.name})`);
    t.set(name, def);
  };
  for (const fam of BUILTIN_FAMILIES) {
    for (const def of fam.defs) {
      put(def.name, def);
      for (const a of def.aliases ?? []) put(a, def);
    }
  }
  const qualified: [string, BuiltinDef][] = [];
  for (const [name, def] of t) {
    if (name.includes("/") && name !== "/") continue;
    for (const ns of CORE_NAMESPACES) qualified.push([ns + name, def]);
  }
  const alias = (names: readonly string[], namespaces: readonly string[]): void => {
    for (const name of names) {
      const def = t.get(name);
      if (def !== undefined) for (const ns of namespaces) qualified.push([ns + name, def]);
    }
  };
  alias([...CLOJURE_STRING_NAMES, "format"], STRING_NAMESPACES);
  alias([...CLOJURE_SET_NAMES, ...SET_NS_EXTRA], SET_NAMESPACES);
  alias([...REGEX_NAMES, "regex?"], REGEX_NAMESPACES);
  for (const [name, def] of qualified) if (!t.has(name)) t.set(name, def);
  table = t;
  return t;
}
