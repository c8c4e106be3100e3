/**
 * Writes docs/function-coverage.md: for every name in the reference function list
 * (function-reference.md), whether this implementation has it — as a builtin (with its arities), a
 * special form or a named constant — or rejects it on purpose (with the reason), and which test
 * file exercises it most. Run with `bun scripts/function-coverage.ts` (`npm run coverage`).
 *
 * The reference lives outside the repository (`../shared/reference/ptc_runner/`, or the directory
 * in PTC_REFERENCE_DIR). Where it is absent (a fresh CI clone) the name list is read back from the
 * committed table, so the staleness test still checks every status, arity and test file.
 */

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { BUILTIN_FAMILIES, builtinTable } from "../src/lisp/builtins/index.ts";
import { arityText } from "../src/lisp/builtins/registry.ts";
import { CONSTANT_NAMES } from "../src/lisp/compiler/constants.ts";
import { SPECIAL_FORM_NAMES } from "../src/lisp/compiler/special-form-names.ts";

const ROOT = join(import.meta.dir, "..");
/** Where the generated table is committed. */
export const COVERAGE_PATH = join(ROOT, "docs/function-coverage.md");

/**
 * Names this build deliberately does not provide, with the reason shown in the table (for example
 * `"tool/servers": "needs aggregator mode"`). Empty today: every reference name resolves. A name
 * leaves this list by being registered, since a registered builtin always wins.
 */
const REJECTED: Record<string, string> = {};

/** One reference section and its names, in reference order. */
interface Section {
  title: string;
  names: string[];
}

/** Sections and names of the reference function list, or null when the file is not there. */
function referenceSections(): Section[] | null {
  const dir = process.env.PTC_REFERENCE_DIR ?? join(ROOT, "../shared/reference/ptc_runner");
  const file = join(dir, "function-reference.md");
  if (!existsSync(file)) return null;
  return sectionsOf(readFileSync(file, "utf8"));
}

/** Sections of a markdown text whose tables start rows with a back-quoted name. */
function sectionsOf(md: string): Section[] {
  const out: Section[] = [];
  for (const line of md.split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading !== null) out.push({ title: (heading[1] as string).trim(), names: [] });
    const row = /^\| `([^`]+)`/.exec(line);
    if (row !== null && out.length > 0) (out[out.length - 1] as Section).names.push(row[1] as string);
  }
  return out.filter((s) => s.names.length > 0);
}

/** The language test files (test/lisp/**: TypeScript tests and the .clj case files) with their text. */
function testFiles(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".test.ts") || e.name.endsWith(".clj"))
        out.push([relative(ROOT, full).split("\\").join("/"), readFileSync(full, "utf8")]);
    }
  };
  walk(join(ROOT, "test/lisp"));
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * The test file covering `name`: its family's own file (test/lisp/builtins/<family>.test.ts) when
 * that calls it, else the file with the most programs calling it (or, failing that, naming it);
 * "—" when no test mentions it.
 */
function coveringFile(name: string, files: readonly [string, string][], family: string | undefined): string {
  const esc = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const call = new RegExp(`\\(${esc}[\\s)]`, "g");
  const token = new RegExp(`(^|[\\s(\\[{'"])${esc}(?=[\\s)\\]}])`, "g");
  const own = files.find(([path]) => path === `test/lisp/builtins/${family}.test.ts`);
  if (own !== undefined && own[1].match(call) !== null) return own[0];
  for (const re of [call, token]) {
    let best = "";
    let most = 0;
    for (const [path, text] of files) {
      const n = text.match(re)?.length ?? 0;
      if (n > most) [best, most] = [path, n];
    }
    if (most > 0) return best;
  }
  return "—";
}

/** The markdown table for the given sections (the reference's, or those read back from the doc). */
export function renderCoverage(sections: readonly Section[] = referenceSections() ?? committedSections()): string {
  const table = builtinTable();
  const special = new Set(SPECIAL_FORM_NAMES);
  const constants = new Set(CONSTANT_NAMES);
  const files = testFiles();
  const familyOf = new Map(BUILTIN_FAMILIES.flatMap((f) => f.defs.map((d) => [d, f.family] as const)));
  const counts = { builtin: 0, special: 0, constant: 0, rejected: 0, missing: 0 };
  const body: string[] = [];
  for (const s of sections) {
    body.push(`\n## ${s.title}\n`, "| name | status | arities | test file |", "|---|---|---|---|");
    for (const name of s.names) {
      const def = table.get(name);
      let status: string;
      let arity = "";
      if (def !== undefined) {
        counts.builtin++;
        status = "implemented";
        arity = arityText(def.arity);
      } else if (special.has(name)) {
        counts.special++;
        status = "special form";
        arity = "form";
      } else if (constants.has(name)) {
        counts.constant++;
        status = "implemented (constant)";
        arity = "value";
      } else if (REJECTED[name] !== undefined) {
        counts.rejected++;
        status = `rejected: ${REJECTED[name]}`;
      } else {
        counts.missing++;
        status = "missing";
      }
      body.push(
        `| \`${name.replaceAll("|", "\\|")}\` | ${status} | ${arity} | ${coveringFile(name, files, def && familyOf.get(def))} |`,
      );
    }
  }
  const total = sections.reduce((n, s) => n + s.names.length, 0);
  const head = [
    "# Function coverage",
    "",
    "Generated by `bun scripts/function-coverage.ts` from the reference function list, the builtin registry, the special forms, the named constants and the test files; do not edit by hand (test/lisp/function-coverage.test.ts fails when it is stale).",
    "",
    `${total} reference names: ${counts.builtin} builtins, ${counts.special} special forms, ${counts.constant} constants implemented; ${counts.rejected} rejected with a reason; ${counts.missing} missing.`,
    "",
    "Arities: `2` exactly two arguments, `1-3` one to three, `0+` any number. Test file: the builtin family's own test file when it calls the name, else the test file with the most programs calling it.",
  ];
  return `${head.join("\n")}\n${body.join("\n")}\n`;
}

/** Sections read back from the committed table (used when the reference is not reachable). */
function committedSections(): Section[] {
  if (!existsSync(COVERAGE_PATH)) return [];
  const out: Section[] = [];
  for (const line of readFileSync(COVERAGE_PATH, "utf8").split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading !== null) out.push({ title: heading[1] as string, names: [] });
    const row = /^\| `((?:[^`\\]|\\.)+)` \|/.exec(line);
    if (row !== null && out.length > 0)
      (out[out.length - 1] as Section).names.push((row[1] as string).replaceAll("\\|", "|"));
  }
  return out;
}

if (import.meta.main) {
  const text = renderCoverage();
  writeFileSync(COVERAGE_PATH, text);
  console.log(text.split("\n")[4]);
}
