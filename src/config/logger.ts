/**
 * Operator logs: one JSON object per line on stderr, never stdout (stdout carries the MCP wire in
 * stdio mode). Owned by the config layer because the threshold is the `--log-level` flag.
 *
 * A line looks like `{"ts":"2025-01-01T00:00:00.000Z","level":"info","event":"server_start","pid":42}`.
 * At `info` and above, callers must not log program or context bodies (mcp-server.md
 * "Operator log hygiene"); sizes and codes are fine.
 */

import { LOG_LEVELS, type LogLevel } from "./flags.ts";

/** One log field value: a JSON primitive (undefined drops the field). Objects are flattened by the caller. */
export type LogValue = string | number | boolean | null | undefined;

/**
 * Structured fields attached to a log line. Only JSON primitives: a function, object or array is a
 * compile error, so a slip such as logging `source` instead of `source()` cannot ship.
 */
export type LogFields = Readonly<Record<string, LogValue>>;

/** A leveled structured logger. `event` is a short snake_case name such as `tool_call`. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Where finished lines go (each includes its trailing newline). */
export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => {
  process.stderr.write(line);
};

/**
 * Longest string field a log line keeps, in UTF-16 code units. Fields may carry client-chosen
 * text (a JSON-RPC method, an error message quoting input); the rest is cut so one request
 * cannot write megabytes of log.
 */
export const MAX_LOG_FIELD_CHARS = 4096;

/** `s` cut to `max` code units, with a marker saying how much was dropped. */
export function clipText(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…(+${s.length - max} chars)`;
}

function capped(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined) return undefined;
  let out: Record<string, LogValue> | undefined;
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string" && v.length > MAX_LOG_FIELD_CHARS) {
      out ??= { ...fields };
      out[k] = clipText(v, MAX_LOG_FIELD_CHARS);
    }
  }
  return out ?? fields;
}

/**
 * Creates a logger that drops lines below `level`. String fields longer than
 * {@link MAX_LOG_FIELD_CHARS} are cut.
 *
 * @param level threshold from `--log-level`
 * @param sink line writer; stderr by default
 */
export function createLogger(level: LogLevel, sink: LogSink = stderrSink): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevel) =>
    LOG_LEVELS.indexOf(lvl) < threshold
      ? () => {}
      : (event: string, fields?: LogFields) => {
          const line = { ts: new Date().toISOString(), level: lvl, event, pid: process.pid, ...capped(fields) };
          sink(`${JSON.stringify(line)}\n`);
        };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** A logger that discards everything (tests, one-shot commands). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
