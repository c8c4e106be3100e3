/**
 * docs/divergences.md: every example in the table gives the answer the table states, so the list
 * of deliberate divergences from the reference cannot drift from the code.
 */

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, printValue } from "../../src/lisp/index.ts";

const doc = readFileSync(join(import.meta.dir, "..", "..", "docs", "divergences.md"), "utf8");
const ROW = /^\| [^|]+ \| .+ \| [^|]+ \| `(.+)` → (?:`(.+)`|error `(\w+)`) \|$/;
const rows = doc
  .split("\n")
  .map((line) => ROW.exec(line))
  .filter((m): m is RegExpExecArray => m !== null);

describe("docs/divergences.md examples", () => {
  test("the table has its rows", () => expect(rows.length).toBeGreaterThanOrEqual(30));
  for (const [, program, answer, error] of rows) {
    test(`${program} → ${answer ?? error}`, () => {
      const r = evaluate(program as string);
      if (error !== undefined) expect(r.ok ? "ok" : r.error.code).toBe(error);
      else expect(r.ok ? printValue(r.value) : r.error.describe()).toBe(answer as string);
    });
  }
});
