/**
 * Issue #10, item 9: an upstream answer nested deeper than a program value may be becomes the
 * `response_too_large` world fault the program can branch on, instead of a stack overflow in the
 * redactor, the copy to the worker or the decoder.
 */

import { describe, expect, it } from "bun:test";
import { outcomeOfResult } from "../../src/upstream/results.ts";

const depth = 100_000;
const deepText = `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("deeply nested upstream answers", () => {
  it("turn JSON text into a tagged world fault", () => {
    expect(outcomeOfResult({ content: [{ type: "text", text: deepText }] }, deepText.length)).toEqual({
      ok: false,
      reason: "response_too_large",
      message: "the answer is nested more than 1000 levels deep",
      bytes: deepText.length,
    });
  });

  it("turn structured content into the same fault", () => {
    const outcome = outcomeOfResult({ structuredContent: { a: JSON.parse(deepText) } }, 10);
    expect(outcome).toMatchObject({ ok: false, reason: "response_too_large" });
  });

  it("keep answers of ordinary depth", () => {
    const text = `${"[".repeat(900)}1${"]".repeat(900)}`;
    expect(outcomeOfResult({ content: [{ type: "text", text }] }, text.length)).toMatchObject({
      ok: true,
      value: { value_kind: "json" },
    });
  });
});
