/**
 * Streamable HTTP transport: the Hono app (both protocol eras on one endpoint, sessions, auth,
 * rate limits, health, metrics) and the server loop with drain.
 */

export { createHttpApp, type HttpApp, type HttpAppDeps } from "./app.ts";
export { createInFlightLedger, type InFlightLedger } from "./in-flight.ts";
export { createHttpMetrics, type HttpMetrics, noMetrics } from "./metrics.ts";
export { type ServeHttpOptions, serveOverHttp } from "./serve.ts";
export { createSessionRegistry, type LiveSession, newSessionId, type SessionRegistry } from "./sessions.ts";
export type { Era, HttpBindings, HttpEnv, HttpVariables } from "./types.ts";
