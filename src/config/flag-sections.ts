/**
 * The flag table in sections, for help pages (`ptc-mcp start --help`): each group file is one
 * section, and the main table's own flags split into core settings and per-program limits. A flag
 * added to a group file joins its section by itself; one added to the main table lands in Core.
 */

import { AGENTIC_FLAGS } from "./agentic-flags.ts";
import { DEBUG_FLAGS } from "./debug-flags.ts";
import { FLAGS, type FlagKey } from "./flags.ts";
import { HTTP_FLAGS } from "./http-flags.ts";
import { OAUTH_FLAGS } from "./oauth-flags.ts";
import { SESSION_FLAGS } from "./session-flags.ts";
import { TRACE_FLAGS } from "./trace-flags.ts";
import { UPSTREAM_FLAGS } from "./upstream-flags.ts";

/** One section of a help page: a title and the flags under it, in table order. */
export interface FlagSection {
  readonly title: string;
  readonly keys: readonly FlagKey[];
}

/** The main table's flags that bound one program or call (the rest of its flags are Core). */
const LIMIT_KEYS: readonly FlagKey[] = [
  "programTimeoutMs",
  "programMemoryLimitBytes",
  "loopLimit",
  "maxProgramBytes",
  "maxContextBytes",
  "maxFrameBytes",
  "maxConcurrentCalls",
];

const GROUPS: readonly (readonly [string, Readonly<Record<string, unknown>>])[] = [
  ["HTTP", HTTP_FLAGS],
  ["OAuth", OAUTH_FLAGS],
  ["Sessions", SESSION_FLAGS],
  ["Aggregator (upstream servers)", UPSTREAM_FLAGS],
  ["Agentic (lisp_task)", AGENTIC_FLAGS],
  ["Tracing", TRACE_FLAGS],
  ["Debug", DEBUG_FLAGS],
];

/** Every flag of {@link FLAGS} in exactly one section: Core, Limits, then one per group file. */
export const FLAG_SECTIONS: readonly FlagSection[] = (() => {
  const grouped = new Set(GROUPS.flatMap(([, group]) => Object.keys(group)));
  const main = (Object.keys(FLAGS) as FlagKey[]).filter((k) => !grouped.has(k));
  return [
    { title: "Core", keys: main.filter((k) => !LIMIT_KEYS.includes(k)) },
    { title: "Limits", keys: LIMIT_KEYS.filter((k) => main.includes(k)) },
    ...GROUPS.map(([title, group]) => ({ title, keys: Object.keys(group) as FlagKey[] })),
  ];
})();
