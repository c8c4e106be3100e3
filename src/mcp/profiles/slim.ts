/**
 * The `slim` response profile, the default: text only, sized for the model that reads it
 * (mcp-server-configuration.md "Response profiles" and "Client-facing output limits").
 *
 * Success: `content[0].text` is the readable value, e.g. `{"eu" 1250 "us" 980}`; if the program
 * printed, `content[1].text` is `prints:` followed by one line per `println`.
 * Failure: `isError: true`, `content[0].text` is `<type>: <message> (line L, column C)` plus a
 * `Hint:` line when there is one, then the prints block if any.
 * Limits: at most 20 print lines / 8 KiB of prints, and about 32 KiB of text in total; a longer
 * value is cut with a note telling the model how big it was.
 */

import type { TextContent } from "@modelcontextprotocol/server";
import { describeIssues } from "../../sandbox/index.ts";
import { OUTPUT_LIMITS, takeBytes } from "./limits.ts";
import type { ResponseRenderer, ToolFault } from "./types.ts";

/** Print lines kept in one response. */
export const SLIM_MAX_PRINT_LINES = 20;
/** Bytes of print output kept in one response. */
export const SLIM_MAX_PRINT_BYTES = 8 * 1024;
/** Approximate byte budget for all text in one response. */
export const SLIM_MAX_TEXT_BYTES = 32 * 1024;

/** The slim renderer. */
export const slimRenderer: ResponseRenderer = {
  profile: "slim",
  success(outcome) {
    const prints = printsBlock(outcome.prints);
    const budget = SLIM_MAX_TEXT_BYTES - byteLength(prints ?? "");
    return { content: blocks(clip(outcome.text, budget), prints) };
  },
  failure(fault, prints = []) {
    return { isError: true, content: blocks(feedbackText(fault), printsBlock(prints)) };
  },
};

/**
 * `type: message (line L, column C)` and an optional `Hint:` line — the same shape as
 * LispError.describe() — with one `- path: expected …, got …` line per `output_schema` mismatch.
 */
export function describeFault(fault: ToolFault): string {
  const where = fault.line === undefined ? "" : ` (line ${fault.line}, column ${fault.column ?? 1})`;
  const issues = fault.issues && fault.issues.length > 0 ? `\n${describeIssues(fault.issues)}` : "";
  const hint = fault.hint ? `\nHint: ${fault.hint}` : "";
  return `${fault.code}: ${fault.message}${where}${issues}${hint}`;
}

/** The fault description within the slim feedback cap (8 KiB). */
export function feedbackText(fault: ToolFault): string {
  return capFeedback(describeFault(fault));
}

/** `text` within the slim feedback cap (8 KiB), marked when cut. */
export function capFeedback(text: string): string {
  const kept = takeBytes(text, OUTPUT_LIMITS.slim.maxFeedbackBytes);
  return kept.cut ? `${kept.text}\n… [feedback truncated]` : kept.text;
}

function blocks(main: string, prints: string | undefined): TextContent[] {
  const out: TextContent[] = [{ type: "text", text: main }];
  if (prints !== undefined) out.push({ type: "text", text: prints });
  return out;
}

/** `prints:` + lines, capped by count and bytes; `undefined` when nothing was printed. */
function printsBlock(lines: readonly string[]): string | undefined {
  if (lines.length === 0) return undefined;
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    if (kept.length === SLIM_MAX_PRINT_LINES) break;
    const size = byteLength(line) + 1;
    if (bytes + size > SLIM_MAX_PRINT_BYTES) break;
    kept.push(line);
    bytes += size;
  }
  const dropped = lines.length - kept.length;
  if (dropped > 0) kept.push(`… ${dropped} more line(s) not shown`);
  return `prints:\n${kept.join("\n")}`;
}

/** Cuts `text` to about `budget` bytes, saying how long it was. */
function clip(text: string, budget: number): string {
  const size = byteLength(text);
  if (size <= budget) return text;
  const bytes = new TextEncoder().encode(text).subarray(0, Math.max(0, budget - 200));
  // A cut through a multi-byte character decodes to U+FFFD; drop it.
  const cut = new TextDecoder().decode(bytes).replace(/\uFFFD$/, "");
  return `${cut}\n… [result truncated: ${size} bytes in total; return less, e.g. (take 20 xs) or (count xs)]`;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
