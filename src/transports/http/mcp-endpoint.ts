/**
 * The MCP endpoint: routes each authenticated request to the right protocol era and enforces the
 * in-flight caps.
 *
 * - 2026-07-28 (modern, sessionless) requests go to the SDK's `createMcpHandler` in strict mode
 *   (`legacy: "reject"`): one server instance per request, no session.
 * - 2025-era requests (`initialize`, then `MCP-Session-Id`; `GET` streams; `DELETE`) go to the
 *   session registry, one stateful SDK transport per session. The SDK's own stateless fallback
 *   is not used: the 2025 contract needs sessions.
 *
 * The era is decided by the SDK's `isLegacyRequest`, the same classifier `createMcpHandler` uses,
 * so the two can never disagree. Both eras share the owner's in-flight budget
 * ({@link InFlightLedger}); a 2025 session also has its own cap. Over a cap the request is refused
 * with `429` and a JSON-RPC `busy` error; nothing queues.
 */

import { type AuthInfo, isLegacyRequest, type McpHttpHandler } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import { type Principal, shortHash } from "../../auth/index.ts";
import { clipText } from "../../config/index.ts";
import type { AuditRecord } from "../../store/index.ts";
import { batchRefusal, DEFAULT_REVISION } from "../batches.ts";
import { refuseScanned } from "./body-scan.ts";
import {
  answerCancelled,
  CancelLedger,
  cancelAbandoned,
  cancelledIdsOf,
  cancelledResponse,
  requestIdsOf,
} from "./cancel.ts";
import type { InFlightLedger } from "./in-flight.ts";
import { idOf, methodOf, RPC_ERROR, refuseOversizedNames, requestCount, rpcError, toolOf } from "./json-rpc.ts";
import type { HttpMetrics } from "./metrics.ts";
import { type LiveSession, SessionRefusal, type SessionRegistry } from "./sessions.ts";
import { trackBody } from "./track-body.ts";
import type { Era, HttpEnv } from "./types.ts";
import { type CallFacts, type CallFactsSink, encodeCallerScope } from "../../mcp/index.ts";

/** What the endpoint needs. */
export interface McpEndpointDeps {
  readonly registry: SessionRegistry;
  readonly modern: McpHttpHandler;
  readonly ledger: InFlightLedger;
  readonly maxInFlightPerSession: number;
  readonly metrics: HttpMetrics;
  readonly instance: string;
  /** Writes one audit row; errors are the caller's to swallow. */
  readonly audit: (record: AuditRecord) => void;
}

/**
 * A copy of the request for the SDK: same URL, headers and abort signal, no body (the parsed body
 * travels as `parsedBody`), and `Content-Type: application/json` on a POST (the SDK accepts only
 * that exact type; `+json` types passed our own check).
 */
function forwardable(raw: Request): Request {
  const headers = new Headers(raw.headers);
  if (raw.method === "POST") headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Request(raw.url, { method: raw.method, headers, signal: raw.signal });
}

/**
 * A request on a 2025 session that does not claim a 2026 revision in its header: legacy without
 * running the classifier (the common case of a busy session; the classifier costs ~15 µs).
 */
function sessionBound(c: Context<HttpEnv>): boolean {
  if (c.req.header("mcp-session-id") === undefined) return false;
  const version = c.req.header("mcp-protocol-version");
  return version === undefined || version < "2026";
}

function authInfoOf(p: Principal, c: Context<HttpEnv>, report: CallFactsSink): AuthInfo {
  // `token` carries the owner id, never the bearer: nothing downstream needs the secret.
  const session = c.req.header("mcp-session-id");
  const trace: Record<string, string> = { owner_hash: shortHash(p.owner) };
  if (session !== undefined) trace.mcp_session_hash = shortHash(session);
  const requestId = c.get("requestId");
  if (typeof requestId === "string") trace.transport_request_id = requestId;
  return {
    token: p.owner,
    clientId: p.owner,
    scopes: [],
    extra: encodeCallerScope({ owner: p.owner, tokenName: p.tokenName, upstreams: p.upstreams, trace, report }),
  };
}

