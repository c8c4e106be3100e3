/**
 * The aggregator-mode flags (mcp-server-configuration.md "Aggregator-mode flags" and "Catalog
 * modes"): where the upstreams file is, the per-call and per-program upstream budgets, and how the
 * catalog is shown in the `lisp_eval` description. They join the main table in `flags.ts`.
 * `PTC_RUNNER_MCP_UPSTREAMS` keeps the reference server's name rather than the derived one.
 */

import * as v from "valibot";
import type { FlagSpec } from "./flags.ts";

const PositiveInt = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[0-9]+$/, "expected a positive integer"),
  v.transform(Number),
  v.safeInteger("expected a positive integer"),
  v.minValue(1, "expected a positive integer"),
);

const BoolText = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.picklist(["true", "false", "1", "0", "yes", "no"], "expected true or false"),
  v.transform((s) => s === "true" || s === "1" || s === "yes"),
);

/** `--catalog-mode` values. */
export const CATALOG_MODE_NAMES = ["auto", "inline", "lazy"] as const;
/** A catalog mode. */
export type CatalogModeName = (typeof CATALOG_MODE_NAMES)[number];

function spec<T>(name: string, schema: v.GenericSchema<string, T>, fallback: T, description: string, env?: string, kind?: "boolean"): FlagSpec<T> {
  return {
    name,
    env: env ?? `PTC_RUNNER_MCP_${name.toUpperCase().replaceAll("-", "_")}`,
    schema,
    fallback,
    description,
    ...(kind ? { kind } : {}),
  };
}

/** The aggregator-mode flags, keyed by config field. */
export const UPSTREAM_FLAGS = {
  upstreamsConfig: spec(
    "upstreams-config",
    v.pipe(v.string(), v.trim()),
    "",
    "upstreams JSON file; default $XDG_CONFIG_HOME/ptc-mcp/upstreams.json when it exists",
    "PTC_RUNNER_MCP_UPSTREAMS",
  ),
  upstreamCallTimeoutMs: spec("upstream-call-timeout-ms", PositiveInt, 5000, "wall-clock cap per upstream tool call, in ms"),
  maxUpstreamResponseBytes: spec("max-upstream-response-bytes", PositiveInt, 2 * 1024 * 1024, "largest upstream answer, in bytes, checked before decoding"),
  maxUpstreamCallsPerProgram: spec("max-upstream-calls-per-program", PositiveInt, 50, "tool/call budget of one program"),
  maxCatalogOpsPerProgram: spec("max-catalog-ops-per-program", PositiveInt, 25, "discovery (dir, doc, meta, apropos, tool/servers) budget of one program"),
  maxCatalogResultBytes: spec("max-catalog-result-bytes", PositiveInt, 256 * 1024, "largest discovery result, in bytes of JSON"),
  catalogMode: spec<CatalogModeName>(
    "catalog-mode",
    v.pipe(v.string(), v.trim(), v.picklist(CATALOG_MODE_NAMES, `expected one of ${CATALOG_MODE_NAMES.join(", ")}`)),
    "auto",
    "upstream tools in the lisp_eval description: auto | inline | lazy",
  ),
  catalogInlineMaxTools: spec("catalog-inline-max-tools", PositiveInt, 8, "auto catalog mode inlines at most this many tools"),
  catalogInlineMaxChars: spec("catalog-inline-max-chars", PositiveInt, 800, "auto catalog mode inlines a snapshot of at most this many characters"),
  aggregatorReadOnly: spec("aggregator-read-only", BoolText, false, "advertise lisp_eval as read-only although it calls upstream tools", undefined, "boolean"),
} as const;
