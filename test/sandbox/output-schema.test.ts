import { describe, expect, it } from "bun:test";
import { checkOutput, compileOutputSchema, describeIssues } from "../../src/sandbox/output-schema.ts";

describe("output_schema checks", () => {
  const schema = {
    type: "object",
    required: ["count", "sum"],
    additionalProperties: false,
    properties: {
      count: { type: "integer" },
      sum: { type: "number" },
      kind: { enum: ["a", "b"] },
      items: { type: "array", items: { type: "string" }, maxItems: 2 },
    },
  };

  it("finds nothing when the value matches", () => {
    expect(checkOutput(schema, { count: 2, sum: 1.5, items: ["x"] })).toEqual([]);
  });

  it("reports path, expectation and actual value for each leaf mismatch", () => {
    const issues = checkOutput(schema, { count: "3", kind: "c", items: ["a", 2, "c"], extra: true });
    expect(describeIssues(issues).split("\n")).toEqual([
      '- $: expected required property "sum", got missing',
      '- $.count: expected integer, got string "3"',
      '- $.kind: expected one of "a", "b", got string "c"',
      "- $.items: expected at most 2 items, got 3 items",
      "- $.items[1]: expected string, got integer 2",
      "- $.extra: expected no such property (additionalProperties is false), got boolean true",
    ]);
  });

  it("names odd keys in bracket notation", () => {
    const issues = checkOutput({ type: "object", properties: { "total $": { type: "number" } } }, { "total $": "1" });
    expect(issues[0]?.path).toBe('$["total $"]');
  });

  it("follows the draft named by $schema", () => {
    const draft4 = {
      $schema: "http://json-schema.org/draft-04/schema#",
      type: "number",
      maximum: 5,
      exclusiveMaximum: true,
    };
    expect(checkOutput(draft4, 5)).toHaveLength(1);
  });

  it("refuses a schema that points at a remote $ref instead of fetching it", () => {
    const compiled = compileOutputSchema({ $ref: "https://example.com/schema.json" });
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.reason).toContain("Unresolved $ref");
  });
});
