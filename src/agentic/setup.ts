/**
 * Assembles agentic mode at boot: the planner for `--agentic-model`, the capability summary
 * (generated from the frozen catalog, or the operator's file), the system prompt of each
 * connection scope, and the `lisp_task` tool. The summary is logged only as its byte count and
 * SHA-256 (agentic-mode.md "Capability summary").
 *
 * Everything upstream-specific arrives through {@link AgenticCatalog}, built by the composition
 * root over the upstream runtime, so this layer never holds the runtime itself.
 */

import type { AgenticSettings, Logger, ResponseProfile, UpstreamScope } from "../config/index.ts";
import {
  type CallGate,
  type CallHost,
  createCallGate,
  type ExtraTool,
  languageCard,
  type Tracer,
} from "../mcp/index.ts";
import type { Executor, ProgramLimits } from "../sandbox/index.ts";
import type { CatalogTool } from "../upstream/index.ts";
import { effectLookup } from "./effects.ts";
import { systemPrompt } from "./prompt.ts";
import { createPlanner, routeSdkWarnings } from "./providers.ts";
import { capabilitySummary, type SummaryServer, summaryFingerprint } from "./summary.ts";
import { createLispTaskTool, type ScopePrompts } from "./tool.ts";
import type { Planner } from "./types.ts";

/** The upstream facts agentic mode reads, over the frozen catalog. */
export interface AgenticCatalog {
  /** Servers (with tools) visible to `allowedServers` (null = all), sorted by name. */
  servers(allowedServers: UpstreamScope): readonly SummaryServer[];
  /** The catalog text of `--catalog-mode` for those servers (as in the `lisp_eval` description). */
  catalogText(allowedServers: UpstreamScope): string;
  /** One server's tools, or null when it is unknown. */
  tools(server: string): readonly CatalogTool[] | null;
}

/** What {@link createAgentic} needs from the composition root. */
export interface AgenticOptions {
  readonly settings: AgenticSettings;
  readonly executor: Executor;
  readonly limits: ProgramLimits;
  readonly hostFor: (allowedServers?: UpstreamScope) => CallHost;
  readonly catalog: AgenticCatalog;
  /** Scrubs registered secrets (the upstream redactor). */
  readonly redact: (text: string) => string;
  readonly profile: ResponseProfile;
  readonly logger: Logger;
  readonly tracer?: Tracer | undefined;
  readonly maxConcurrentCalls: number;
  /**
   * The process's concurrency gate (`--max-concurrent-calls`), shared with `lisp_eval` and the
   * session tools, so tasks and calls together never ask for more programs than the pool has
   * workers. Absent: `lisp_task` gets a gate of its own with `maxConcurrentCalls` slots (tests).
   */
  readonly gate?: CallGate | undefined;
  readonly maxUpstreamCallsPerProgram: number;
  readonly caps: { readonly maxTaskBytes: number; readonly maxConstraintsBytes: number };
  readonly aggregatorReadOnly: boolean;
  /** A planner to use instead of the provider of `settings.model` (tests). */
  readonly planner?: Planner;
}

/** Builds the `lisp_task` tool. */
export function createAgentic(options: AgenticOptions): ExtraTool {
  const { settings, catalog, redact, logger } = options;
  routeSdkWarnings(logger);
  const planner = options.planner ?? createPlanner(settings.model);
  const card = languageCard(options.limits);
  const summaryOf = (allowed: UpstreamScope): string =>
    redact(settings.summaryText ?? capabilitySummary(catalog.servers(allowed), settings.summaryMaxBytes));

  const cache = new Map<string, ScopePrompts>();
  const prompts = (allowed: UpstreamScope): ScopePrompts => {
    const key = allowed === null ? "*" : JSON.stringify([...allowed].sort());
    let hit = cache.get(key);
    if (hit === undefined) {
      const summary = summaryOf(allowed);
      const system = systemPrompt({
        languageCard: card,
        summary,
        catalog: redact(catalog.catalogText(allowed)),
        prefix: redact(settings.promptPrefix),
        suffix: redact(settings.promptSuffix),
        programTimeoutMs: options.limits.timeoutMs,
        maxUpstreamCalls: options.maxUpstreamCallsPerProgram,
        maxAnswerBytes: settings.maxResultBytes,
        turns: settings.maxTurns + settings.retryTurns,
      });
      hit = { system, summary };
      // Scopes come from token upstream lists, so the cache stays as small as the token table.
      if (cache.size < 256) cache.set(key, hit);
    }
    return hit;
  };

  const boot = prompts(null);
  const fp = summaryFingerprint(boot.summary);
  logger.info("agentic_ready", {
    model: planner.model,
    capability_summary_source: settings.summaryText === null ? "generated" : "file",
    capability_summary_bytes: fp.bytes,
    capability_summary_sha256: fp.sha256,
    system_prompt_bytes: Buffer.byteLength(boot.system, "utf8"),
    max_turns: settings.maxTurns,
    retry_turns: settings.retryTurns,
  });

  return createLispTaskTool({
    loop: {
      planner,
      executor: options.executor,
      limits: options.limits,
      hostFor: (allowed) => options.hostFor(allowed),
      effectOf: effectLookup((server) => catalog.tools(server)),
      redact,
      budgets: {
        maxTurns: settings.maxTurns,
        retryTurns: settings.retryTurns,
        taskTimeoutMs: settings.taskTimeoutMs,
        plannerTimeoutMs: settings.plannerTimeoutMs,
        maxOutputTokens: settings.maxOutputTokens,
      },
    },
    prompts,
    render: {
      profile: options.profile,
      maxAnswerBytes: settings.maxResultBytes,
      includeProgram: settings.includeProgram,
    },
    gate: options.gate ?? createCallGate(options.maxConcurrentCalls),
    logger,
    tracer: options.tracer,
    tracePrompts: settings.tracePrompts,
    caps: options.caps,
    annotations: { readOnlyHint: options.aggregatorReadOnly, openWorldHint: true },
  });
}
