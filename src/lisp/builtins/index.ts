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
let own: Map<string, BuiltinDef> | null = null;

/**
 * Each definition's own name and aliases → definition. Built once; throws at build time if two
 * definitions claim the same name, so a clash is caught by any test rather than shadowing silently.
 */
function ownNames(): Map<string, BuiltinDef> {
  if (own !== null) return own;
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
  own = t;
  return t;
}

/**
 * The namespaced spellings beyond the definitions' own names: each namespace prefix with the
 * own names it qualifies (null: every own name without a namespace, and `/`). No two rules share
 * a prefix, so a spelling has at most one reading.
 */
let rules: Map<string, ReadonlySet<string> | null> | null = null;

function namespaceRules(): Map<string, ReadonlySet<string> | null> {
  if (rules !== null) return rules;
  const r = new Map<string, ReadonlySet<string> | null>();
  const add = (namespaces: readonly string[], names: ReadonlySet<string> | null) => {
    for (const ns of namespaces) r.set(ns, names);
  };
  add(CORE_NAMESPACES, null);
  add(STRING_NAMESPACES, new Set([...CLOJURE_STRING_NAMES, "format"]));
  add(SET_NAMESPACES, new Set([...CLOJURE_SET_NAMES, ...SET_NS_EXTRA]));
  add(REGEX_NAMESPACES, new Set([...REGEX_NAMES, "regex?"]));
  rules = r;
  return r;
}

/**
 * The definition `name` (a name, an alias, or a namespaced spelling) refers to: what
 * `builtinTable().get(name)` gives, without building the namespaced spellings of every builtin
 * (most of the table), which a first compile would otherwise pay for (decision 0037).
 */
export function builtinDef(name: string): BuiltinDef | undefined {
  const t = ownNames();
  const def = t.get(name);
  if (def !== undefined) return def;
  const slash = name.indexOf("/");
  if (slash <= 0) return undefined;
  const rule = namespaceRules().get(name.slice(0, slash + 1));
  if (rule === undefined) return undefined;
  const member = name.slice(slash + 1);
  if (rule === null ? member.includes("/") && member !== "/" : !rule.has(member)) return undefined;
  return t.get(member);
}

/**
 * Name (or alias, or namespaced spelling) → definition, every spelling listed (for tools that
 * list or complete names; a lookup is {@link builtinDef}). Built once; throws if two definitions
 * claim the same name.
 */
export function builtinTable(): Map<string, BuiltinDef> {
  if (table !== null) return table;
  const t = new Map(ownNames());
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
