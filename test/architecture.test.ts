/**
 * Keeps the dependency arrows of STYLE.md pointing one way by scanning every import in src/:
 *
 * - `src/lisp/**` imports only files inside `src/lisp/` (no npm packages, no `bun:*`, no `node:*`),
 *   except the pure-computation regex engine `re2js`, and only from the one file that wraps it
 *   (docs/decisions/0005-regex-engine.md);
 * - layers `cli → transports → agentic → mcp → sandbox → lisp`: a layer never imports one above it
 *   (`agentic`, the `lisp_task` planner, uses the server core, the sandbox and the upstream
 *   catalog; the core reaches it only through the `ExtraTool` seam the composition root fills);
 * - `src/config`, `src/store`, `src/auth` import none of cli, transports, mcp, sandbox;
 * - only `src/store/**` imports `bun:sqlite`;
 * - `src/viewer` (the trace web UI) reads only config, store and auth besides itself;
 * - a file reaches another folder of src/ only through that folder's `index.ts` (its public surface);
 * - `src/upstream` imports no other folder of src/ but `src/config`, and the host protocol's types
 *   (`import type` from `src/lisp/index.ts`: the `HostOps` map it serves);
 * - no import cycles (Tarjan's strongly connected components over every relative import, `import
 *   type` included, since a type loop is a design loop too); the one allowed loop is listed in
 *   {@link TYPE_LOOPS_ALLOWED} with its reason;
 * - no file in src/ is longer than 600 lines.
 *
 * The scanner is a pure function over `{path: source}` so its own tests can feed it violations.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
const MAX_LINES = 600;
/** The single package src/lisp may use, and the only file allowed to import it. */
const LISP_PACKAGE = { specifier: "re2js", from: "src/lisp/builtins/regex-engine.ts" } as const;

/** Layers of the one-way chain, highest first; a file may import its own layer or lower ones. */
const CHAIN = ["cli", "transports", "agentic", "mcp", "sandbox", "lisp"] as const;
/** Shared services used from above: they may not import any chain layer above lisp. */
const SERVICES = ["config", "store", "auth"] as const;

/** What the viewer may import besides itself: it reads traces and token names, nothing else. */
const VIEWER_READS = ["viewer", "config", "store", "auth"];

/**
 * Type-only edges allowed to close a loop: `from → to`. The value model is one mutually recursive
 * type (a map holds values, a value may be a map); pmap.ts sees values/index.ts only as types and gets
 * its key hashing passed in at load time (by values/equality.ts), so no runtime import loop exists.
 */
const TYPE_LOOPS_ALLOWED: ReadonlyArray<readonly [string, string]> = [["src/lisp/pmap.ts", "src/lisp/values/index.ts"]];

/** One import found in a source file. */
interface Import {
  from: string;
  specifier: string;
  /** Repository-relative path (posix) of the imported file, or null for a package/host module. */
  target: string | null;
  /** `import type` / `export type`: erased at build time. */
  typeOnly: boolean;
}

/** One broken rule. */
interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Removes comments but keeps string and template literal contents, so specifiers survive. */
function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  // import x from "m"; import { a, b } from "m"; import type T from "m"; export { a } from "m"; export * from "m"
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*(["'])([^"']+)\1/g,
  // import "m";
  /(?:^|[\n;])\s*import\s*(["'])([^"'\n]+)\1/g,
  // import("m"), require("m")
  /\b(?:import|require)\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g,
];

/** Every module specifier `source` imports or re-exports. */
function specifiersOf(source: string): string[] {
  const code = stripComments(source);
  const found = new Set<string>();
  for (const re of IMPORT_PATTERNS) for (const m of code.matchAll(re)) found.add(m[2] as string);
  return [...found];
}

/** Every module specifier `source` imports, each marked whether it is erased (`import type`, `export type`). */
function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const code = stripComments(source);
  const found = new Map<string, boolean>();
  for (const re of IMPORT_PATTERNS) {
    for (const m of code.matchAll(re)) {
      const typeOnly = /^(?:import|export)\s+type\b/.test(m[0].trimStart().replace(/^;/, "").trimStart());
      const spec = m[2] as string;
      found.set(spec, (found.get(spec) ?? true) && typeOnly);
    }
  }
  return [...found].map(([specifier, typeOnly]) => ({ specifier, typeOnly }));
}

/** Resolves a relative specifier from `file` to a repository path among `known` files. */
function resolve(file: string, specifier: string, known: ReadonlySet<string>): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = posix.normalize(posix.join(posix.dirname(file), specifier));
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => known.has(c)) ?? (base.endsWith(".ts") ? base : `${base}.ts`);
}

