/**
 * Finds the program in a planner reply. The contract: the reply is PTC-Lisp source, optionally
 * inside one fenced code block (agentic-mode.md "Overview"). So:
 *
 * - one fenced block (any info string) → its body;
 * - no fence → the whole reply;
 * - two or more fenced blocks → no program (the planner is told to send one);
 * - source whose first form does not start with `(` after comments and blank lines → no program
 *   (prose such as "I cannot do that" is not run as a symbol lookup).
 */

/** A program, or why the reply holds none. */
export type Extracted =
  | { readonly ok: true; readonly program: string }
  | { readonly ok: false; readonly reason: string };

const FENCE = /^[ \t]*(```|~~~)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;

/** Extracts the program from `reply` (see the module notes for the rules). */
export function extractProgram(reply: string): Extracted {
  const blocks = [...reply.matchAll(FENCE)].map((m) => m[2] as string);
  if (blocks.length > 1)
    return { ok: false, reason: `the reply has ${blocks.length} fenced code blocks; send exactly one program` };
  const source = (blocks[0] ?? stripOpenFence(reply)).trim();
  if (source === "") return { ok: false, reason: "the reply holds no program" };
  const first = firstCode(source);
  if (first !== "(")
    return {
      ok: false,
      reason:
        "the reply is not a PTC-Lisp program (it must be code starting with a form such as (let ...) or (return ...))",
    };
  return { ok: true, program: source };
}

/** A reply cut off inside an unclosed fence keeps its body (the token-cap check reports the cut). */
function stripOpenFence(reply: string): string {
  const m = /^[ \t]*(```|~~~)[^\n]*\n([\s\S]*)$/m.exec(reply);
  return m ? (m[2] as string) : reply;
}

/** The first character that is not whitespace or inside a `;` comment, or "" when there is none. */
function firstCode(source: string): string {
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ";") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (/\s|,/.test(c)) i++;
    else return c;
  }
  return "";
}