/** The tool-call columns of an audit row (all null for a request that ran no tool). */
function auditFacts(f: CallFacts | undefined) {
  return {
    outcome: f?.outcome ?? null,
    bytesIn: f?.bytesIn ?? null,
    bytesOut: f?.bytesOut ?? null,
    upstreamCalls: f?.upstreamCalls ?? null,
    upstreamBytes: f?.upstreamBytes ?? null,
  };
}

/** Longest method or tool name recorded (MCP names are far shorter; tool names at most 128). */
const MAX_NAME_CHARS = 128;

function clipName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : clipText(name, MAX_NAME_CHARS);
}

function busy(id: string | number | null, message: string): Response {
  return rpcError(429, RPC_ERROR.server, `busy: ${message}`, {
    id,
    data: { reason: "busy" },
    headers: { "retry-after": "1" },
  });
}

/** Creates the route handler (mounted after host/origin, drain, rate-limit, auth and body middleware). */
export function createMcpEndpoint(deps: McpEndpointDeps) {
  const { registry, ledger, metrics } = deps;
  const cancelLedgers = new WeakMap<object, CancelLedger>();
  const cancelLedgerOf = (session: object): CancelLedger => {
    let l = cancelLedgers.get(session);
    if (l === undefined) {
      l = new CancelLedger();
      cancelLedgers.set(session, l);
    }
    return l;
  };

  return async function mcpEndpoint(c: Context<HttpEnv>): Promise<Response> {
    const started = performance.now();
    const at = Date.now();
    const principal = c.get("principal");
    const owner = principal.owner;
    const body = c.req.method === "POST" ? c.get("body") : undefined;
    const scanned = c.req.method === "POST" ? c.get("bodyProblem") : undefined;
    // Both land in the request log and an audit row: keep a bounded prefix of what the client chose.
    const rpcMethod = clipName(scanned ? scanned.method : methodOf(body));
    const tool = clipName(toolOf(body));
    if (rpcMethod) c.set("rpcMethod", rpcMethod);
    if (tool) c.set("tool", tool);
    const refused = scanned ? refuseScanned(scanned) : refuseOversizedNames(body);
    if (refused !== null) {
      const sid = c.req.header("mcp-session-id");
      deps.audit({
        at,
        instance: deps.instance,
        requestId: c.get("requestId"),
        owner,
        sessionHash: sid === undefined ? null : shortHash(sid),
        era: (c.req.header("mcp-protocol-version") ?? "") >= "2026" ? "modern" : "legacy",
        rpcMethod: rpcMethod ?? null,
        tool: tool ?? null,
        status: refused.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
      return refused;
    }
    c.env?.keepOpen?.(c.req.raw);

    const request = forwardable(c.req.raw);
    const era: Era =
      c.req.method !== "POST" || sessionBound(c) || (await isLegacyRequest(request, body)) ? "legacy" : "modern";
    c.set("era", era);
    const calls = requestCount(body);
    // The tool call's own facts (bytes, outcome, upstream calls) arrive from the server core.
    let facts: CallFacts | undefined;
    const authInfo = authInfoOf(principal, c, (f) => {
      facts = f;
    });
    let sessionHash: string | null = null;
    let release = () => {};
    let response: Response;

    if (era === "modern") {
      if (calls > 0 && !ledger.tryEnter(owner, calls)) {
        metrics.busy("owner");
        return busy(idOf(body), `this owner already has ${ledger.of(owner)} requests in flight`);
      }
      if (calls > 0) release = () => ledger.leave(owner, calls);
      try {
        response = await deps.modern.fetch(request, { parsedBody: body, authInfo });
      } catch (e) {
        release();
        throw e;
      }
    } else {
      const sid = c.req.header("mcp-session-id");
      if (sid === undefined) {
        if (Array.isArray(body)) {
          const why = batchRefusal(null, body) ?? "Invalid Request: a batch needs a session";
          return rpcError(400, RPC_ERROR.invalidRequest, why);
        }
        if (rpcMethod !== "initialize") {
          return rpcError(400, RPC_ERROR.invalidRequest, "Bad Request: Mcp-Session-Id header is required", {
            id: idOf(body),
          });
        }
        const opened = await registry.open(request, owner, { parsedBody: body, authInfo });
        response = opened.response;
        if (opened.session) {
          sessionHash = opened.session.idHash;
          c.set("sessionHash", sessionHash);
        }
      } else {
        let session: LiveSession | null;
        try {
          // Any replica serves a session the store knows: one it does not hold is rebuilt here.
          session = await registry.lookup(sid, owner, authInfo);
        } catch (e) {
          if (e instanceof SessionRefusal) return e.response;
          throw e;
        }
        if (session === null) return rpcError(404, RPC_ERROR.sessionNotFound, "Session not found", { id: idOf(body) });
        sessionHash = session.idHash;
        c.set("sessionHash", sessionHash);
        if (Array.isArray(body)) {
          const why = batchRefusal(session.protocolVersion ?? DEFAULT_REVISION, body);
          if (why !== null) return rpcError(400, RPC_ERROR.invalidRequest, why);
        }
        const cancels = cancelLedgerOf(session);
        const ids = calls > 0 ? requestIdsOf(body) : [];
        if (calls > 0) {
          // A request whose cancel overtook it is answered cancelled, not run for nobody.
          const early = cancels.enter(ids);
          if (early.length > 0 && !Array.isArray(body)) {
            return Response.json(
              cancelledResponse(early[0] as string | number, "the client cancelled it before it arrived"),
            );
          }
          if (session.inFlight + calls > deps.maxInFlightPerSession) {
            cancels.leave(ids);
            metrics.busy("session");
            return busy(
              idOf(body),
              `this session already has ${session.inFlight} requests in flight (--http-max-in-flight-per-session)`,
            );
          }
          if (!ledger.tryEnter(owner, calls)) {
            cancels.leave(ids);
            metrics.busy("owner");
            return busy(idOf(body), `this owner already has ${ledger.of(owner)} requests in flight`);
          }
          session.inFlight += calls;
          release = () => {
            cancels.leave(ids);
            session.inFlight -= calls;
            ledger.leave(owner, calls);
            registry.touch(session);
          };
        }
        if (c.req.method === "DELETE") {
          const refused = await registry.recordDelete(session);
          if (refused !== null) return refused;
        }
        registry.touch(session);
        try {
          // A closed session (DELETE elsewhere, expiry, shutdown) cancels its running requests; the
          // SDK then never answers them, so answer here instead of waiting forever.
          const exchange = session.transport.handleRequest(request, { parsedBody: body, authInfo });
          if (calls === 0) {
            response = await exchange;
            // The SDK stops a cancelled handler but never answers it; answer so its POST ends now.
            const cancelled = cancelledIdsOf(body);
            if (cancelled.length > 0) {
              cancels.cancelled(cancelled);
              answerCancelled(session.transport, cancelled, "cancelled by the client");
            }
          } else {
            let stopWaiting = () => {};
            const cancelled = new Promise<Response>((resolve) => {
              stopWaiting = session.onClose((reason) =>
                resolve(
                  rpcError(503, RPC_ERROR.server, `request cancelled: the session was closed (${reason})`, {
                    id: idOf(body),
                  }),
                ),
              );
            });
            // A client that hangs up mid-call cancels its requests: the program stops, the slots return.
            const hungUp = () => cancelAbandoned(session.transport, requestIdsOf(body), authInfo);
            c.req.raw.signal.addEventListener("abort", hungUp, { once: true });
            try {
              response = await Promise.race([exchange, cancelled]);
            } finally {
              stopWaiting();
              c.req.raw.signal.removeEventListener("abort", hungUp);
            }
          }
        } catch (e) {
          release();
          throw e;
        }
      }
    }

    let resolveDone = () => {};
    c.set("completion", new Promise<void>((r) => (resolveDone = r)));
    const status = response.status;
    return trackBody(response, () => {
      release();
      const durationMs = performance.now() - started;
      metrics.call(era, rpcMethod ?? c.req.method, durationMs / 1000);
      deps.audit({
        at,
        instance: deps.instance,
        requestId: c.get("requestId"),
        owner,
        sessionHash,
        era,
        rpcMethod: rpcMethod ?? null,
        tool: tool ?? null,
        status,
        durationMs: Math.round(durationMs * 100) / 100,
        tokenName: principal.tokenName,
        ...auditFacts(facts),
      });
      resolveDone();
    });
  };
}
