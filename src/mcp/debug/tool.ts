/**
 * The `lisp_debug` tool (mcp-debug.md "Operations"): `stats`, `recent` and `get` over the ring.
 * Every response carries `op`, `payload_policy` and `redaction_applied: true`, in
 * `structuredContent` and mirrored as JSON text, and fits `--max-debug-response-bytes`.
 *
 * Beyond the reference: a caller sees only the records of its own owner (the HTTP owner key; over
 * stdio there is one owner, the process), so `stats` and `recent` never mix clients, and a
 * `request_id` of another owner is answered exactly like an unknown one.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/server";
import * as v from "valibot";
import type { TracePayloads } from "../../config/index.ts";
import { fitResponse } from "./fit.ts";
import type { DebugRing } from "./ring.ts";
import { aggregate } from "./stats.ts";
import type { DebugEntry } from "./types.ts";

/** Default and largest `limit` of `recent`. */
export const RECENT_LIMIT = { default: 20, max: 200 } as const;

/** Arguments of `lisp_debug`. */
export const LispDebugInputSchema = v.strictObject({
  op: v.pipe(
    v.picklist(["stats", "recent", "get"], "expected one of stats, recent, get"),
    v.description("stats: aggregate health; recent: the last calls, newest first; get: one call by request_id"),
  ),
  limit: v.optional(
    v.pipe(
      v.number("expected an integer"),
      v.integer("expected an integer"),
      v.minValue(1, "expected a positive integer"),
      v.description(`recent: how many records (default ${RECENT_LIMIT.default}, at most ${RECENT_LIMIT.max})`),
    ),
  ),
  errors_only: v.optional(v.pipe(v.boolean("expected true or false"), v.description("recent: failed calls only"))),
  since_seconds: v.optional(
    v.pipe(
      v.number("expected a number of seconds"),
      v.minValue(0, "expected a non-negative number of seconds"),
      v.description("recent and stats: only calls started in the last N seconds"),
    ),
  ),
  request_id: v.optional(v.pipe(v.string("expected a string"), v.description("get: the request_id of a record"))),
});

/** What the tool reads. */
export interface LispDebugDeps {
  readonly ring: DebugRing;
  /** `--trace-payloads`, echoed as `payload_policy`. */
  readonly payloads: TracePayloads;
  /** `--trace-dir`, or null when tracing is off. */
  readonly traceDir: string | null;
  /** `--max-debug-response-bytes` (already floored at 4 KiB). */
  readonly maxResponseBytes: number;
  /** The redactor, applied to trace-file rows read back by `get`. */
  readonly scrub: (text: string) => string;
  /** Clock, epoch ms (tests pass a fixed one). */
  readonly now?: () => number;
}

type Json = Record<string, unknown>;
type Args = v.InferOutput<typeof LispDebugInputSchema>;

/**
 * Creates the handler. `owner` is the caller's owner key (null over stdio); only records with the
 * same owner are visible.
 */
