/**
 * Composition of stateful sessions (`--sessions`): opens the state store under `--data-dir` (the
 * HTTP mode passes the one it already opened), builds the session service over the shared worker
 * pool and concurrency gate, and reaps expired sessions on a schedule. Sessions of a named token
 * that was revoked or deleted are closed by the reaper too.
 */

import type { Logger, ServerConfig, UpstreamScope } from "../config/index.ts";
import {
  type CallGate,
  type CallHost,
  createSessionService,
  type SessionService,
  sessionSettings,
} from "../mcp/index.ts";
import type { Executor } from "../sandbox/index.ts";
import { openStore, type Store, StoreError } from "../store/index.ts";
import { programBounds } from "./program-bounds.ts";
import { CliExit, EXIT } from "./errors.ts";

/** Longest pause between two reaper runs, ms. */
const MAX_REAP_EVERY_MS = 60_000;
/** Shortest pause between two reaper runs, ms. */
const MIN_REAP_EVERY_MS = 250;

/** What {@link startSessions} needs from the composition root. */
export interface SessionWiring {
  readonly executor: Executor;
  readonly gate: CallGate;
  readonly logger: Logger;
  readonly hostFor?: ((allowedServers?: UpstreamScope) => CallHost) | undefined;
  readonly scrub?: (text: string) => string;
  /** The HTTP mode's open store; absent over stdio (the store is opened here and closed by `stop`). */
  readonly store?: Store | undefined;
}

/** Running sessions: the service for the server core and the shutdown step. */
export interface RunningSessions {
  readonly service: SessionService;
  readonly previewChars: number;
  /** Stops the reaper; closes the store when it was opened here. */
  stop(): Promise<void>;
}

/**
 * Starts the session service.
 *
 * @throws {CliExit} failure (1) when the store cannot be opened
 */
export async function startSessions(config: ServerConfig, wiring: SessionWiring): Promise<RunningSessions> {
  let store = wiring.store;
  const owned = store === undefined;
  if (store === undefined) {
    try {
      store = await openStore(config.dataDir);
    } catch (e) {
      if (e instanceof StoreError) throw new CliExit(EXIT.failure, e.message);
      throw e;
    }
  }
  const settings = sessionSettings(config);
  const service = createSessionService({
    repo: store.lispSessions,
    executor: wiring.executor,
    ...programBounds(config),
    gate: wiring.gate,
    settings,
    hostFor: wiring.hostFor,
    scrub: wiring.scrub,
  });
  const tokens = store.tokens;
  // A named token's owner is `pat:<token id>`; once the token is revoked or deleted its sessions end.
  // The token table is read once per sweep.
  const ownersGone = async () => {
    const live = new Set((await tokens.list()).filter((t) => t.revokedAt === null).map((t) => `pat:${t.id}`));
    return (owner: string) => owner.startsWith("pat:") && !live.has(owner);
  };
  const every = Math.max(
    MIN_REAP_EVERY_MS,
    Math.min(MAX_REAP_EVERY_MS, Math.floor(Math.min(settings.ttlMs, settings.idleTimeoutMs) / 4)),
  );
  const reap = () => {
    ownersGone()
      .then((gone) => service.reap(gone))
      .then(
        (n) => {
          if (n > 0) wiring.logger.info("sessions_reaped", { closed: n });
        },
        (e) => wiring.logger.warn("session_reaper_failed", { message: (e as Error).message }),
      );
  };
  reap();
  const timer = setInterval(reap, every);
  timer.unref();
  return {
    service,
    previewChars: settings.previewChars,
    async stop() {
      clearInterval(timer);
      if (owned) await store.close();
    },
  };
}
