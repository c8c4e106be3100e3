/**
 * The transports' public surface: what the CLI composition root wires a server factory into.
 * stdio speaks newline-delimited JSON-RPC on stdin/stdout; HTTP serves Streamable HTTP (and the
 * legacy SSE era) through a Hono app with its middleware chain.
 */

export { type AuditBuffer, createAuditBuffer } from "./http/audit-buffer.ts";
export {
  type Retention,
  type RetentionOptions,
  type RetentionPolicy,
  type SweepCounts,
  startRetention,
} from "./http/retention.ts";
export { type ServeHttpOptions, serveOverHttp } from "./http/serve.ts";
export { type StdioOptions, serveOverStdio } from "./stdio.ts";
