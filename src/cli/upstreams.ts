/**
 * Aggregator mode at boot: find and validate the upstreams file, start the upstream runtime, and
 * hand the server core what it needs — the per-call host, the catalog text for the `lisp_eval`
 * description, and the configuration with the aggregator-mode defaults (10 s, 100 MB per program
 * where the operator set nothing). No upstreams file, or one without upstreams, means plain mode.
 *
 * The server starts the runtime in `frozen` snapshot mode, so a broken upstream stops the boot
 * with a message naming it; the REPL uses `live` mode, where upstreams start on first use.
 */

import {
  type Logger,
  PRODUCT_NAME,
  type ServerConfig,
  type UpstreamScope,
  VERSION,
  withAggregatorDefaults,
} from "../config/index.ts";
import { type CallHost, upstreamHostFor } from "../mcp/index.ts";
import {
  type Env,
  loadUpstreamsConfig,
  locateUpstreamsConfig,
  type Redactor,
  type SnapshotMode,
  UpstreamRuntime,
} from "../upstream/index.ts";

/** How this module's errors end the process when it is loaded by URL (command-entries.ts). */
export { exitFor } from "./exit-codes.ts";

/** A running aggregator. */
export interface Aggregator {
  readonly runtime: UpstreamRuntime;
  /** The configuration with the aggregator-mode defaults applied. */
  readonly config: ServerConfig;
  /** The host of one `lisp_eval` call, optionally limited to some servers (a token's scope). */
  readonly hostFor: (allowedServers?: UpstreamScope) => CallHost;
  /** The upstream part of the `lisp_eval` description (visible servers only when scoped). */
  catalog(allowedServers?: UpstreamScope): string;
  close(): Promise<void>;
}

/** Options of {@link startAggregator}. */
export interface AggregatorOptions {
  readonly mode: SnapshotMode;
  readonly logger: Logger;
  /** The process environment (credentials, `${VAR}`s, the XDG default). */
  readonly env: Env;
  /** Where resolved credentials are registered for scrubbing (share it with the log sink). */
  readonly redactor?: Redactor;
}

/**
 * Starts aggregator mode when an upstreams file is configured.
 *
 * @returns null when no upstream is configured
 * @throws {UpstreamConfigError} for an unusable upstreams file; UpstreamStartError for an upstream that cannot start
 */
export async function startAggregator(config: ServerConfig, options: AggregatorOptions): Promise<Aggregator | null> {
  const { env, logger } = options;
  const path = locateUpstreamsConfig(config.upstreamsConfig === "" ? undefined : config.upstreamsConfig, env);
  if (path === null) return null;
  const parsed = loadUpstreamsConfig(path, { env, selfPath: selfExecutable() });
  if (Object.keys(parsed.config.upstreams).length === 0) {
    logger.info("upstreams_none", { source: path });
    return null;
  }
  const runtime = await UpstreamRuntime.start({
    parsed,
    env,
    mode: options.mode,
    maxResponseBytes: config.maxUpstreamResponseBytes,
    callTimeoutMs: config.upstreamCallTimeoutMs,
    clientInfo: { name: PRODUCT_NAME, version: VERSION },
    logger,
    redactor: options.redactor,
  });
  const budgets = {
    maxCalls: config.maxUpstreamCallsPerProgram,
    maxCatalogOps: config.maxCatalogOpsPerProgram,
    maxCatalogResultBytes: config.maxCatalogResultBytes,
    callTimeoutMs: config.upstreamCallTimeoutMs,
    // Live mode starts upstreams on first use: discovery is a use, so it finds their tools.
    startOnDiscovery: options.mode === "live",
  };
  const textOptions = {
    mode: config.catalogMode,
    maxTools: config.catalogInlineMaxTools,
    maxChars: config.catalogInlineMaxChars,
  };
  return {
    runtime,
    config: withAggregatorDefaults(config),
    hostFor: upstreamHostFor(runtime, budgets),
    catalog: (allowed) =>
      runtime.catalogText(
        textOptions,
        allowed == null ? runtime.names() : runtime.names().filter((n) => allowed.includes(n)),
      ).text,
    close: () => runtime.close(),
  };
}

/**
 * The path of this executable when it is the compiled binary (a stdio upstream may not launch it),
 * or null when running from source under `bun`, where the executable is Bun itself.
 */
function selfExecutable(): string | null {
  const main = typeof Bun === "undefined" ? "" : Bun.main;
  return main.startsWith("/$bunfs/") || main.startsWith("B:/~BUN/") ? process.execPath : null;
}
