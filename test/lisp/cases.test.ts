/**
 * Language cases as data (the mal/sci style): every `test/lisp/cases/*.clj` file is a list of
 * cases, each a form (one or more lines) followed by its expectation:
 *
 *     (+ 1 2)
 *     ;=> 3
 *     (if)
 *     ;!! invalid_arity 1:1
 *
 * `;=> text` is the printed value (`printValue`, as `lisp_eval` shows it); `;!! type line:col` is
 * the error type and the exact 1-based position the error carries. A `;;` line before a form
 * names the group the following cases belong to. Each form runs alone with the default limits.
 */

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, printValue } from "../../src/lisp/index.ts";

const DIR = join(import.meta.dir, "cases");

/** One case of a `.clj` file. */
export interface LangCase {
  readonly group: string;
  /** 1-based line of the form's first line in the file. */
  readonly line: number;
  readonly program: string;
  /** `=> printed` or `!! type line:col`, as written after the `;`. */
  readonly expected: string;
}

/** Parses a cases file; throws on a form with no expectation. */
export function parseCases(text: string, file = "?"): LangCase[] {
  const out: LangCase[] = [];
  let group = "";
  let pending: string[] = [];
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.startsWith(";=>") || line.startsWith(";!!")) {
      if (pending.length === 0) throw new Error(`${file}:${i + 1}: expectation without a form`);
      out.push({
        group,
        line: start,
        program: pending.join("\n"),
        expected: line.slice(1).replace(/^(=>|!!) ?/, "$1 "),
      });
      pending = [];
    } else if (pending.length === 0 && (line === "" || line.startsWith(";;"))) {
      if (line.startsWith(";;")) group = line.replace(/^;;\s?/, "");
    } else {
      if (pending.length === 0) start = i + 1;
      pending.push(raw);
    }
  });
  if (pending.length > 0) throw new Error(`${file}:${start}: form without an expectation`);
  return out;
}

/** What running `program` shows, in the notation of the expectation lines. */
export function outcomeOf(program: string): string {
  const r = evaluate(program);
  if (r.ok) return `=> ${printValue(r.value)}`;
  const e = r.error;
  return `!! ${e.code}${e.line === undefined ? "" : ` ${e.line}:${e.column ?? 1}`}`;
}

describe("the case-file format", () => {
  test("reads multi-line forms, groups and both expectation kinds", () => {
    const text = ";; sums\n(+ 1\n   2)\n;=> 3\n\n;; errors\n(if)\n;!! invalid_arity 1:1\n";
    expect(parseCases(text)).toEqual([
      { group: "sums", line: 2, program: "(+ 1\n   2)", expected: "=> 3" },
      { group: "errors", line: 7, program: "(if)", expected: "!! invalid_arity 1:1" },
    ]);
    expect(() => parseCases("(+ 1 2)\n")).toThrow(/form without an expectation/);
  });
});

for (const name of readdirSync(DIR)
  .filter((f) => f.endsWith(".clj"))
  .sort()) {
  describe(`cases/${name}`, () => {
    for (const c of parseCases(readFileSync(join(DIR, name), "utf8"), name)) {
      test(`${c.group}: line ${c.line}: ${c.program.replace(/\s+/g, " ").slice(0, 80)}`, () => {
        expect(outcomeOf(c.program)).toBe(c.expected);
      });
    }
  });
}
