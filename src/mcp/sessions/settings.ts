/**
 * The caps of stateful sessions, resolved from the `--max-session*` / `--session-*` flags
 * (src/config/session-flags.ts). Units are in the field names.
 */

import type { ServerConfig } from "../../config/index.ts";
import type { HistoryCap } from "./history.ts";

/** Session caps. */
export interface SessionSettings {
  readonly maxSessions: number;
  readonly maxSessionsPerOwner: number;
  readonly ttlMs: number;
  readonly idleTimeoutMs: number;
  readonly maxMemoryBytes: number;
  readonly maxBindingBytes: number;
  readonly maxBindings: number;
  readonly maxHistoryEntryBytes: number;
  readonly prints: HistoryCap;
  readonly toolCalls: HistoryCap;
  readonly upstreamCalls: HistoryCap;
  readonly previewChars: number;
}

/** The settings of a loaded configuration. */
export function sessionSettings(c: ServerConfig): SessionSettings {
  return {
    maxSessions: c.maxSessions,
    maxSessionsPerOwner: c.maxSessionsPerOwner,
    ttlMs: c.sessionTtlMs,
    idleTimeoutMs: c.sessionIdleTimeoutMs,
    maxMemoryBytes: c.maxSessionMemoryBytes,
    maxBindingBytes: c.maxSessionBindingBytes,
    maxBindings: c.maxSessionBindings,
    maxHistoryEntryBytes: c.maxSessionHistoryEntryBytes,
    prints: { entries: c.maxSessionPrintEntries, bytes: c.maxSessionPrintBytes },
    toolCalls: { entries: c.maxSessionToolCallEntries, bytes: c.maxSessionToolCallBytes },
    upstreamCalls: { entries: c.maxSessionUpstreamCallEntries, bytes: c.maxSessionUpstreamCallBytes },
    previewChars: c.maxSessionPreviewChars,
  };
}
