/**
 * The host protocol as one type: operation name → the payload a program sends and the result its
 * host answers (the MCP SDK's method → result map is the model). The builtins that call the host
 * (builtins/tools.ts, builtins/discovery.ts) and the upstream session that serves it
 * (src/upstream/session.ts) both use this map, so an unknown op, a wrong payload or a missing
 * handler is a compile error. Payloads and results are JSON-compatible: they cross the worker
 * boundary by structured clone. Every reply is `{ result }` or `{ fault }` (see {@link HostReply}).
 *
 * A null result from a `catalog.*` op or `tool.servers` is a discovery world fault (upstream down,
 * result over the byte cap, discovery budget spent).
 */

/** How a `tool/call` ended: the value, or a world fault (aggregator-mode.md "Error reference"). */
export type ToolCallResult =
  | { readonly ok: true; readonly value: unknown; readonly value_kind: "json" | "text" | "none" }
  | { readonly ok: false; readonly reason: string; readonly message: string };

/** Every host operation with its payload and result. */
export interface HostOps {
  /** `(tool/call {:server :tool :args})`. */
  "tool.call": {
    payload: { readonly server: string; readonly tool: string; readonly args: unknown };
    result: ToolCallResult;
  };
  /** `(tool/servers)`: one summary object per visible server. */
  "tool.servers": { payload: Readonly<Record<string, never>>; result: readonly unknown[] | null };
  /** `(dir 'server)`: `"tool - description"` lines of one page. */
  "catalog.dir": {
    payload: { readonly server: string; readonly limit: number; readonly offset: number };
    result: readonly string[] | null;
  };
  /** `(doc 'server/tool)`: the doc text. */
  "catalog.doc": { payload: { readonly server: string; readonly tool: string }; result: string | null };
  /** `(meta 'server/tool)`: the tool's metadata object. */
  "catalog.meta": { payload: { readonly server: string; readonly tool: string }; result: unknown };
  /** `(apropos "query")`: ranked lines across visible servers; `load` starts upstreams not yet listed. */
  "catalog.apropos": {
    payload: { readonly query: string; readonly limit: number; readonly load: boolean };
    result: readonly string[] | null;
  };
}

/** A host operation name. */
export type HostOp = keyof HostOps;

/** The payload of `O`. */
export type HostPayload<O extends HostOp> = HostOps[O]["payload"];

/** The result of `O`. */
export type HostResult<O extends HostOp> = HostOps[O]["result"];

/** One request: an op with its own payload (a discriminated union over {@link HostOps}). */
export type HostRequest = { [O in HostOp]: { readonly op: O; readonly payload: HostPayload<O> } }[HostOp];

/** A program fault the host detected; the program raises it as a LispError of that type. */
export interface HostFault {
  readonly code: "unknown_tool" | "type_error" | "runtime_error";
  readonly message: string;
  readonly hint?: string | undefined;
}

/** The reply to `O`. */
export type HostReply<O extends HostOp = HostOp> = { readonly result: HostResult<O> } | { readonly fault: HostFault };
