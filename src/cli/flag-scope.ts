/**
 * Which configuration flags each command reads, so a flag a command would ignore is refused with
 * one line instead (`eval --trace-dir d`: `--trace-dir: not used by eval`), and the environment
 * variables of flags it ignores are not even parsed (a stray too-short
 * `PTC_RUNNER_MCP_HTTP_AUTH_TOKEN` cannot stop `eval` or a stdio `start`).
 */

import * as v from "valibot";
import { type Env, FLAGS, type FlagKey } from "../config/index.ts";
import { CliExit, EXIT } from "./errors.ts";

/** Decides, per flag of the table, whether a command reads it. */
export type FlagUse = (key: FlagKey) => boolean;

/** The upstream budgets and file: everything aggregator mode needs to run one program. */
const UPSTREAM_RUN: readonly FlagKey[] = [
  "upstreamsConfig",
  "upstreamCallTimeoutMs",
  "maxUpstreamResponseBytes",
  "maxUpstreamCallsPerProgram",
  "maxCatalogOpsPerProgram",
  "maxCatalogResultBytes",
];

/** What `eval` reads: the bounds of one program, its result shape, its log level and the upstreams. */
const EVAL_KEYS: ReadonlySet<FlagKey> = new Set<FlagKey>([
  "maxProgramBytes",
  "maxContextBytes",
  "programTimeoutMs",
  "programMemoryLimitBytes",
  "loopLimit",
  "responseProfile",
  "logLevel",
  ...UPSTREAM_RUN,
]);

/** The flags `eval` reads. */
export const evalUses: FlagUse = (key) => EVAL_KEYS.has(key);

/** True for the flags that only matter to the HTTP mode (`--http-*`, OAuth included). */
function httpOnly(key: FlagKey): boolean {
  return key !== "http" && FLAGS[key].name.startsWith("http-");
}

/**
 * The flags `start` reads: all of them with `--http` (or `PTC_RUNNER_MCP_HTTP`); without it, none
 * of the `--http-*` ones, and giving one on the command line is refused.
 *
 * @param args the parsed citty arguments (kebab-case keys)
 * @throws {CliExit} usage (2): `--http-port: only used with --http (Streamable HTTP mode)`
 */
export function startUses(args: Record<string, unknown>, env: Env): FlagUse {
  const raw = args.http !== undefined ? String(args.http) : env[FLAGS.http.env];
  const parsed = raw ? v.safeParse(FLAGS.http.schema, raw) : undefined;
  // A bad value is reported by the loader; count it as HTTP here so no other message hides it.
  const http = parsed !== undefined && (!parsed.success || parsed.output);
  return http ? () => true : refuseHttpFlags(args);
}

function refuseHttpFlags(args: Record<string, unknown>): FlagUse {
  for (const key of Object.keys(FLAGS) as FlagKey[]) {
    const name = FLAGS[key].name;
    if (httpOnly(key) && args[name] !== undefined)
      throw new CliExit(EXIT.usage, `--${name}: only used with --http (Streamable HTTP mode)`);
  }
  return (key) => !httpOnly(key);
}

/**
 * Long names (without dashes) of every configuration flag and the `no-` form of each switch, for
 * the refusal of `rejectUnknownOptions` (options.ts).
 */
export const CONFIG_FLAG_NAMES: ReadonlySet<string> = configFlagNames();

/** See {@link CONFIG_FLAG_NAMES}; a loop, as a first `flatMap` costs a start more (decision 0037). */
function configFlagNames(): Set<string> {
  const names = new Set<string>();
  for (const spec of Object.values(FLAGS)) {
    names.add(spec.name);
    if (spec.kind === "boolean") names.add(`no-${spec.name}`);
  }
  return names;
}
