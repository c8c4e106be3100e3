import { describe, expect, it } from "bun:test";
import { builtinTable } from "../../src/lisp/builtins/index.ts";
import { lispEvalDescription } from "../../src/mcp/tool-description.ts";
import { runNow } from "../../src/sandbox/in-process.ts";

const description = lispEvalDescription({ timeoutMs: 1000, loopLimit: 1000 });
const limits = { timeoutMs: 1000, loopLimit: 1000, memoryLimitBytes: 10 * 1024 * 1024 };

describe("lisp_eval description", () => {
  // Budget: 3.5 KB, about 900 tokens paid on every session that lists the tool. It holds the
  // syntax primer (~1.8 KB) plus a one-line index per library family (~1.3 KB), enough for a model
  // to find the functions it needs without a discovery call first, with ~15% headroom.
  it("stays under 3.5 KB so listing the tool stays cheap", () => {
    expect(Buffer.byteLength(description)).toBeLessThan(3584);
  });

  it("names only functions that exist when it lists the library", () => {
    const library = description.slice(description.indexOf("\nLibrary"), description.indexOf("\nExamples"));
    const words = library.replace(/"[^"]*"/g, " ").split(/[\s();,]+/);
    const known = words.filter((w) => builtinTable().has(w));
    // Anything shaped like code (a hyphen, ?, /, * or a leading dot) must be a real name.
    const codeLike = words.filter((w) => /^[.a-z][\w.*/?!-]*$/i.test(w) && /[-?/*]|^\./.test(w) && w.length > 1);
    expect(codeLike.filter((w) => !builtinTable().has(w) && !w.startsWith("clojure."))).toEqual([]);
    expect(known.length).toBeGreaterThan(120);
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
