import { describe, expect, it } from "bun:test";
import { lispEvalDescription } from "../../src/mcp/tool-description.ts";
import { runNow } from "../../src/sandbox/in-process.ts";

const description = lispEvalDescription({ timeoutMs: 1000, loopLimit: 1000 });
const limits = { timeoutMs: 1000, loopLimit: 1000, memoryLimitBytes: 10 * 1024 * 1024 };

describe("lisp_eval description", () => {
  it("stays under 2 KB so listing the tool stays cheap", () => {
    expect(Buffer.byteLength(description)).toBeLessThan(2048);
  });

  it("quotes the configured limits when they differ from the defaults", () => {
    const custom = lispEvalDescription({ timeoutMs: 2500, loopLimit: 50 });
    expect(custom).toContain("2500 ms");
    expect(custom).toContain("at most 50 iterations");
  });

  const examples = description.split("\n").filter((line) => line.startsWith("("));
  const context = JSON.parse(/with context (\{.*\}):$/m.exec(description)?.[1] ?? "null");

  it("shows three examples with their context when read by a model", () => {
    expect(examples).toHaveLength(3);
    expect(context).not.toBeNull();
  });

  for (const program of examples) {
    it(`runs without error when the example ${program.slice(0, 40)}… is evaluated`, () => {
      const outcome = runNow({ program, context, limits });
      expect(outcome.ok ? "ok" : outcome.error).toBe("ok");
    });
  }
});
