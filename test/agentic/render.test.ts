/**
 * lisp_task results by response profile: what each profile carries, the answer cap and
 * --agentic-include-program.
 */

import { describe, expect, it } from "bun:test";
import { renderTask, type TaskOutcome } from "../../src/agentic/index.ts";

const outcome = (over: Partial<TaskOutcome> = {}): TaskOutcome => ({
  status: "ok",
  answer: "beta",
  program: '(return "beta")',
  upstreamCalls: [
    { server: "fs", tool: "read_text_file", status: "ok", duration_ms: 3, result_bytes: 20, oversize: false },
  ],
  turns: [{ turn: 1, outcome: "ok", upstream_calls: 1, effectful: false }],
  transcript: [],
  planner: {
    model: "openai:m",
    turns: 1,
    duration_ms: 12,
    prompt_tokens: 100,
    completion_tokens: 9,
    prompt_bytes: 4000,
    completion_bytes: 36,
  },
  ...over,
});

const texts = (r: { content?: unknown }) => (r.content as { text: string }[]).map((b) => b.text);

describe("renderTask", () => {
  it("slim: the answer, then the program; nothing structured", () => {
    const r = renderTask(outcome(), { profile: "slim", maxAnswerBytes: 4096, includeProgram: true });
    expect(texts(r)).toEqual(["beta", 'program:\n(return "beta")']);
    expect(r.structuredContent).toBeUndefined();
    expect(r.isError).toBeUndefined();
  });

  it("leaves the program out with --agentic-include-program=false", () => {
    const r = renderTask(outcome(), { profile: "structured", maxAnswerBytes: 4096, includeProgram: false });
    expect(texts(r)).toEqual(["beta"]);
    expect(r.structuredContent).not.toHaveProperty("program");
  });

  it("structured: status, answer, compact calls and planner with tokens", () => {
    const r = renderTask(outcome(), { profile: "structured", maxAnswerBytes: 4096, includeProgram: true });
    expect(r.structuredContent).toEqual({
      status: "ok",
      answer: "beta",
      program: '(return "beta")',
      upstream_calls: [{ server: "fs", tool: "read_text_file", status: "ok" }],
      planner: { model: "openai:m", turns: 1, duration_ms: 12, prompt_tokens: 100, completion_tokens: 9 },
    });
  });

  it("debug: full records, turns and the planner cost line item, mirrored as JSON", () => {
    const r = renderTask(outcome(), { profile: "debug", maxAnswerBytes: 4096, includeProgram: true });
    const sc = r.structuredContent as Record<string, unknown>;
    expect(sc.turns).toEqual([{ turn: 1, outcome: "ok", upstream_calls: 1, effectful: false }]);
    expect(sc.ptc_metrics).toMatchObject({
      server_side_llm: {
        prompt_bytes: 4000,
        provider_reported: true,
        prompt_tokens: 100,
        estimated_prompt_tokens: 1000,
      },
    });
    expect(JSON.parse(texts(r)[0] as string)).toEqual(sc);
  });

  it("caps the answer at --agentic-max-result-bytes and says how long it was", () => {
    const r = renderTask(outcome({ answer: "x".repeat(10_000) }), {
      profile: "slim",
      maxAnswerBytes: 200,
      includeProgram: false,
    });
    const text = texts(r)[0] as string;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200);
    expect(text).toEndWith("[answer truncated: 10000 bytes in total]");
  });

  it("marks an error with its reason and isError", () => {
    const r = renderTask(
      outcome({ status: "error", reason: "rate_limited", answer: "retry after 7 s", program: undefined }),
      {
        profile: "slim",
        maxAnswerBytes: 4096,
        includeProgram: true,
      },
    );
    expect(r.isError).toBe(true);
    expect(texts(r)).toEqual(["rate_limited: retry after 7 s"]);
  });
});
