/**
 * REPL discovery (spec §9.7, aggregator-mode.md "REPL discovery from PTC-Lisp"): `dir`, `doc`,
 * `meta`, `apropos` over local builtins and, through the host, over configured upstream tools.
 *
 * - Known local refs win: `(doc map)`, `(dir clojure.string)`; anything else is an upstream ref,
 *   a server for `dir` and `server/tool` for `doc` and `meta`. A bare symbol argument is read as a
 *   name (`quoteRefs`), so `(doc fs/read_text_file)` needs no quote.
 * - `doc` prints and returns nil (DIV-51); `dir`, `meta` and `apropos` return data.
 * - World faults (upstream down, result over `--max-catalog-result-bytes`, discovery budget spent)
 *   give nil; programmer faults (unknown server or tool, bad options) raise.
 */

import { typeName } from "../access.ts";
import { SPECIAL_FORM_NAMES } from "../compiler/special-form-names.ts";
import { LispError } from "../errors.ts";
import { hasHost, hostCall } from "../host-calls.ts";
import { fromJson } from "../json.ts";
import { run } from "../runtime.ts";
import { Keyword, PMap, Sym, type Value, Vec } from "../values/index.ts";
import { arityText, type BuiltinDef, type BuiltinFamily, family } from "./registry.ts";

/** The whole builtin table, passed in by index.ts (which builds it from every family, this one included). */
let builtinTable: () => ReadonlyMap<string, BuiltinDef> = () => new Map();
import { hostResult, shown } from "./tools.ts";

/** The text of a reference: a symbol, string or keyword. */
function refText(x: Value, who: string): string {
  if (typeof x === "string" && x !== "") return x;
  if (x instanceof Sym) return x.full;
  if (x instanceof Keyword) return x.name;
  throw new LispError("type_error", `${who} expected a name such as map, 'fs or "fs/read_file", got ${typeName(x)}`);
}

/** Options map → validated numbers/booleans, raising for unknown keys and out-of-range values. */
function options(
  opts: Value | undefined,
  who: string,
  spec: Record<string, (v: Value) => boolean>,
  help: string,
): Map<string, Value> {
  const out = new Map<string, Value>();
  if (opts === undefined || opts === null) return out;
  if (!(opts instanceof PMap))
    throw new LispError("type_error", `${who} options must be a map, got ${typeName(opts)}`, null, help);
  for (const [k, v] of opts.entries()) {
    const name = k instanceof Keyword ? k.name : typeof k === "string" ? k : shown(k);
    const ok = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (ok === undefined)
      throw new LispError("runtime_error", `${who} does not take the option ${shown(k)}`, null, help);
    if (!ok(v)) throw new LispError("runtime_error", `${who} option :${name} is out of range: ${shown(v)}`, null, help);
    out.set(name, v);
  }
  return out;
}

const intIn = (lo: number, hi: number) => (v: Value) =>
  typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;

/** Splits `server/tool`; null when there is no slash. */
function upstreamRef(text: string): { server: string; tool: string } | null {
  const at = text.indexOf("/");
  if (at <= 0 || at === text.length - 1) return null;
  return { server: text.slice(0, at), tool: text.slice(at + 1) };
}

function unknownRef(who: string, text: string): LispError {
  return new LispError(
    "unknown_tool",
    `${who}: no function or upstream tool named ${text}`,
    null,
    "upstream tools are written server/tool; list a server's tools with (dir 'server) and search with (apropos \"words\")",
  );
}

/** The local namespace a ref names, or null (asks `ns-name`, which knows the aliases). */
function localNamespace(x: Value): string | null {
  const nsName = builtinTable().get("ns-name");
  if (nsName === undefined) return null;
  try {
    return nsName.fn(x) as string;
  } catch {
    return null;
  }
}

function print(text: string): void {
  const r = run();
  r.charge(text.length * 2 + 16);
  r.prints.push(text);
}

function doc(ref: Value): null {
  const text = refText(ref, "doc");
  const local = builtinTable().get(text);
  if (local !== undefined) {
    print(`${text}\n  ${local.doc}`);
    return null;
  }
  if (SPECIAL_FORM_NAMES.includes(text)) {
    print(`${text}\n  special form (PTC-Lisp specification, sections 5 and 6)`);
    return null;
  }
  const up = upstreamRef(text);
  if (up === null) throw unknownRef("doc", text);
  const result = hostResult(hostCall("catalog.doc", up, "doc"));
  if (typeof result === "string") print(result);
  return null;
}

