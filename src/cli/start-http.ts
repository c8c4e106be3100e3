/**
 * The HTTP half of `ptc-mcp start --http`: validates the `--http-*` flags, opens the state store,
 * builds the authenticator and the failed-auth limiter, and serves until drained. Split from
 * `start.ts` so the stdio path loads none of this.
 *
 * The logger of an HTTP server writes through a redactor that knows the static token and every
 * live session id (second line of defence; the code logs hashes only).
 */

import { createAuthenticator } from "../auth/authenticator.ts";
import { createAuthRateLimiter } from "../auth/rate-limiter.ts";
import { createRedactor, type Redactor } from "../auth/redactor.ts";
import { ConfigError } from "../config/errors.ts";
import type { ServerConfig } from "../config/flags.ts";
import { type HttpSettings, httpSettings } from "../config/http-settings.ts";
import type { Logger, LogSink } from "../config/logger.ts";
import type { ServerFactory } from "../mcp/server.ts";
import { openStore, type Store, StoreError } from "../store/index.ts";
import { startRetention } from "../transports/http/retention.ts";
import { serveOverHttp } from "../transports/http/serve.ts";
import { CliExit, EXIT } from "./errors.ts";

/** A prepared HTTP server: its log sink (redacting) and the serve loop. */
export interface PreparedHttp {
  readonly logSink: LogSink;
  /** Serves until `stop` (SIGTERM/SIGINT) and the drain are over; closes the store. */
  serve(factory: ServerFactory, logger: Logger, stop?: Promise<string>): Promise<void>;
}

const DAY_MS = 86_400_000;
/** Time between retention sweeps of the store. */
const RETENTION_SWEEP_MS = 3_600_000;

/**
 * Checks the HTTP flags and opens the store, before anything else starts.
 *
 * @throws {CliExit} usage (2) for a bad flag combination, failure (1) when the store cannot open
 */
export function prepareHttp(config: ServerConfig): PreparedHttp {
  let settings: HttpSettings;
  try {
    settings = httpSettings(config);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(EXIT.usage, e.message);
    throw e;
  }
  let store: Store;
  try {
    store = openStore(settings.dataDir);
  } catch (e) {
    if (e instanceof StoreError) throw new CliExit(EXIT.failure, e.message);
    throw e;
  }
  const redactor: Redactor = createRedactor();
  if (settings.staticToken) redactor.register(settings.staticToken);
  return {
    logSink: (line) => {
      process.stderr.write(redactor.scrub(line));
    },
    async serve(factory, logger, stop) {
      // Sessions left open by a previous process died with it.
      store.sessions.closeAllOpen("restart", Date.now());
      const authenticator = createAuthenticator({
        staticToken: settings.staticToken,
        tokens: store.tokens,
        disabled: settings.authDisabled,
      });
      const limiter = createAuthRateLimiter(
        store.authFailures,
        { ...settings.rateLimit, enabled: settings.rateLimit.enabled && !settings.authDisabled },
        { onError: (e) => logger.warn("rate_limiter_unavailable", { message: e.message }) },
      );
      // A month of history; failed-auth state only while it can still block. Swept now and hourly.
      const retention = startRetention({
        audit: store.audit,
        sessions: store.sessions,
        limiter,
        policy: {
          auditMs: 30 * DAY_MS,
          closedSessionsMs: 30 * DAY_MS,
          authFailuresMs: Math.max(settings.rateLimit.windowMs, settings.rateLimit.blockMs),
        },
        intervalMs: RETENTION_SWEEP_MS,
        logger,
      });
      try {
        await serveOverHttp({
          settings,
          factory,
          logger,
          authenticator,
          limiter,
          redactor,
          sessionRepo: store.sessions,
          auditRepo: store.audit,
          ...(stop ? { stop } : {}),
        });
      } finally {
        retention.stop();
        store.close();
      }
    },
  };
}
