/**
 * Puts the HTTP app on `Bun.serve` and runs it until SIGTERM or SIGINT, then drains
 * (mcp-server-http-deployment.md "Rolling Deploy Drain"): `/ready` turns 503, new MCP requests
 * get `server draining`, running calls get `--http-shutdown-grace-ms` to finish, whatever is left
 * is cancelled, and the listener stops. The returned promise resolves then (exit status 0).
 */

import type { HttpSettings, Logger } from "../../config/index.ts";
import { createHttpApp, type HttpAppDeps } from "./app.ts";

/** Options of {@link serveOverHttp}. */
export interface ServeHttpOptions extends HttpAppDeps {
  /** Signals that start the drain; default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Resolves with a signal name to start the drain; replaces `signals` (the caller catches them). */
  readonly stop?: Promise<string>;
  /** Called once the listener is up, with the bound port (tests, logs). */
  readonly onListening?: (port: number) => void;
}

/** How long finished responses get to be written after the drain before sockets are closed. */
const FLUSH_MS = 1000;

/** Bun's idle timeout in whole seconds (1-255) for the request read timeout. */
function idleSeconds(settings: HttpSettings): number {
  return Math.min(255, Math.max(1, Math.ceil(settings.requestTimeoutMs / 1000)));
}

/** Serves until a stop signal and the drain are over. */
export async function serveOverHttp(options: ServeHttpOptions): Promise<void> {
  const { settings, logger } = options;
  const http = createHttpApp(options);
  const server = Bun.serve({
    hostname: settings.host,
    port: settings.port,
    idleTimeout: idleSeconds(settings),
    fetch(request, srv) {
      return http.app.fetch(request, {
        peerOf: () => srv.requestIP(request)?.address ?? "unknown",
        // An MCP exchange may stream for long; its own keep-alives and deadlines govern it.
        keepOpen: (r: Request) => srv.timeout(r, 0),
      });
    },
  });
  const port = server.port ?? settings.port;
  logger.info("server_start", {
    transport: "http",
    host: settings.host,
    port,
    path: settings.path,
    auth: settings.authDisabled ? "disabled" : settings.staticToken ? "static+named" : "named",
    instance: settings.instanceLabel,
    metrics: settings.metricsPath !== null,
  });
  options.onListening?.(port);

  const signal = await (options.stop ?? waitForSignal(options.signals ?? ["SIGTERM", "SIGINT"]));
  await drain(http, settings, logger, signal);
  // Let responses produced a moment ago reach their sockets, then close whatever is left.
  await Promise.race([server.stop(false), Bun.sleep(FLUSH_MS)]);
  await server.stop(true);
  logger.info("server_stop", { transport: "http" });
}

async function drain(
  http: ReturnType<typeof createHttpApp>,
  settings: HttpSettings,
  logger: Logger,
  signal: string,
): Promise<void> {
  http.startDrain();
  logger.info("http_draining", {
    signal,
    in_flight: http.ledger.total,
    sessions: http.registry.size,
    grace_ms: settings.shutdownGraceMs,
  });
  const idle = await http.ledger.waitIdle(settings.shutdownGraceMs);
  if (!idle) logger.warn("http_drain_cancelled", { in_flight: http.ledger.total });
  await http.close();
}

function waitForSignal(signals: readonly NodeJS.Signals[]): Promise<string> {
  return new Promise((resolve) => {
    const handlers = signals.map((s) => {
      const h = () => {
        for (const [sig, fn] of handlers) process.off(sig, fn);
        resolve(s);
      };
      process.on(s, h);
      return [s, h] as const;
    });
  });
}