function meta(ref: Value): Value {
  if (!(typeof ref === "string" || ref instanceof Sym || ref instanceof Keyword)) return null;
  const text = refText(ref, "meta");
  const local = builtinTable().get(text);
  if (local !== undefined) {
    return PMap.fromPairs([
      [Keyword.of("name"), local.name],
      [Keyword.of("arity"), arityText(local.arity)],
      [Keyword.of("doc"), local.doc],
    ]);
  }
  const up = upstreamRef(text);
  if (up === null) throw unknownRef("meta", text);
  return fromJson(hostResult(hostCall("catalog.meta", up, "meta")));
}

const DIR_HELP = "(dir ref) or (dir ref {:limit 1..200 :offset 0..})";

function dir(ref: Value, opts?: Value): Value {
  const o = options(opts, "dir", { limit: intIn(1, 200), offset: intIn(0, Number.MAX_SAFE_INTEGER) }, DIR_HELP);
  const limit = (o.get("limit") as number | undefined) ?? 50;
  const offset = (o.get("offset") as number | undefined) ?? 0;
  const ns = localNamespace(ref);
  if (ns !== null) {
    const publics = builtinTable().get("ns-publics")?.fn(ns) as PMap;
    const lines = publics
      .entries()
      .map(([name, m]) => `${String(name)} - ${String((m as PMap).get(Keyword.of("doc")) ?? "")}`)
      .sort();
    return Vec.of(lines.slice(offset, offset + limit));
  }
  const server = refText(ref, "dir");
  if (server.includes("/"))
    throw new LispError(
      "runtime_error",
      `dir lists a server's tools, got ${server}`,
      null,
      `use (doc '${server}) for one tool`,
    );
  const result = hostResult(hostCall("catalog.dir", { server, limit, offset }, "dir"));
  return result === null ? null : fromJson(result);
}

const APROPOS_HELP = '(apropos "words") or (apropos "words" {:limit 1..50 :load true|false})';

function apropos(query: Value, opts?: Value): Value {
  if (typeof query !== "string" || query.trim() === "") {
    throw new LispError(
      "type_error",
      `apropos expected a non-empty query string, got ${shown(query)}`,
      null,
      APROPOS_HELP,
    );
  }
  const o = options(opts, "apropos", { limit: intIn(1, 50), load: (v) => typeof v === "boolean" }, APROPOS_HELP);
  const limit = (o.get("limit") as number | undefined) ?? 8;
  const lines: string[] = [];
  if (hasHost()) {
    const result = hostResult(hostCall("catalog.apropos", { query, limit, load: o.get("load") === true }, "apropos"));
    if (Array.isArray(result)) for (const line of result) if (typeof line === "string") lines.push(line);
  }
  for (const line of localMatches(query)) {
    if (lines.length >= limit) break;
    lines.push(line);
  }
  return Vec.of(lines.slice(0, limit));
}

/** Local builtins whose name matches the query: exact, then prefix, then substring; doc matches last. */
function localMatches(query: string): string[] {
  const q = query.trim().toLowerCase();
  const scored: [number, string, BuiltinDef][] = [];
  const seen = new Set<BuiltinDef>();
  for (const [name, def] of builtinTable()) {
    if (seen.has(def) || (name.includes("/") && name !== def.name)) continue;
    const n = name.toLowerCase();
    const s = n === q ? 4 : n.startsWith(q) ? 3 : n.includes(q) ? 2 : def.doc.toLowerCase().includes(q) ? 1 : 0;
    if (s === 0) continue;
    seen.add(def);
    scored.push([s, name, def]);
  }
  scored.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  return scored.map(([, name, def]) => {
    const line = `${name} - ${def.doc}`;
    return line.length <= 120 ? line : `${line.slice(0, 119)}…`;
  });
}

const DEFS: BuiltinDef[] = [
  {
    name: "doc",
    arity: [1, 1],
    quoteRefs: true,
    doc: "(doc ref) — print the documentation of a function or an upstream tool (server/tool); returns nil",
    fn: doc,
  },
  {
    name: "meta",
    arity: [1, 1],
    quoteRefs: true,
    doc: "(meta ref) — metadata map of a function or an upstream tool (server/tool)",
    fn: meta,
  },
  {
    name: "dir",
    arity: [1, 2],
    quoteRefs: true,
    doc: "(dir ns-or-server) (dir ref {:limit n :offset n}) — member lines of a namespace or an upstream server",
    fn: dir,
  },
  {
    name: "apropos",
    arity: [1, 2],
    doc: '(apropos "words") (apropos "words" {:limit n :load bool}) — ranked matching upstream tools, then functions',
    fn: apropos,
  },
];

/** The discovery family. */
export function discoveryFamily(table: () => ReadonlyMap<string, BuiltinDef>): BuiltinFamily {
  builtinTable = table;
  return family("discovery", DEFS);
}
