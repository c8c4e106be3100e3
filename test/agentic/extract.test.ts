import { describe, expect, it } from "bun:test";
import { extractProgram } from "../../src/agentic/index.ts";

describe("extractProgram", () => {
  it("takes a bare program as is", () => {
    expect(extractProgram("  (return 1)\n")).toEqual({ ok: true, program: "(return 1)" });
  });

  it("takes the body of one fenced block, with prose around it", () => {
    const reply = "Here you go:\n```clojure\n;; read it\n(return (+ 1 2))\n```\nDone.";
    expect(extractProgram(reply)).toEqual({ ok: true, program: ";; read it\n(return (+ 1 2))" });
  });

  it("keeps the body of a fence the reply never closed", () => {
    expect(extractProgram("```lisp\n(return 1)")).toEqual({ ok: true, program: "(return 1)" });
  });

  it("refuses two fenced blocks", () => {
    const r = extractProgram("```\n(def a 1)\n```\nand\n```\n(return a)\n```");
    expect(r).toEqual({ ok: false, reason: "the reply has 2 fenced code blocks; send exactly one program" });
  });

  it("refuses prose and empty blocks", () => {
    expect(extractProgram("I cannot do that.").ok).toBe(false);
    expect(extractProgram("```\n\n```").ok).toBe(false);
    expect(extractProgram(";; only a comment").ok).toBe(false);
  });
});
