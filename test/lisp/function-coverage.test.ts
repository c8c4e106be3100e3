import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { COVERAGE_PATH, renderCoverage } from "../../scripts/function-coverage.ts";

describe("docs/function-coverage.md", () => {
  const fresh = renderCoverage();

  test("is up to date with the registry and the tests (run `bun scripts/function-coverage.ts`)", () => {
    expect(readFileSync(COVERAGE_PATH, "utf8")).toBe(fresh);
  });

  test("leaves no reference name silently missing", () => {
    const rows = fresh.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.length).toBeGreaterThanOrEqual(324);
    expect(rows.filter((r) => r.split(" | ")[1] === "missing")).toEqual([]);
  });

  test("gives every rejected name a reason", () => {
    for (const row of fresh.split("\n").filter((l) => l.includes("| rejected")))
      expect(row).toMatch(/\| rejected: \S.{10,}/);
  });
});
