/**
 * Upstream tool calls (aggregator-mode.md "Writing PTC-Lisp programs against tool/call") and the
 * parallel helpers: `tool/call`, `tool/servers` (also `mcp/servers`), `pmap`, `pcalls`.
 *
 * Everything goes through the program's host (`run().host`, see host-calls.ts); a program without
 * one gets a clear "no upstreams are configured" error. The host answers `{result}` or
 * `{fault: {code, message, hint}}` — the protocol documented in `src/upstream/session.ts`.
 *
 * `tool/call` returns tagged data, `{:ok true :value v :value_kind :json|:text|:none}` or
 * `{:ok false :reason kw :message text}` for world faults (the upstream failed, timed out, answered
 * too much, the call budget ran out). Programmer faults raise: a malformed call map, `:args` that
 * is not a JSON-encodable map, an unknown server, or a tool the catalog proves absent.
 */

import { mapLookup, toFn, typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { hostCall, parallelMap } from "../host-calls.ts";
import { fromJson, toJson } from "../json.ts";
import { printValue } from "../printer.ts";
import { Keyword, type LFn, LRegex, PMap, PSet, Var, Vec, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { callable, items } from "./support.ts";

/** Keys a `tool/call` map may have. */
const CALL_KEYS = new Set(["server", "tool", "args"]);

/** Decodes a host reply: the result, or the programmer fault raised as a LispError. */
export function hostResult(reply: unknown): unknown {
  if (typeof reply === "object" && reply !== null) {
    const r = reply as { result?: unknown; fault?: { code?: unknown; message?: unknown; hint?: unknown } };
    if (r.fault !== undefined) {
      const code = r.fault.code === "type_error" || r.fault.code === "runtime_error" ? r.fault.code : "unknown_tool";
      throw new LispError(
        code,
        String(r.fault.message),
        null,
        typeof r.fault.hint === "string" ? r.fault.hint : undefined,
      );
    }
    if ("result" in r) return r.result;
  }
  throw new LispError("tool_error", "the host gave an answer this program cannot read");
}

/** Short printed form of a value for messages. */
export function shown(v: Value): string {
  const s = printValue(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A field of a call map, read with flexible keys (`:server` or `"server"`). */
function field(m: PMap, name: string): Value | undefined {
  return mapLookup(m, Keyword.of(name));
}

/**
 * Why `v` cannot travel as JSON (a function, regex or var somewhere inside), or null. Symbols,
 * keywords, sets and host values such as dates travel as their JSON form (text or arrays).
 */
function notJson(v: Value, path: string): string | null {
  if (typeof v === "function") return `a function at ${path}`;
  if (v instanceof LRegex) return `a regex at ${path}`;
  if (v instanceof Var) return `a var at ${path}`;
  if (v instanceof Vec || v instanceof PSet) {
    const xs = v.toArray();
    for (let i = 0; i < xs.length; i++) {
      const why = notJson(xs[i] as Value, `${path}[${i}]`);
      if (why !== null) return why;
    }
  }
  if (v instanceof PMap) {
    for (const [k, x] of v.entries()) {
      const why = notJson(x, `${path} ${k instanceof Keyword ? `:${k.name}` : shown(k)}`);
      if (why !== null) return why;
    }
  }
  return null;
}

/** Validates a call map and builds the host payload. */
function callPayload(req: Value): { server: string; tool: string; args: unknown } {
  if (!(req instanceof PMap)) {
    throw new LispError("type_error", `tool/call expects a map {:server .. :tool .. :args {..}}, got ${typeName(req)}`);
  }
  for (const k of req.keys()) {
    const name = k instanceof Keyword ? k.name : typeof k === "string" ? k : null;
    if (name === null || !CALL_KEYS.has(name)) {
      throw new LispError(
        "type_error",
        `tool/call got the unknown key ${shown(k)}`,
        null,
        "a call map has :server, :tool and optional :args",
      );
    }
  }
  const server = field(req, "server");
  if (typeof server !== "string" || server === "") {
    throw new LispError(
      "type_error",
      `tool/call requires :server (string), got ${server === undefined ? "nothing" : shown(server)}`,
    );
  }
  const tool = field(req, "tool");
  if (typeof tool !== "string" || tool === "") {
    throw new LispError(
      "type_error",
      `tool/call on upstream '${server}' requires :tool (string), got ${tool === undefined ? "nothing" : shown(tool)}`,
    );
  }
  const raw = field(req, "args") ?? null;
  const args = raw === null ? PMap.empty() : raw;
  if (!(args instanceof PMap))
    throw new LispError(
      "type_error",
      `tool '${server}.${tool}' rejected args: :args must be a map, got ${shown(args)}`,
    );
  const why = notJson(args, ":args");
  if (why !== null)
    throw new LispError("type_error", `tool '${server}.${tool}' rejected args: not JSON-encodable (${why})`);
  return { server, tool, args: toJson(args) };
}

/** The tagged result map of a `tool.call` reply. */
function tagged(result: unknown): PMap {
  const r = (result ?? {}) as {
    ok?: unknown;
    value?: unknown;
    value_kind?: unknown;
    reason?: unknown;
    message?: unknown;
  };
  if (r.ok === true) {
    return PMap.fromPairs([
      [Keyword.of("ok"), true],
      [Keyword.of("value"), fromJson(r.value)],
      [Keyword.of("value_kind"), Keyword.of(String(r.value_kind ?? "none"))],
    ]);
  }
  return PMap.fromPairs([
    [Keyword.of("ok"), false],
    [Keyword.of("reason"), Keyword.of(String(r.reason ?? "upstream_error"))],
    [Keyword.of("message"), String(r.message ?? "")],
  ]);
}

function toolCall(req: Value): Value {
  return tagged(hostResult(hostCall("tool.call", callPayload(req), "tool/call")));
}

function toolServers(): Value {
  return fromJson(hostResult(hostCall("tool.servers", {}, "tool/servers")) ?? []);
}

function pmap(f: Value, ...colls: Value[]): Value {
  const fn = callable(f, "pmap");
  const arrays = colls.map((c) => items(c, "pmap"));
  let n = Number.POSITIVE_INFINITY;
  for (const a of arrays) n = Math.min(n, a.length);
  return Vec.of(parallelMap(n, (i) => fn(...arrays.map((a) => a[i] as Value))));
}

function pcalls(...fs: Value[]): Value {
  const thunks = fs.map((f) => toFn(f, "pcalls"));
  return Vec.of(parallelMap(thunks.length, (i) => (thunks[i] as LFn)()));
}

const DEFS: BuiltinDef[] = [
  {
    name: "tool/call",
    arity: [1, 1],
    doc: "(tool/call {:server s :tool t :args {..}}) — call an upstream tool; {:ok true :value v :value_kind k} or {:ok false :reason r :message m}",
    fn: toolCall,
  },
  {
    name: "tool/servers",
    aliases: ["mcp/servers"],
    arity: [0, 0],
    doc: '(tool/servers) — configured upstream servers: [{"name" "description" "tool_count" "catalog_loaded"}]',
    fn: toolServers,
  },
  {
    name: "pmap",
    arity: [2, Infinity],
    doc: "(pmap f coll ...) — like map; tool calls made by different items run concurrently",
    fn: pmap,
  },
  {
    name: "pcalls",
    arity: [0, Infinity],
    doc: "(pcalls f g ...) — vector of the thunks' results; their tool calls run concurrently",
    fn: pcalls,
  },
];

/** The upstream tool-call family. */
export const TOOLS = family("tools", DEFS);
