/**
 * Planner providers over the Vercel AI SDK (`ai` and its provider packages), each speaking its
 * real wire format (docs/decisions/0014-agentic-planner.md):
 *
 * | provider     | package                        | request                                     |
 * |--------------|--------------------------------|---------------------------------------------|
 * | `openrouter` | `@openrouter/ai-sdk-provider`  | `POST {base}/chat/completions`              |
 * | `openai`     | `@ai-sdk/openai` (`.chat`)     | `POST {base}/chat/completions` (Chat Completions, so vLLM, Ollama, llama.cpp and LM Studio work through `OPENAI_BASE_URL`) |
 * | `anthropic`  | `@ai-sdk/anthropic`            | `POST {base}/messages`                      |
 * | `google`     | `@ai-sdk/google`               | `POST {base}/models/{model}:generateContent` |
 *
 * The SDK's own retries are off (`maxRetries: 0`): the loop owns turns and time, and a 429 is
 * reported to the client with its retry hint rather than waited out inside a request.
 */

import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { APICallError, generateText, type LanguageModel, RetryError } from "ai";
import type { Logger, PlannerModelSpec } from "../config/index.ts";
import { type Planner, PlannerFault, type PlannerReply, type PlannerRequest } from "./types.ts";

/** Characters of a provider's error text kept in a fault message. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * Routes the AI SDK's call warnings (unsupported settings and the like) to `logger`. Without
 * this the SDK prints them with `console.info` / `console.warn`, and stdout is the MCP channel
 * in stdio mode. Process-wide: the SDK reads one global.
 */
export function routeSdkWarnings(logger: Logger): void {
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: {
    warnings: readonly unknown[];
    provider?: string;
    model?: string;
  }) => {
    for (const w of options.warnings) {
      const warning = w as { type?: string; message?: string; feature?: string; setting?: string };
      logger.warn("planner_warning", {
        provider: options.provider ?? null,
        model: options.model ?? null,
        type: warning.type ?? null,
        detail: warning.message ?? warning.feature ?? warning.setting ?? null,
      });
    }
  };
}

/** Builds the SDK language model for `spec` (no network traffic). */
function languageModel(spec: PlannerModelSpec): LanguageModel {
  const apiKey = spec.apiKey();
  const baseURL = spec.baseUrl;
  switch (spec.provider) {
    case "openrouter":
      return createOpenRouter({ apiKey, ...(baseURL ? { baseURL } : {}) }).chat(spec.modelId);
    case "openai":
      return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) }).chat(spec.modelId);
    case "anthropic":
      return createAnthropic({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.modelId);
    case "google":
      return createGoogleGenerativeAI({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.modelId);
  }
}

/**
 * A {@link Planner} for `spec`. Every failure is thrown as a {@link PlannerFault}; when the
 * request's signal aborts, its reason (put there by the loop) says whether it was the per-call
 * timeout, the task deadline or the client.
 */
export function createPlanner(spec: PlannerModelSpec): Planner {
  const model = languageModel(spec);
  return {
    model: spec.id,
    async complete(request: PlannerRequest): Promise<PlannerReply> {
      try {
        const r = await generateText({
          model,
          system: request.system,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          maxOutputTokens: request.maxOutputTokens,
          maxRetries: 0,
          abortSignal: request.signal,
        });
        return {
          text: r.text,
          finishReason: r.finishReason === "stop" ? "stop" : r.finishReason === "length" ? "length" : "other",
          promptTokens: r.usage.inputTokens,
          completionTokens: r.usage.outputTokens,
        };
      } catch (e) {
        throw classify(e, request.signal);
      }
    },
  };
}

/**
 * Turns an SDK or transport error into a {@link PlannerFault}. An abort is reported by the
 * signal's reason (a `PlannerFault` the loop put there: timeout, deadline or cancellation).
 */
export function classify(error: unknown, signal: AbortSignal): PlannerFault {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof PlannerFault) return reason;
    return new PlannerFault("cancelled", "the planner call was cancelled");
  }
  const e = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(e)) {
    const status = e.statusCode;
    const detail = providerDetail(e.responseBody, e.message);
    if (status === 429) {
      const retryAfterMs = retryAfter(e.responseHeaders);
      const hint = retryAfterMs === undefined ? "retry later" : `retry after ${Math.ceil(retryAfterMs / 1000)} s`;
      return new PlannerFault(
        "rate_limited",
        `the planner provider is rate limiting (HTTP 429); ${hint}: ${detail}`,
        429,
        retryAfterMs,
      );
    }
    if (status !== undefined)
      return new PlannerFault("provider_error", `the planner provider answered HTTP ${status}: ${detail}`, status);
    return new PlannerFault("provider_error", `the planner provider could not be reached: ${detail}`);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new PlannerFault("provider_error", `the planner call failed: ${clip(message)}`);
}

/** The provider's own error message from a JSON body (`{error: {message}}` or `{error: "..."}`), else `fallback`. */
function providerDetail(body: string | undefined, fallback: string): string {
  if (body !== undefined) {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
      const m = typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message);
      if (typeof m === "string" && m !== "") return clip(m);
    } catch {
      // Not JSON: fall through to the SDK's message.
    }
  }
  return clip(fallback);
}

/** `retry-after` (seconds or an HTTP date) or `retry-after-ms`, in ms. */
function retryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (headers === undefined) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower["retry-after-ms"]);
  if (Number.isFinite(ms) && ms >= 0 && lower["retry-after-ms"] !== undefined) return ms;
  const raw = lower["retry-after"];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MAX_PROVIDER_MESSAGE ? `${one.slice(0, MAX_PROVIDER_MESSAGE)}…` : one;
}