/** The top-level folder under src/ that a path belongs to (`src/mcp/x.ts` → `mcp`), or null. */
function areaOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? (m[1] as string) : null;
}

/** Checks every import of every file against the rules; returns what is broken. */
function findViolations(files: ReadonlyMap<string, string>): Violation[] {
  const known = new Set(files.keys());
  const out: Violation[] = [];
  for (const [file, source] of files) {
    const area = areaOf(file);
    for (const { specifier, typeOnly } of importsOf(source)) {
      const imp: Import = { from: file, specifier, target: resolve(file, specifier, known), typeOnly };
      for (const rule of brokenRules(area, imp, known)) out.push({ file, specifier, rule });
    }
  }
  return out;
}

function brokenRules(area: string | null, imp: Import, known: ReadonlySet<string>): string[] {
  const broken: string[] = [];
  const targetArea = imp.target === null ? null : areaOf(imp.target);
  if (area === "lisp") {
    const allowed = imp.specifier === LISP_PACKAGE.specifier && imp.from === LISP_PACKAGE.from;
    if (imp.target === null) {
      if (!allowed) broken.push("src/lisp imports no packages or host modules");
    } else if (targetArea !== "lisp") broken.push("src/lisp imports only files inside src/lisp");
  }
  const from = CHAIN.indexOf(area as (typeof CHAIN)[number]);
  const to = CHAIN.indexOf(targetArea as (typeof CHAIN)[number]);
  if (from !== -1 && to !== -1 && to < from)
    broken.push(`src/${area} must not import the higher layer src/${targetArea}`);
  if (SERVICES.includes(area as (typeof SERVICES)[number]) && to !== -1 && targetArea !== "lisp") {
    broken.push(`src/${area} must not import src/${targetArea}`);
  }
  if (imp.specifier === "bun:sqlite" && area !== "store") broken.push("only src/store imports bun:sqlite");
  if (area === "viewer" && targetArea !== null && !VIEWER_READS.includes(targetArea))
    broken.push(`src/viewer must not import src/${targetArea}`);
  const index = `src/${targetArea}/index.ts`;
  if (area !== null && targetArea !== null && targetArea !== area && known.has(index) && imp.target !== index) {
    broken.push(`src/${area} reaches src/${targetArea} only through ${index}`);
  }
  const hostTypes = targetArea === "lisp" && imp.typeOnly;
  if (area === "upstream" && targetArea !== null && targetArea !== area && targetArea !== "config" && !hostTypes) {
    broken.push("src/upstream imports no folder of src/ but src/config");
  }
  return broken;
}

/** The relative-import graph of `files`: file → files it imports (type edges in {@link TYPE_LOOPS_ALLOWED} left out). */
function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const known = new Set(files.keys());
  const allowed = new Set(TYPE_LOOPS_ALLOWED.map(([a, b]) => `${a} ${b}`));
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const targets: string[] = [];
    for (const { specifier, typeOnly } of importsOf(source)) {
      const target = resolve(file, specifier, known);
      if (target === null || !known.has(target)) continue;
      if (typeOnly && allowed.has(`${file} ${target}`)) continue;
      targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Import cycles: Tarjan's strongly connected components of more than one file (or a file importing itself), each sorted. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** All `.ts` files under `dir`, as repository-relative posix paths. */
function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith(".ts")) out.push(relative(ROOT, full).split("\\").join("/"));
  }
  return out;
}

function loadSrc(): Map<string, string> {
  return new Map(listTs(join(ROOT, "src")).map((p) => [p, readFileSync(join(ROOT, p), "utf8")]));
}

