/**
 * The HTTP half of `ptc-mcp start --http`: validates the `--http-*` flags, opens the state store,
 * builds the authenticator and the failed-auth limiter, and serves until drained. Split from
 * `start.ts` so the stdio path loads none of this.
 *
 * The logger of an HTTP server writes through a redactor that knows the static token and every
 * live session id (second line of defence; the code logs hashes only).
 */

import {
  createAuthenticator,
  createAuthRateLimiter,
  createRedactor,
  type Redactor,
  tokenStatus,
} from "../auth/index.ts";
import {
  ConfigError,
  type HttpSettings,
  httpSettings,
  type Logger,
  type LogSink,
  type OAuthSettings,
  oauthSettings,
  type ServerConfig,
} from "../config/index.ts";
import type { ServerFactory } from "../mcp/index.ts";
import { openStore, type Store } from "../store/index.ts";
import { storeLocationOf } from "./store-args.ts";
import { serveOverHttp, startRetention } from "../transports/index.ts";
import { createViewerApp, ownerNamesOf, TraceStore } from "../viewer/index.ts";

/** A prepared HTTP server: its log sink (redacting) and the serve loop. */
export interface PreparedHttp {
  readonly logSink: LogSink;
  /** The log redactor's scrub (static token, live session ids, `ptc_pat_…` shapes), for `lisp_debug` records. */
  readonly scrub: (text: string) => string;
  /** The open state store (stateful sessions share it). */
  readonly store: Store;
  /** Serves until `stop` (SIGTERM/SIGINT) and the drain are over; closes the store. */
  serve(factory: ServerFactory, logger: Logger, stop?: Promise<string>): Promise<void>;
}

const DAY_MS = 86_400_000;
/** Time between retention sweeps of the store. */
const RETENTION_SWEEP_MS = 3_600_000;

/**
 * Checks the HTTP flags and opens the store, before anything else starts.
 *
 * @throws {ConfigError} for a bad flag combination; StoreError when the store cannot open
 */
export async function prepareHttp(config: ServerConfig): Promise<PreparedHttp> {
  const settings: HttpSettings = httpSettings(config);
  const oauth: OAuthSettings | null = oauthSettings(config);
  if (config.httpViewer && !config.traceDir)
    throw new ConfigError(
      "invalid_value",
      "--http-viewer: the viewer reads the trace files of --trace-dir, which is unset",
    );
  const redactor: Redactor = createRedactor();
  if (config.storeUrl) redactor.register(config.storeUrl);
  const store: Store = await openStore(storeLocationOf(config));
  if (settings.staticToken) redactor.register(settings.staticToken);
  if (oauth?.introspection) redactor.register(oauth.introspection.clientSecret);
  return {
    store,
    logSink: (line) => {
      process.stderr.write(redactor.scrub(line));
    },
    scrub: (text) => redactor.scrub(text),
    async serve(factory, logger, stop) {
      // Open protocol sessions are not closed at boot: any replica (this one after a restart
      // included) rebuilds them from the store; they end by DELETE, TTL or idle timeout.
      const authenticator = createAuthenticator({
        staticToken: settings.staticToken,
        tokens: store.tokens,
        disabled: settings.authDisabled,
      });
      // Named tokens can still be created while it runs, so this is a warning, not a refusal.
      if (!settings.authDisabled && !settings.staticToken && !oauth) {
        const now = Date.now();
        if (!(await store.tokens.list()).some((t) => tokenStatus(t, now) === "active"))
          logger.warn("http_auth_accepts_nobody", {
            message:
              "no static token, no OAuth issuer and no active named token: every request gets 401 until `ptc-mcp token create NAME` (same --data-dir)",
          });
      }
      const limiter = createAuthRateLimiter(
        store.authFailures,
        { ...settings.rateLimit, enabled: settings.rateLimit.enabled && !settings.authDisabled },
        {
          onError: (e) => logger.warn("rate_limiter_unavailable", { message: e.message }),
          // Replicas on one database: a block earned on one holds on all (decision 0020).
          shared: store.kind !== "sqlite",
        },
      );
      // --audit-retention-days of history; failed-auth state only while it can still block. Swept now and hourly.
      const retention = startRetention({
        audit: store.audit,
        sessions: store.sessions,
        limiter,
        policy: {
          auditMs: config.auditRetentionDays * DAY_MS,
          closedSessionsMs: 30 * DAY_MS,
          authFailuresMs: Math.max(settings.rateLimit.windowMs, settings.rateLimit.blockMs),
        },
        intervalMs: RETENTION_SWEEP_MS,
        logger,
      });
      try {
        const verifier = oauth ? await (await import("./start-oauth.ts")).prepareOAuth(oauth, logger) : null;
        await serveOverHttp({
          settings,
          factory,
          logger,
          authenticator,
          limiter,
          redactor,
          sessionRepo: store.sessions,
          auditRepo: store.audit,
          storePing: () => store.ping(),
          oauth: verifier,
          mounts: config.httpViewer && config.traceDir ? [viewerMount(config.traceDir, store)] : [],
          ...(stop ? { stop } : {}),
        });
      } finally {
        retention.stop();
        await store.close();
      }
    },
  };
}

/** The trace viewer at `/viewer`, naming tokens from the open store. */
function viewerMount(traceDir: string, store: Store) {
  const ownerNames = async () => ownerNamesOf(await store.tokens.list());
  return { path: "/viewer", app: createViewerApp({ traces: new TraceStore(traceDir), ownerNames, base: "/viewer" }) };
}
