/**
 * Planner fault classification: provider HTTP failures, rate limits with their retry hints,
 * an unreachable provider, and aborts reported by the reason the loop put on the signal.
 */

import { describe, expect, it } from "bun:test";
import { APICallError } from "ai";
import { classify, PlannerFault, routeSdkWarnings } from "../../src/agentic/index.ts";
import { createLogger } from "../../src/config/logger.ts";

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}, body?: string) =>
  new APICallError({
    message: "Bad things",
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: body,
  });

const live = new AbortController().signal;

describe("classify", () => {
  it("reports an HTTP error with its status and the provider's own message", () => {
    const f = classify(apiError(401, {}, JSON.stringify({ error: { message: "Invalid API key" } })), live);
    expect(f).toMatchObject({ reason: "provider_error", status: 401 });
    expect(f.message).toBe("the planner provider answered HTTP 401: Invalid API key");
    expect(classify(apiError(503, {}, "upstream overloaded"), live).message).toBe(
      "the planner provider answered HTTP 503: Bad things",
    );
  });

  it("reports 429 as rate_limited with retry-after in seconds, as a date or in ms", () => {
    expect(classify(apiError(429, { "retry-after": "7" }), live)).toMatchObject({
      reason: "rate_limited",
      retryAfterMs: 7000,
    });
    expect(classify(apiError(429, { "Retry-After-Ms": "1500" }), live).message).toContain("retry after 2 s");
    const at = new Date(Date.now() + 30_000).toUTCString();
    expect(classify(apiError(429, { "retry-after": at }), live).retryAfterMs).toBeGreaterThan(20_000);
    expect(classify(apiError(429), live).message).toContain("retry later");
  });

  it("reports a provider that cannot be reached", () => {
    expect(classify(apiError(undefined), live).message).toStartWith("the planner provider could not be reached");
    expect(classify(new TypeError("fetch failed"), live)).toMatchObject({ reason: "provider_error" });
  });

  it("reports an abort by the fault on the signal", () => {
    const c = new AbortController();
    c.abort(new PlannerFault("planner_timeout", "the planner did not answer within 10 ms"));
    expect(classify(new Error("aborted"), c.signal).reason).toBe("planner_timeout");
    const d = new AbortController();
    d.abort();
    expect(classify(new Error("aborted"), d.signal).reason).toBe("cancelled");
  });
});

describe("routeSdkWarnings", () => {
  it("sends the SDK's call warnings to the JSON logger instead of stdout", () => {
    const lines: string[] = [];
    routeSdkWarnings(createLogger("warn", (l) => void lines.push(l)));
    const hook = (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS as (o: unknown) => void;
    hook({ warnings: [{ type: "unsupported", feature: "topK" }], provider: "openai.chat", model: "m" });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        event: "planner_warning",
        provider: "openai.chat",
        type: "unsupported",
        detail: "topK",
      }),
    ]);
  });
});