const fake = (entries: Record<string, string>) => new Map(Object.entries(entries));
const rulesFor = (entries: Record<string, string>) => findViolations(fake(entries)).map((v) => `${v.file}: ${v.rule}`);

describe("architecture: the scanner", () => {
  test("reads every import and re-export form, ignoring comments", () => {
    const src = [
      'import a from "./a.ts";',
      "import { b,\n  c } from './b.ts';",
      'import type { T } from "./t.ts";',
      'import * as ns from "ns-pkg";',
      'import "./side-effect.ts";',
      'export { d } from "./d.ts";',
      'export * from "./e.ts";',
      'const f = await import("./f.ts");',
      '// import x from "./commented.ts";',
      '/* import y from "./block-commented.ts"; */',
      'const url = "http://example.com/x"; // a string with slashes',
    ].join("\n");
    expect(specifiersOf(src).sort()).toEqual(
      ["./a.ts", "./b.ts", "./t.ts", "ns-pkg", "./side-effect.ts", "./d.ts", "./e.ts", "./f.ts"].sort(),
    );
  });

  test("reports the viewer reaching into the server", () => {
    expect(rulesFor({ "src/viewer/a.ts": 'import { x } from "../mcp/server.ts";', "src/mcp/server.ts": "" })).toEqual([
      "src/viewer/a.ts: src/viewer must not import src/mcp",
    ]);
  });

  test("reports lisp importing another layer, a package or a host module", () => {
    expect(
      rulesFor({ "src/lisp/eval.ts": 'import { x } from "../mcp/server.ts";', "src/mcp/server.ts": "" }),
    ).toContain("src/lisp/eval.ts: src/lisp imports only files inside src/lisp");
    expect(rulesFor({ "src/lisp/a.ts": 'import * as v from "valibot";' })).toHaveLength(1);
    expect(rulesFor({ "src/lisp/a.ts": 'import { readFileSync } from "node:fs";' })).toHaveLength(1);
    expect(rulesFor({ "src/lisp/a.ts": 'import { file } from "bun";' })).toHaveLength(1);
    expect(rulesFor({ "src/lisp/a.ts": 'import { b } from "./b.ts";', "src/lisp/b.ts": "" })).toEqual([]);
    expect(rulesFor({ "src/lisp/builtins/regex-engine.ts": 'import { RE2JS } from "re2js";' })).toEqual([]);
    expect(rulesFor({ "src/lisp/builtins/regex.ts": 'import { RE2JS } from "re2js";' })).toHaveLength(1);
  });

  test("reports a lower layer importing a higher one", () => {
    expect(rulesFor({ "src/mcp/server.ts": 'import { h } from "../transports/http/app.ts";' })).toEqual([
      "src/mcp/server.ts: src/mcp must not import the higher layer src/transports",
    ]);
    expect(rulesFor({ "src/sandbox/pool.ts": 'import type { Tool } from "../mcp/tools.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/transports/stdio.ts": 'import { main } from "../cli/start.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/cli/start.ts": 'import { serve } from "../transports/stdio.ts";' })).toEqual([]);
    expect(rulesFor({ "src/mcp/s.ts": 'import { evaluate } from "../lisp/index.ts";' })).toEqual([]);
    expect(rulesFor({ "src/mcp/server.ts": 'import { runTask } from "../agentic/index.ts";' })).toEqual([
      "src/mcp/server.ts: src/mcp must not import the higher layer src/agentic",
    ]);
    expect(rulesFor({ "src/agentic/loop.ts": 'import { serve } from "../transports/index.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/agentic/loop.ts": 'import { describeFault } from "../mcp/index.ts";' })).toEqual([]);
    expect(rulesFor({ "src/cli/start.ts": 'import { createAgentic } from "../agentic/index.ts";' })).toEqual([]);
  });

  test("reports config, store and auth importing the layers above them", () => {
    expect(rulesFor({ "src/store/db.ts": 'import { s } from "../mcp/server.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/config/load.ts": 'import { c } from "../cli/index.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/auth/jwt.ts": 'import { p } from "../sandbox/pool.ts";' })).toHaveLength(1);
    expect(rulesFor({ "src/auth/jwt.ts": 'import { jwtVerify } from "jose";' })).toEqual([]);
  });

  test("reports bun:sqlite outside src/store", () => {
    expect(rulesFor({ "src/mcp/sessions.ts": 'import { Database } from "bun:sqlite";' })).toEqual([
      "src/mcp/sessions.ts: only src/store imports bun:sqlite",
    ]);
    expect(rulesFor({ "src/store/db.ts": 'import { Database } from "bun:sqlite";' })).toEqual([]);
  });

  test("reports a deep import into another folder, which has an index.ts", () => {
    const files = { "src/upstream/index.ts": 'export { catalog } from "./catalog.ts";', "src/upstream/catalog.ts": "" };
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { catalog } from "../upstream/index.ts";' })).toEqual([]);
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { catalog } from "../upstream";' })).toEqual([]);
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { k } from "../upstream/catalog.ts";' })).toEqual([
      "src/mcp/a.ts: src/mcp reaches src/upstream only through src/upstream/index.ts",
    ]);
    expect(rulesFor({ ...files, "src/upstream/b.ts": 'import { catalog } from "./catalog.ts";' })).toEqual([]);
  });

  test("reports upstream importing any folder but config", () => {
    const files = { "src/config/index.ts": "", "src/auth/index.ts": "" };
    expect(rulesFor({ ...files, "src/upstream/a.ts": 'import { c } from "../config/index.ts";' })).toEqual([]);
    expect(rulesFor({ ...files, "src/upstream/a.ts": 'import { t } from "../auth/index.ts";' })).toEqual([
      "src/upstream/a.ts: src/upstream imports no folder of src/ but src/config",
    ]);
    const lisp = { "src/lisp/index.ts": "" };
    expect(rulesFor({ ...lisp, "src/upstream/a.ts": 'import type { HostOps } from "../lisp/index.ts";' })).toEqual([]);
    expect(rulesFor({ ...lisp, "src/upstream/a.ts": 'import { evaluate } from "../lisp/index.ts";' })).toHaveLength(1);
  });

  test("finds import cycles, type-only imports included", () => {
    const cyclesOf = (entries: Record<string, string>) => findCycles(importGraph(fake(entries)));
    expect(
      cyclesOf({
        "src/a.ts": 'import { b } from "./b.ts";',
        "src/b.ts": 'import { c } from "./c.ts";',
        "src/c.ts": "",
      }),
    ).toEqual([]);
    expect(
      cyclesOf({
        "src/a.ts": 'import { b } from "./b.ts";',
        "src/b.ts": 'import type { C } from "./c.ts";',
        "src/c.ts": 'export * from "./a.ts";',
        "src/d.ts": 'import { a } from "./a.ts";',
      }),
    ).toEqual([["src/a.ts", "src/b.ts", "src/c.ts"]]);
    expect(cyclesOf({ "src/self.ts": 'import { x } from "./self.ts";' })).toEqual([["src/self.ts"]]);
    expect(
      cyclesOf({
        "src/lisp/pmap.ts": 'import type { Value } from "./values/index.ts";',
        "src/lisp/values/index.ts": 'export { PMap } from "../pmap.ts";',
      }),
    ).toEqual([]);
    expect(
      cyclesOf({
        "src/lisp/pmap.ts": 'import { kw } from "./values/index.ts";',
        "src/lisp/values/index.ts": 'export { PMap } from "../pmap.ts";',
      }),
    ).toHaveLength(1);
  });
});

describe("architecture: src/", () => {
  const files = loadSrc();

  test("the scan sees the source tree", () => {
    expect(files.has("src/lisp/index.ts")).toBe(true);
  });

  test("every import points the allowed way", () => {
    expect(findViolations(files).map((v) => `${v.file} imports "${v.specifier}": ${v.rule}`)).toEqual([]);
  });

  test("no import cycles", () => {
    expect(findCycles(importGraph(files)).map((c) => c.join(" -> "))).toEqual([]);
  });

  test(`no file in src/ is longer than ${MAX_LINES} lines`, () => {
    const long = [...files]
      .map(([path, src]) => ({ path, lines: src.split("\n").length - (src.endsWith("\n") ? 1 : 0) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
