/**
 * The stateful-session flags (mcp-server-configuration.md "Core flags": `--sessions` and the
 * `--max-session*` / `--session-*` caps). They join the main table in `flags.ts`; every cap message
 * the server sends names its flag.
 */

import { BoolText, flag, PositiveIntText, SWITCH } from "./flag-spec.ts";

const KIB = 1024;

/** The session flags, keyed by config field. */
export const SESSION_FLAGS = {
  sessions: flag("sessions", BoolText, false, "expose the stateful lisp_session_* tools", SWITCH),
  maxSessions: flag("max-sessions", PositiveIntText, 64, "live sessions per server"),
  maxSessionsPerOwner: flag("max-sessions-per-owner", PositiveIntText, 16, "live sessions per owner"),
  sessionTtlMs: flag("session-ttl-ms", PositiveIntText, 1_800_000, "longest lifetime of a session, in ms"),
  sessionIdleTimeoutMs: flag(
    "session-idle-timeout-ms",
    PositiveIntText,
    900_000,
    "a session unused this long (ms) is closed",
  ),
  maxSessionMemoryBytes: flag(
    "max-session-memory-bytes",
    PositiveIntText,
    1024 * KIB,
    "stored bindings per session, in bytes (encoded)",
  ),
  maxSessionBindingBytes: flag(
    "max-session-binding-bytes",
    PositiveIntText,
    256 * KIB,
    "one stored binding, in bytes (encoded)",
  ),
  maxSessionBindings: flag("max-session-bindings", PositiveIntText, 200, "stored bindings per session"),
  maxSessionHistoryEntryBytes: flag(
    "max-session-history-entry-bytes",
    PositiveIntText,
    64 * KIB,
    "one *1/*2/*3 entry, in bytes; a larger result is kept as a preview",
  ),
  maxSessionPrintEntries: flag("max-session-print-entries", PositiveIntText, 50, "println lines kept per session"),
  maxSessionPrintBytes: flag("max-session-print-bytes", PositiveIntText, 64 * KIB, "println bytes kept per session"),
  maxSessionToolCallEntries: flag(
    "max-session-tool-call-entries",
    PositiveIntText,
    50,
    "tool-call history entries kept per session",
  ),
  maxSessionToolCallBytes: flag(
    "max-session-tool-call-bytes",
    PositiveIntText,
    128 * KIB,
    "tool-call history bytes kept per session",
  ),
  maxSessionUpstreamCallEntries: flag(
    "max-session-upstream-call-entries",
    PositiveIntText,
    50,
    "upstream-call history entries kept per session",
  ),
  maxSessionUpstreamCallBytes: flag(
    "max-session-upstream-call-bytes",
    PositiveIntText,
    128 * KIB,
    "upstream-call history bytes kept per session",
  ),
  maxSessionPreviewChars: flag(
    "max-session-preview-chars",
    PositiveIntText,
    512,
    "characters of a value preview in session responses",
  ),
} as const;
