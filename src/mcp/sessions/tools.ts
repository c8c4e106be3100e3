/**
 * The `lisp_session_*` tools (mcp-server.md "Stateful Sessions"): argument schemas, handlers and
 * result shapes. The session handle travels as the explicit `session_id` argument, so sessions work
 * the same over stdio and HTTP and in both protocol eras (2026-07-28 has no protocol session).
 *
 * `lisp_session_eval` renders through the response profile like `lisp_eval` (slim: text only;
 * structured/debug add `session` and `memory.changed_keys` / `stored_keys`, never binding values).
 * The utility tools answer with `structuredContent` mirrored as JSON text in every profile.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import * as v from "valibot";
import { previewStored } from "../../lisp/index.ts";
import { StoreError } from "../../store/index.ts";
import type { ResponseRenderer } from "../profiles/types.ts";
import type { TraceEnd, Tracer } from "../trace.ts";
import { advertised } from "../tool-schema.ts";
import type { SessionFault, SessionService } from "./service.ts";
import type { UpstreamScope } from "../../config/index.ts";

const SessionId = v.pipe(v.string("expected a string"), v.description("the handle lisp_session_start returned"));

const EvalInput = v.strictObject({
  session_id: SessionId,
  program: v.pipe(
    v.string("expected a string"),
    v.description("PTC-Lisp source; def/defn bindings and *1 *2 *3 persist in the session"),
  ),
  context: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown(), "expected a JSON object"),
      v.description("JSON object readable in the program as data/<key>"),
    ),
  ),
});
const IdInput = v.strictObject({ session_id: SessionId });
const ForgetInput = v.strictObject({
  session_id: SessionId,
  names: v.optional(
    v.pipe(
      v.array(v.string("expected a string"), "expected an array of names"),
      v.description("bindings to remove; all when absent. Histories are cleared either way"),
    ),
  ),
});
const NoInput = v.strictObject({});

/** One tool as the server core registers it. */
export interface SessionTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: ReturnType<typeof advertised>;
  readonly outputSchema?: Readonly<Record<string, unknown>> | undefined;
  readonly readOnly: boolean;
  /** Handles one call; `owner` is the caller's owner key, `traceMeta` what its trace is stamped with. */
  call(
    raw: unknown,
    owner: string,
    signal?: AbortSignal,
    allowedServers?: UpstreamScope,
    traceMeta?: Readonly<Record<string, string>>,
  ): Promise<CallToolResult>;
}

/**
 * The six session tools over `service`, rendering evals with `renderer`; with a tracer every call
 * leaves a trace file like `lisp_eval`'s (the program of an eval included, per `--trace-payloads`).
 */
