/**
 * Keeps the dependency arrows of STYLE.md pointing one way by scanning every import in src/:
 *
 * - `src/lisp/**` imports only files inside `src/lisp/` (no npm packages, no `bun:*`, no `node:*`),
 *   except the pure-computation regex engine `re2js`, and only from the one file that wraps it
 *   (docs/decisions/0005-regex-engine.md);
 * - layers `cli → transports → mcp → sandbox → lisp`: a layer never imports one above it;
 * - `src/config`, `src/store`, `src/auth` import none of cli, transports, mcp, sandbox;
 * - only `src/store/**` imports `bun:sqlite`;
 * - `src/viewer` (the trace web UI) reads only config, store and auth besides itself;
 * - `src/mcp` and `src/sandbox` reach `src/upstream` only through `src/upstream/index.ts` or a
 *   file that index re-exports;
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
const CHAIN = ["cli", "transports", "mcp", "sandbox", "lisp"] as const;
/** Shared services used from above: they may not import any chain layer above lisp. */
const SERVICES = ["config", "store", "auth"] as const;

/** What the viewer may import besides itself: it reads traces and token names, nothing else. */
const VIEWER_READS = ["viewer", "config", "store", "auth"];

/** One import found in a source file. */
interface Import {
  from: string;
  specifier: string;
  /** Repository-relative path (posix) of the imported file, or null for a package/host module. */
  target: string | null;
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

/** Files `src/upstream/index.ts` re-exports (plus the index itself): the upstream's public surface. */
function upstreamSurface(files: ReadonlyMap<string, string>): Set<string> {
  const index = "src/upstream/index.ts";
  const src = files.get(index);
  const surface = new Set<string>();
  if (src === undefined) return surface;
  surface.add(index);
  const known = new Set(files.keys());
  const code = stripComments(src);
  for (const m of code.matchAll(/\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*(["'])([^"']+)\1/g)) {
    const target = resolve(index, m[2] as string, known);
    if (target) surface.add(target);
  }
  return surface;
}

/** Checks every import of every file against the rules; returns what is broken. */
function findViolations(files: ReadonlyMap<string, string>): Violation[] {
  const known = new Set(files.keys());
  const surface = upstreamSurface(files);
  const out: Violation[] = [];
  for (const [file, source] of files) {
    const area = areaOf(file);
    for (const specifier of specifiersOf(source)) {
      const imp: Import = { from: file, specifier, target: resolve(file, specifier, known) };
      for (const rule of brokenRules(area, imp, surface)) out.push({ file, specifier, rule });
    }
  }
  return out;
}

function brokenRules(area: string | null, imp: Import, surface: ReadonlySet<string>): string[] {
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
  if ((area === "mcp" || area === "sandbox") && targetArea === "upstream" && !surface.has(imp.target as string)) {
    broken.push(`src/${area} reaches src/upstream only through src/upstream/index.ts and what it re-exports`);
  }
  return broken;
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

  test("reports mcp reaching into upstream internals", () => {
    const files = {
      "src/upstream/index.ts": 'export { catalog } from "./catalog.ts";\nexport type { Client } from "./client.ts";',
      "src/upstream/catalog.ts": "",
      "src/upstream/client.ts": "",
      "src/upstream/secret.ts": "",
    };
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { catalog } from "../upstream/index.ts";' })).toEqual([]);
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { catalog } from "../upstream";' })).toEqual([]);
    expect(rulesFor({ ...files, "src/sandbox/a.ts": 'import type { Client } from "../upstream/client.ts";' })).toEqual(
      [],
    );
    expect(rulesFor({ ...files, "src/mcp/a.ts": 'import { k } from "../upstream/secret.ts";' })).toHaveLength(1);
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

  test(`no file in src/ is longer than ${MAX_LINES} lines`, () => {
    const long = [...files]
      .map(([path, src]) => ({ path, lines: src.split("\n").length - (src.endsWith("\n") ? 1 : 0) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
