/**
 * Rebuilding a 2025-era protocol session on a replica that did not serve its `initialize`.
 *
 * The SDK's `WebStandardStreamableHTTPServerTransport` keeps "initialized" and the session id as
 * private state set only by an `initialize` POST, and the server keeps the negotiated revision,
 * client capabilities and client info from the same message. Rather than poke private fields, a
 * replica replays the client's own `initialize` params (stored at the first `initialize`) into a
 * fresh server + transport whose id generator returns the existing id, then the
 * `notifications/initialized` that completes the handshake. Negotiation is deterministic, so the
 * rebuilt pair agrees with the original on every field; the replayed answers are discarded.
 * docs/decisions/0021-replica-sessions.md.
 */

import type { AuthInfo, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";

/** Largest stored `initialize` params, in bytes of JSON; a larger session is not rebuildable. */
export const MAX_INIT_PARAMS_BYTES = 65_536;

/** Id of the replayed `initialize` (never seen by a client). */
const REPLAY_ID = "ptc-mcp-session-restore";

/**
 * The JSON kept for a rebuild: `protocolVersion`, `capabilities` and `clientInfo` of an
 * `initialize` body. Null when the body has no params object or the JSON exceeds
 * {@link MAX_INIT_PARAMS_BYTES} (such a session lives only on the replica that opened it).
 */
export function initParamsOf(body: unknown): string | null {
  const params = (body as { params?: unknown } | null)?.params;
  if (typeof params !== "object" || params === null) return null;
  const { protocolVersion, capabilities, clientInfo } = params as Record<string, unknown>;
  const json = JSON.stringify({ protocolVersion, capabilities, clientInfo });
  return Buffer.byteLength(json) > MAX_INIT_PARAMS_BYTES ? null : json;
}

function replayRequest(extra: Record<string, string>): Request {
  return new Request("http://127.0.0.1/mcp", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...extra },
  });
}

/**
 * Replays `initParams` (from {@link initParamsOf}) into `transport`, already connected to a fresh
 * server and created with an id generator that returns `sessionId`.
 *
 * @returns the revision the replayed `initialize` negotiated, or null when the transport refused it
 */
export async function replayInitialize(
  transport: WebStandardStreamableHTTPServerTransport,
  sessionId: string,
  initParams: string,
  authInfo: AuthInfo,
): Promise<string | null> {
  const params = JSON.parse(initParams) as Record<string, unknown>;
  const init = await transport.handleRequest(replayRequest({}), {
    parsedBody: { jsonrpc: "2.0", id: REPLAY_ID, method: "initialize", params },
    authInfo,
  });
  if (init.status !== 200 || transport.sessionId !== sessionId) return null;
  let version: string | null = null;
  try {
    const answer = (await init.json()) as { result?: { protocolVersion?: unknown } };
    if (typeof answer.result?.protocolVersion === "string") version = answer.result.protocolVersion;
  } catch {
    return null;
  }
  if (version === null) return null;
  const done = await transport.handleRequest(
    replayRequest({ "mcp-session-id": sessionId, "mcp-protocol-version": version }),
    { parsedBody: { jsonrpc: "2.0", method: "notifications/initialized" }, authInfo },
  );
  await done.body?.cancel().catch(() => {});
  return done.status === 202 ? version : null;
}
