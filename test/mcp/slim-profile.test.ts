import { describe, expect, it } from "bun:test";
import { describeFault, SLIM_MAX_PRINT_LINES, SLIM_MAX_TEXT_BYTES, slimRenderer } from "../../src/mcp/profiles/slim.ts";

const success = (text: string, prints: string[] = []) =>
  slimRenderer.success({ ok: true, text, prints, returned: false, durationMs: 0 });
const textAt = (r: { content: unknown[] }, i: number) => (r.content[i] as { text: string }).text;

describe("slim profile", () => {
  it("renders only the value when nothing was printed", () => {
    expect(success("[1 2]")).toEqual({ content: [{ type: "text", text: "[1 2]" }] });
  });

  it("keeps the first print lines and says how many were dropped when a program prints a lot", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const block = textAt(success("nil", lines), 1).split("\n");
    expect(block[0]).toBe("prints:");
    expect(block).toHaveLength(SLIM_MAX_PRINT_LINES + 2);
    expect(block.at(-1)).toBe("… 10 more line(s) not shown");
  });

  it("cuts the value and reports its size when it is larger than the text budget", () => {
    const big = "x".repeat(SLIM_MAX_TEXT_BYTES * 2);
    const text = textAt(success(big), 0);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SLIM_MAX_TEXT_BYTES);
    expect(text).toContain(`result truncated: ${big.length} bytes`);
  });

  it("never leaves half a character when it cuts multi-byte text", () => {
    const text = textAt(success("€".repeat(SLIM_MAX_TEXT_BYTES)), 0);
    expect(text).not.toContain("\uFFFD");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SLIM_MAX_TEXT_BYTES);
  });

  it("marks failures as errors and appends prints made before the failure", () => {
    const r = slimRenderer.failure({ code: "type_error", message: "+ expects numbers, got nil", line: 1, column: 1 }, [
      "step 1",
    ]);
    expect(r.isError).toBe(true);
    expect(textAt(r, 0)).toBe("type_error: + expects numbers, got nil (line 1, column 1)");
    expect(textAt(r, 1)).toBe("prints:\nstep 1");
  });

  it("omits the position when the fault has none", () => {
    expect(describeFault({ code: "args_error", message: "program: expected a string" })).toBe(
      "args_error: program: expected a string",
    );
  });
});
