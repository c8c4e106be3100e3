/**
 * The aggregator-mode flags (mcp-server-configuration.md "Aggregator-mode flags" and "Catalog
 * modes"): where the upstreams file is, the per-call and per-program upstream budgets, and how the
 * catalog is shown in the `lisp_eval` description. They join the main table in `flags.ts`.
 * `PTC_RUNNER_MCP_UPSTREAMS` keeps the reference server's name rather than the derived one.
 */

import * as v from "valibot";
import { BoolText, choiceText, flag, PositiveIntText, SWITCH, lazyText } from "./flag-spec.ts";

/** `--catalog-mode` values. */
export const CATALOG_MODE_NAMES = ["auto", "inline", "lazy"] as const;
/** A catalog mode. */
export type CatalogModeName = (typeof CATALOG_MODE_NAMES)[number];

/** The aggregator-mode flags, keyed by config field. */
export const UPSTREAM_FLAGS = {
  upstreamsConfig: flag(
    "upstreams-config",
    lazyText(() => v.pipe(v.string(), v.trim())),
    "",
    "upstreams JSON file; default $XDG_CONFIG_HOME/ptc-mcp/upstreams.json when it exists",
    { env: "PTC_RUNNER_MCP_UPSTREAMS" },
  ),
  upstreamCallTimeoutMs: flag(
    "upstream-call-timeout-ms",
    PositiveIntText,
    5000,
    "wall-clock cap per upstream tool call, in ms",
  ),
  maxUpstreamResponseBytes: flag(
    "max-upstream-response-bytes",
    PositiveIntText,
    2 * 1024 * 1024,
    "largest upstream answer, in bytes, checked before decoding",
  ),
  maxUpstreamCallsPerProgram: flag(
    "max-upstream-calls-per-program",
    PositiveIntText,
    50,
    "tool/call budget of one program",
  ),
  maxCatalogOpsPerProgram: flag(
    "max-catalog-ops-per-program",
    PositiveIntText,
    25,
    "discovery (dir, doc, meta, apropos, tool/servers) budget of one program",
  ),
  maxCatalogResultBytes: flag(
    "max-catalog-result-bytes",
    PositiveIntText,
    256 * 1024,
    "largest discovery result, in bytes of JSON",
  ),
  catalogMode: flag<CatalogModeName>(
    "catalog-mode",
    choiceText(CATALOG_MODE_NAMES),
    "auto",
    "upstream tools in the lisp_eval description: auto | inline | lazy",
  ),
  catalogInlineMaxTools: flag(
    "catalog-inline-max-tools",
    PositiveIntText,
    8,
    "auto catalog mode inlines at most this many tools",
  ),
  catalogInlineMaxChars: flag(
    "catalog-inline-max-chars",
    PositiveIntText,
    800,
    "auto catalog mode inlines a snapshot of at most this many characters",
  ),
  aggregatorReadOnly: flag(
    "aggregator-read-only",
    BoolText,
    false,
    "advertise lisp_eval as read-only although it calls upstream tools",
    SWITCH,
  ),
} as const;