export function createLispDebugHandler(deps: LispDebugDeps) {
  const now = deps.now ?? Date.now;
  return async function lispDebug(raw: unknown, owner: string | null): Promise<CallToolResult> {
    const parsed = v.safeParse(LispDebugInputSchema, raw ?? {});
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
      const op = typeof (raw as Json | null)?.op === "string" ? String((raw as Json).op) : null;
      const what = issue.type === "strict_object" && issue.input !== undefined ? "unknown argument" : issue.message;
      return failure(
        op,
        "args_error",
        path ? `${path}: ${issue.input === undefined ? "required" : what}` : what,
        owner,
      );
    }
    const args = parsed.output;
    const cutoff = args.since_seconds === undefined ? null : now() - args.since_seconds * 1000;
    const mine = (e: DebugEntry) => e.owner === owner;
    const inWindow = (e: DebugEntry) => mine(e) && (cutoff === null || e.startedMs >= cutoff);
    switch (args.op) {
      case "stats":
        return success(stats(args, deps.ring.newest(inWindow), deps.ring.newest(mine).length, owner));
      case "recent":
        return success(recent(args, inWindow, owner));
      default:
        return get(args, owner);
    }
  };

  function header(op: string | null, owner: string | null): Json {
    return {
      op,
      payload_policy: deps.payloads,
      redaction_applied: true,
      debug_source: "ring_buffer",
      visibility: owner === null ? "process" : "owner",
    };
  }

  function stats(args: Args, windowed: DebugEntry[], ringCount: number, owner: string | null): Json {
    const oldest = windowed.at(-1);
    const newest = windowed[0];
    return {
      ...header("stats", owner),
      ring_size: deps.ring.capacity,
      ring_count: ringCount,
      trace_dir_enabled: deps.traceDir !== null,
      window: {
        from: oldest ? new Date(oldest.startedMs).toISOString() : null,
        to: newest ? new Date(newest.startedMs).toISOString() : null,
        calls: windowed.length,
        ...(args.since_seconds !== undefined ? { since_seconds: args.since_seconds } : {}),
      },
      ...aggregate(windowed),
    };
  }

  function recent(args: Args, inWindow: (e: DebugEntry) => boolean, owner: string | null): Json {
    const limit = Math.min(args.limit ?? RECENT_LIMIT.default, RECENT_LIMIT.max);
    const keep = args.errors_only ? (e: DebugEntry) => inWindow(e) && !e.ok : inWindow;
    const entries = deps.ring.newest(keep, limit);
    return {
      ...header("recent", owner),
      limit,
      ...(args.errors_only ? { errors_only: true } : {}),
      count: entries.length,
      records: entries.map((e) => withoutTexts(JSON.parse(e.json) as Json)),
    };
  }

  async function get(args: Args, owner: string | null): Promise<CallToolResult> {
    if (args.request_id === undefined) return failure("get", "args_error", "request_id: required for op get", owner);
    const entry = deps.ring.find(args.request_id);
    // Another owner's record is answered like a missing one: no way to probe for ids.
    if (entry === undefined || entry.owner !== owner)
      return failure(
        "get",
        "not_found",
        `no record with request_id ${JSON.stringify(args.request_id)} (never recorded, already evicted, or not yours)`,
        owner,
      );
    const record = JSON.parse(entry.json) as Json;
    const base = { ...header("get", owner), request_id: entry.requestId };
    if (deps.traceDir !== null && entry.traceId !== null) {
      const file = `${entry.traceId}-${entry.tool}.jsonl`;
      try {
        const text = await readFile(join(deps.traceDir, file), "utf8");
        const events = text
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => scrubDeep(JSON.parse(line), deps.scrub));
        return success({ ...base, source: "trace_file", trace_file: file, events, record });
      } catch {
        // Not written yet, pruned by --trace-max-files, or unreadable: the ring record still answers.
        return success({ ...base, source: "ring_buffer", trace_file_unavailable: true, record });
      }
    }
    return success({ ...base, source: "ring_buffer", record });
  }

  function success(payload: Json): CallToolResult {
    const fitted = fitResponse(payload, deps.maxResponseBytes);
    return { structuredContent: fitted, content: [{ type: "text", text: JSON.stringify(fitted) }] };
  }

  function failure(op: string | null, reason: string, message: string, owner: string | null): CallToolResult {
    return {
      structuredContent: { ...header(op, owner), reason, message },
      content: [{ type: "text", text: `${reason}: ${message}` }],
      isError: true,
    };
  }
}

/** A record with its verbatim texts left out (`recent` lists; `get` has them). */
function withoutTexts(record: Json): Json {
  const strip = (d: unknown): unknown => {
    if (typeof d !== "object" || d === null || !("text" in d)) return d;
    const { text: _text, ...rest } = d as Json;
    return { ...rest, text_omitted: true };
  };
  const out: Json = { ...record };
  for (const key of ["program", "context", "result"]) if (key in out) out[key] = strip(out[key]);
  if (typeof out.args === "object" && out.args !== null)
    out.args = Object.fromEntries(Object.entries(out.args as Json).map(([k, d]) => [k, strip(d)]));
  return out;
}

/** A copy of decoded JSON with every string passed through `scrub`. */
function scrubDeep(x: unknown, scrub: (s: string) => string): unknown {
  if (typeof x === "string") return scrub(x);
  if (Array.isArray(x)) return x.map((y) => scrubDeep(y, scrub));
  if (typeof x === "object" && x !== null)
    return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, scrubDeep(y, scrub)]));
  return x;
}