export function sessionTools(
  service: SessionService,
  renderer: ResponseRenderer,
  previewChars: number,
  tracer?: Tracer,
  evalDescription = "Run a PTC-Lisp program inside a session: (def …)/(defn …) bindings, *1 *2 *3 (last three results), println output and tool-call history persist across calls; let bindings do not.",
): SessionTool[] {
  const tool = (
    name: string,
    title: string,
    description: string,
    schema: v.GenericSchema,
    readOnly: boolean,
    run: (
      args: Record<string, unknown>,
      owner: string,
      signal?: AbortSignal,
      allowed?: UpstreamScope,
    ) => Promise<CallToolResult>,
  ): SessionTool => ({
    name,
    title,
    description,
    inputSchema: advertised(schema),
    readOnly,
    async call(raw, owner, signal, allowed, meta) {
      const parsed = parse(schema, raw);
      const args = parsed.ok ? parsed.args : {};
      const trace = tracer?.begin({
        tool: name,
        program: typeof args.program === "string" ? args.program : undefined,
        contextJson: args.context === undefined ? undefined : JSON.stringify(args.context),
        meta,
      });
      const result = parsed.ok
        ? await run(parsed.args, owner, signal, allowed).catch(storeFault)
        : faultResult({ code: "args_error", message: parsed.reason });
      trace?.end(traceEnd(result));
      return result;
    },
  });

  const evalTool = tool(
    "lisp_session_eval",
    "PTC-Lisp session eval",
    evalDescription,
    EvalInput,
    false,
    async (args, owner, signal, allowed) => {
      const answer = await service.eval(owner, args as v.InferOutput<typeof EvalInput>, signal, allowed);
      if (!answer.ok) return renderer.failure(answer.fault);
      const a = answer.value;
      const meta = { upstreamCalls: a.upstreamCalls };
      const base = a.outcome.ok
        ? renderer.success(a.outcome, meta)
        : renderer.failure(a.outcome.error, a.outcome.prints, { ...meta, resultText: a.outcome.text });
      if (base.structuredContent === undefined) return base;
      const memory = { changed_keys: a.changedKeys, stored_keys: a.storedKeys };
      return { ...base, structuredContent: { ...base.structuredContent, session: a.session, memory } };
    },
  );
  const outputSchema = renderer.outputSchema;
  return [
    tool(
      "lisp_session_start",
      "Start a PTC-Lisp session",
      "Start a stateful PTC-Lisp session; returns its session_id for the other lisp_session_* tools. Sessions end on lisp_session_close, after their TTL or when idle.",
      NoInput,
      false,
      async (_args, owner) => answerResult(await service.start(owner)),
    ),
    { ...evalTool, outputSchema },
    tool(
      "lisp_session_inspect",
      "Inspect a PTC-Lisp session",
      "Show a session's bindings (previews and sizes) and its histories: *1 *2 *3, prints, tool and upstream calls.",
      IdInput,
      true,
      async (args, owner) => {
        const r = await service.inspect(owner, String(args.session_id));
        if (!r.ok) return faultResult(r.fault);
        const { summary, bindings, history } = r.value;
        return jsonResult({
          session: summary,
          bindings: bindings.map((b) => ({ name: b.name, bytes: b.bytes, ...previewStored(b.value, previewChars) })),
          history: {
            results: history.results.map((text, i) => ({ name: `*${i + 1}`, ...previewStored(text, previewChars) })),
            prints: history.prints,
            tool_calls: history.toolCalls,
            upstream_calls: history.upstreamCalls,
          },
        });
      },
    ),
    tool(
      "lisp_session_list",
      "List PTC-Lisp sessions",
      "List your open sessions (metadata only; does not refresh their idle timers).",
      NoInput,
      true,
      async (_args, owner) => jsonResult({ sessions: await service.list(owner) }),
    ),
    tool(
      "lisp_session_forget",
      "Forget session bindings",
      "Remove named bindings from a session (all when names is absent) and clear its histories.",
      ForgetInput,
      false,
      async (args, owner) => {
        const r = await service.forget(owner, String(args.session_id), args.names as string[] | undefined);
        return r.ok ? jsonResult({ forgotten: r.value.removed, session: r.value.summary }) : faultResult(r.fault);
      },
    ),
    tool(
      "lisp_session_close",
      "Close a PTC-Lisp session",
      "End a session and drop its bindings and histories.",
      IdInput,
      false,
      async (args, owner) => answerResult(await service.close(owner, String(args.session_id))),
    ),
  ];
}

/**
 * A store that cannot be reached fails the call fast with `store_unavailable` (decision 0020); any
 * other error propagates (the SDK answers it as an internal error).
 */
function storeFault(e: unknown): CallToolResult {
  if (e instanceof StoreError && e.code === "unavailable") {
    const message = e.message.replace(/^store_unavailable: /, "");
    return faultResult({ code: "store_unavailable", message: `${message}; try again shortly` });
  }
  throw e;
}

/** The end row of a call's trace: status or error reason, and the text sent back. */
function traceEnd(r: CallToolResult): TraceEnd {
  const text = (r.content ?? []).map((b) => (b.type === "text" ? b.text : "")).join("\n");
  const sc = r.structuredContent as Record<string, unknown> | undefined;
  if (!r.isError) return { status: "ok", result: text };
  const reason = typeof sc?.reason === "string" ? sc.reason : (text.split(":")[0] ?? "error");
  return { status: reason, message: typeof sc?.message === "string" ? sc.message : text };
}

function parse(
  schema: v.GenericSchema,
  raw: unknown,
): { ok: true; args: Record<string, unknown> } | { ok: false; reason: string } {
  const input = isObject(raw) ? Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== null)) : (raw ?? {});
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, args: r.output as Record<string, unknown> };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  if (path === "") return { ok: false, reason: "arguments: expected a JSON object" };
  if (issue.type === "strict_object")
    return { ok: false, reason: issue.input === undefined ? `${path}: required` : `${path}: unknown argument` };
  return { ok: false, reason: `${path}: ${issue.message}` };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

function answerResult(a: { ok: true; value: object } | { ok: false; fault: SessionFault }): CallToolResult {
  return a.ok ? jsonResult({ ...a.value }) : faultResult(a.fault);
}

function faultResult(f: SessionFault): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: `${f.code}: ${f.message}` }],
    structuredContent: { status: "error", reason: f.code, message: f.message },
  };
}
