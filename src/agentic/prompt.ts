/**
 * The planner's prompts (agentic-mode.md "Overview", "Turns and write safety"). Turn 1 sends the
 * system prompt — operator prefix, role, completion rules, the language card, the capability
 * summary, the upstream catalog in `--catalog-mode`, operator suffix — and the task. Later turns
 * send the previous program's error. Pure functions; the caller scrubs secrets (the summary and
 * catalog are scrubbed at boot, feedback on every turn).
 */

/** What the system prompt is built from. */
export interface SystemPromptParts {
  /** The PTC-Lisp language reference (src/mcp/tool-description.ts `languageCard`). */
  readonly languageCard: string;
  /** The capability summary (generated or operator-written). */
  readonly summary: string;
  /** The upstream catalog in the configured catalog mode (inline tool lines, or how to discover them). */
  readonly catalog: string;
  readonly prefix: string;
  readonly suffix: string;
  /** Run budget of one program, in ms (`--program-timeout-ms`). */
  readonly programTimeoutMs: number;
  /** `--max-upstream-calls-per-program`. */
  readonly maxUpstreamCalls: number;
  /** `--agentic-max-result-bytes`. */
  readonly maxAnswerBytes: number;
  /** Planner turns in all (max + retry turns). */
  readonly turns: number;
}

/** The system prompt of every planner call of a process (it depends on boot-time facts only). */
export function systemPrompt(p: SystemPromptParts): string {
  const repair =
    p.turns > 1
      ? `- If the program fails to parse or run, or ends without return/fail, you get the error and may send a corrected whole program (${p.turns} turns in all). After a tool marked * (may write, or effect unknown) has been called, there is no further turn: finish with return or fail in that same program.`
      : "- You have one turn: the first program's outcome is final.";
  const sections = [
    p.prefix.trim(),
    `You are the planner of a PTC-Lisp server. You get a task in words and reply with one PTC-Lisp program, which the server runs in a sandbox that can call the upstream tools listed below. Reply with the program only: plain source, or one fenced code block. No prose.

Completion rules:
- End the program with (return value) once the task is done, or (fail "why") when it cannot be done. A program that ends any other way is an error.
- The returned value is the answer a person reads: prefer a string, or a small number, vector or map; at most ${p.maxAnswerBytes} bytes are kept.
- After each tool/call check (:ok r); on {:ok false :reason r :message m} fail with m or try another way. Never invent data a tool did not return.
- The task's constraints, if any, are the JSON object data/constraints.
- A run gets ${p.programTimeoutMs} ms and at most ${p.maxUpstreamCalls} upstream calls.
${repair}`,
    p.languageCard,
    `Capabilities:\n${p.summary}`,
    p.catalog,
    p.suffix.trim(),
  ];
  return sections.filter((s) => s !== "").join("\n\n");
}

/** The first user message: the task and its constraints. */
export function taskMessage(task: string, constraints: Readonly<Record<string, unknown>> | undefined): string {
  const c =
    constraints === undefined || Object.keys(constraints).length === 0
      ? ""
      : `\n\nConstraints (also readable as data/constraints): ${JSON.stringify(constraints)}`;
  return `Task: ${task}${c}`;
}

/** The user message of a retry turn: what went wrong with the previous program. */
export function feedbackMessage(turn: number, problem: string): string {
  return `The program of turn ${turn} did not complete the task:\n${problem}\n\nSend the whole corrected program, ending with (return ...) or (fail ...).`;
}
