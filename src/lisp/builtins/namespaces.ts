/**
 * Namespace discovery (spec §9.7) and budget introspection (§9.5): `all-ns`, `ns-name`,
 * `ns-publics`, `source`, `budget/remaining`.
 *
 * The namespaces are the curated Lisp-facing ones whose functions a program can call qualified:
 * `clojure.core`, `clojure.string`, `clojure.set`, `clojure.walk`, `regex`, `json`, `budget`
 * (their short aliases `core`, `str`, `string`, `set`, `walk` name the same namespaces). Java
 * classes are not namespaces here. Membership is read from the builtin table, so it never drifts
 * from what actually resolves. `ns-name`, `ns-publics` and `source` read a bare symbol argument as
 * a name (`(ns-publics clojure.string)`), like `'clojure.string` or `"clojure.string"`.
 *
 * There are no capability preludes in this server, so `source` always prints
 * "no source available" and returns nil. With no agent budget either, `budget/remaining` returns
 * `{}`, as the spec says for runs outside an agent loop.
 */

import { typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { Keyword, PMap, Sym, type Value, Vec } from "../values/index.ts";
import { arityText, type BuiltinDef, type BuiltinFamily, family } from "./registry.ts";

/** The whole builtin table, passed in by index.ts (which builds it from every family, this one included). */
let builtinTable: () => ReadonlyMap<string, BuiltinDef> = () => new Map();

/** Canonical namespace name → the prefix its members carry in the builtin table. */
const NAMESPACES: Record<string, string> = {
  budget: "budget/",
  "clojure.core": "clojure.core/",
  "clojure.set": "clojure.set/",
  "clojure.string": "clojure.string/",
  "clojure.walk": "clojure.walk/",
  json: "json/",
  regex: "regex/",
};

const ALIASES: Record<string, string> = {
  core: "clojure.core",
  str: "clojure.string",
  string: "clojure.string",
  set: "clojure.set",
  walk: "clojure.walk",
};

/** The text of a namespace reference: a symbol, string or keyword. */
function refText(x: Value, who: string): string {
  if (typeof x === "string") return x;
  if (x instanceof Sym) return x.full;
  if (x instanceof Keyword) return x.name;
  throw new LispError("type_error", `${who} expected a namespace name such as clojure.string, got ${typeName(x)}`);
}

/** The canonical name of a namespace reference; raises for an unknown one. */
function canonical(x: Value, who: string): string {
  const text = refText(x, who);
  const name = ALIASES[text] ?? text;
  if (NAMESPACES[name] !== undefined) return name;
  throw new LispError(
    "runtime_error",
    `${who}: no namespace named ${text}`,
    null,
    `known namespaces: ${Object.keys(NAMESPACES).join(" ")}; see (all-ns)`,
  );
}

/** Member name → definition for one namespace. */
function members(ns: string): Map<string, BuiltinDef> {
  const prefix = NAMESPACES[ns] as string;
  const out = new Map<string, BuiltinDef>();
  for (const [name, def] of builtinTable()) {
    const member = name.slice(prefix.length);
    // Java-style methods and constructors (`.indexOf`, `java.util.Date.`) belong to no namespace.
    if (name.startsWith(prefix) && !member.startsWith(".") && !member.endsWith(".")) out.set(member, def);
  }
  return out;
}

function allNs(): Vec {
  return Vec.of(
    Object.keys(NAMESPACES)
      .filter((ns) => members(ns).size > 0)
      .sort(),
  );
}

/** `(ns-publics ns)`: member name → `{:arity "1-2" :doc "(sig) — meaning"}`. */
function nsPublics(x: Value): PMap {
  const ns = canonical(x, "ns-publics");
  const entries: [Value, Value][] = [];
  for (const [name, def] of members(ns)) {
    entries.push([
      name,
      PMap.fromPairs([
        [Keyword.of("arity"), arityText(def.arity)],
        [Keyword.of("doc"), def.doc],
      ]),
    ]);
  }
  return PMap.fromPairs(entries);
}

function source(x: Value): null {
  refText(x, "source");
  const r = run();
  r.prints.push("no source available");
  r.charge(64);
  return null;
}

const DEFS: BuiltinDef[] = [
  {
    name: "all-ns",
    arity: [0, 0],
    doc: "(all-ns) — sorted names of the namespaces a program can call into",
    fn: allNs,
  },
  {
    name: "ns-name",
    arity: [1, 1],
    quoteRefs: true,
    doc: '(ns-name ns) — canonical name of a namespace (str → "clojure.string")',
    fn: (x) => canonical(x, "ns-name"),
  },
  {
    name: "ns-publics",
    arity: [1, 1],
    quoteRefs: true,
    doc: "(ns-publics ns) — map of each function name in ns to {:arity :doc}",
    fn: nsPublics,
  },
  {
    name: "source",
    arity: [1, 1],
    quoteRefs: true,
    doc: '(source ref) — prints the source of a prelude function; this server has no preludes, so prints "no source available"; returns nil',
    fn: source,
  },
  {
    name: "budget/remaining",
    arity: [0, 0],
    doc: "(budget/remaining) — remaining agent budget; {} outside an agent loop (always here)",
    fn: () => PMap.empty(),
  },
];

/** The namespace-discovery family. */
export function namespaceFamily(table: () => ReadonlyMap<string, BuiltinDef>): BuiltinFamily {
  builtinTable = table;
  return family("namespaces", DEFS);
}
