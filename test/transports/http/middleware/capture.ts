/** A logger that keeps its lines, for middleware tests against a bare Hono app. */

import type { LogFields, Logger } from "../../../../src/config/index.ts";

/** One captured line. */
export interface Captured {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly event: string;
  readonly fields: LogFields;
}

/** A logger plus the lines it received, in order. */
export function capturingLogger(): Logger & { readonly lines: Captured[] } {
  const lines: Captured[] = [];
  const at =
    (level: Captured["level"]) =>
    (event: string, fields: LogFields = {}) =>
      void lines.push({ level, event, fields });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
