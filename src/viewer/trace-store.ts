/**
 * Read side of the per-call trace files that `--trace-dir` leaves (src/mcp/trace.ts): one JSONL
 * file per call, named `<ISO time>-<pid>-<seq>-<tool>.jsonl`, so the name sorts by start time and
 * carries the tool. Listing reads only the directory; a file is opened when a page needs its rows,
 * and its summary is cached by name (files are written once and never change).
 *
 * Paging walks names newest first and stops as soon as a page is full, so the first page of a
 * directory of 10,000 calls reads about one page of files, whatever the filters.
 */

import { type Dirent, readdirSync, readFileSync, watch } from "node:fs";
import { join } from "node:path";

/** One upstream call of a traced program (a `tool.call` row). */
export interface TraceUpstreamCall {
  readonly server: string;
  readonly tool: string;
  readonly status: string;
  readonly durationMs: number;
  /** Ms after the program's first host request; null in traces written before it was recorded. */
  readonly startedMs: number | null;
  readonly reason: string | null;
  readonly resultBytes: number | null;
}

/** A payload as the trace policy kept it: bytes always, a digest or the text when allowed. */
export interface TracePayload {
  readonly bytes: number;
  readonly sha256: string | null;
  /** Verbatim text, present only under `--trace-payloads full`. */
  readonly text: string | null;
}

/** What the list and the charts need of one call. */
export interface CallSummary {
  /** File name without `.jsonl`; the call page's id. */
  readonly id: string;
  /** Start time, epoch ms. */
  readonly at: number;
  readonly tool: string;
  /** `ok` or the error reason (`timeout`, `parse_error`, ...); `unknown` for an unfinished file. */
  readonly status: string;
  readonly errorType: string | null;
  readonly durationMs: number | null;
  /** Hashed owner (HTTP mode); null over stdio. */
  readonly ownerHash: string | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly upstreamCalls: number;
  /** Bytes the upstreams returned that did not reach the client (0 without upstream calls). */
  readonly bytesSaved: number;
}

/** Everything the call page shows. */
export interface CallDetail extends CallSummary {
  readonly payloadPolicy: string;
  readonly program: TracePayload | null;
  readonly context: TracePayload | null;
  readonly result: TracePayload | null;
  readonly message: string | null;
  readonly prints: number;
  readonly calls: readonly TraceUpstreamCall[];
}

/** List filters; each is optional and they combine with AND. Times are epoch ms. */
export interface CallFilter {
  readonly tool?: string | undefined;
  /** `ok`, `error` (any failure) or one exact reason. */
  readonly status?: string | undefined;
  /** Owner hashes the token filter resolved to (a token name maps to one hash). */
  readonly owners?: ReadonlySet<string> | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
}

/** One page of the list, newest first; `next` is the cursor for the following page. */
export interface CallPage {
  readonly calls: readonly CallSummary[];
  readonly next: string | null;
}

const NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-\d+-\d+-([A-Za-z0-9_]+)\.jsonl$/;
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

/** Start time and tool read from a trace file name; null when the name is not a trace's. */
export function parseTraceName(name: string): { at: number; tool: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(at) ? null : { at, tool: m[6] as string };
}

/** Reads trace files of one directory. */
export class TraceStore {
  readonly #dir: string;
  readonly #summaries = new Map<string, CallSummary>();
  /** Files opened so far (tests use it to prove paging does not read everything). */
  filesRead = 0;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Trace file ids, newest first. A missing directory lists nothing. */
  ids(): string[] {
    let entries: Dirent[];
    try {
      entries = readdirSync(this.#dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const ids: string[] = [];
    for (const e of entries) if (e.isFile() && NAME.test(e.name)) ids.push(e.name.slice(0, -".jsonl".length));
    return ids.sort().reverse();
  }

  /**
   * One page of calls matching `filter`, starting after the cursor `after` (an id).
   *
   * @param limit calls per page (1..500)
   */
  page(filter: CallFilter, limit: number, after?: string): CallPage {
    const ids = this.ids();
    let i = after ? ids.findIndex((id) => id < after) : 0;
    if (i < 0) i = ids.length;
    const calls: CallSummary[] = [];
    for (; i < ids.length && calls.length < limit; i++) {
      const id = ids[i] as string;
      const named = parseTraceName(`${id}.jsonl`);
      if (!named) continue;
      if (filter.until !== undefined && named.at > filter.until) continue;
      if (filter.since !== undefined && named.at < filter.since) break;
      if (filter.tool && named.tool !== filter.tool) continue;
      const s = this.summary(id);
      if (s && matches(s, filter)) calls.push(s);
    }
    const last = calls[calls.length - 1];
    return { calls, next: i < ids.length && last ? last.id : null };
  }

  /** Summaries of every call in `[since, until]` (for the charts), oldest first. */
  range(since: number, until: number): CallSummary[] {
    const out: CallSummary[] = [];
    for (const id of this.ids()) {
      const named = parseTraceName(`${id}.jsonl`);
      if (!named || named.at > until) continue;
      if (named.at < since) break;
      const s = this.summary(id);
      if (s) out.push(s);
    }
    return out.reverse();
  }

  /** The cached summary of one call; null when the id is not a readable trace file. */
  summary(id: string): CallSummary | null {
    const hit = this.#summaries.get(id);
    if (hit) return hit;
    const detail = this.detail(id);
    if (!detail) return null;
    const { payloadPolicy, program, context, result, message, prints, calls, ...summary } = detail;
    this.#summaries.set(id, summary);
    return summary;
  }

  /** All the rows of one call, parsed; null for an unknown or malformed id. */
  detail(id: string): CallDetail | null {
    if (!SAFE_ID.test(id)) return null;
    const named = parseTraceName(`${id}.jsonl`);
    if (!named) return null;
    let text: string;
    try {
      text = readFileSync(join(this.#dir, `${id}.jsonl`), "utf8");
    } catch {
      return null;
    }
    this.filesRead++;
    return parseRows(id, named, text);
  }

  /**
   * Calls `onCall(id)` for every trace file created from now on; returns a stop function.
   * Falls back to polling the directory listing where `fs.watch` is unavailable.
   */
  watch(onCall: (id: string) => void): () => void {
    const seen = new Set(this.ids());
    const scan = () => {
      for (const id of this.ids().reverse()) {
        if (!seen.has(id)) {
          seen.add(id);
          onCall(id);
        }
      }
    };
    let watcher: ReturnType<typeof watch> | null = null;
    try {
      watcher = watch(this.#dir, () => scan());
    } catch {
      watcher = null;
    }
    // A poll as well: some file systems drop watch events, and the directory may appear later.
    const timer = setInterval(scan, 1000);
    return () => {
      clearInterval(timer);
      watcher?.close();
    };
  }
}

function matches(s: CallSummary, f: CallFilter): boolean {
  if (f.status === "error" ? s.status === "ok" : f.status && s.status !== f.status) return false;
  if (f.owners && (s.ownerHash === null || !f.owners.has(s.ownerHash))) return false;
  return true;
}

type Row = Record<string, unknown>;

function parseRows(id: string, named: { at: number; tool: string }, text: string): CallDetail {
  let start: Row = {};
  let end: Row | null = null;
  const calls: TraceUpstreamCall[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let row: Row;
    try {
      row = JSON.parse(line) as Row;
    } catch {
      continue;
    }
    if (row.event === "lisp.execute.start") start = row;
    else if (row.event === "tool.call") calls.push(upstreamCall(row));
    else if (row.event === "lisp.execute.success" || row.event === "lisp.execute.fail") end = row;
  }
  const program = payload(start.program);
  const context = payload(start.context);
  const result = payload(end?.result);
  const bytesIn = (program?.bytes ?? 0) + (context?.bytes ?? 0);
  const bytesOut = result?.bytes ?? 0;
  const upstreamBytes = calls.reduce((n, c) => n + (c.resultBytes ?? 0), 0);
  const ts = typeof start.ts === "string" ? Date.parse(start.ts) : Number.NaN;
  return {
    id,
    at: Number.isNaN(ts) ? named.at : ts,
    tool: typeof start.tool === "string" ? start.tool : named.tool,
    status: typeof end?.status === "string" ? end.status : "unknown",
    errorType: typeof end?.error_type === "string" ? end.error_type : null,
    durationMs: typeof end?.duration_ms === "number" ? end.duration_ms : null,
    ownerHash: typeof start.owner_hash === "string" ? start.owner_hash : null,
    bytesIn,
    bytesOut,
    upstreamCalls: calls.length,
    bytesSaved: Math.max(0, upstreamBytes - bytesOut),
    payloadPolicy: typeof start.payload_policy === "string" ? start.payload_policy : "none",
    program,
    context,
    result,
    message: typeof end?.message === "string" ? end.message : null,
    prints: typeof end?.prints === "number" ? end.prints : 0,
    calls,
  };
}

function payload(v: unknown): TracePayload | null {
  if (v === null || typeof v !== "object") return null;
  const p = v as Row;
  return {
    bytes: typeof p.bytes === "number" ? p.bytes : 0,
    sha256: typeof p.sha256 === "string" ? p.sha256 : null,
    text: typeof p.text === "string" ? p.text : null,
  };
}

function upstreamCall(row: Row): TraceUpstreamCall {
  return {
    server: String(row.server ?? "?"),
    tool: String(row.tool ?? "?"),
    status: String(row.status ?? "?"),
    durationMs: typeof row.duration_ms === "number" ? row.duration_ms : 0,
    startedMs: typeof row.started_ms === "number" ? row.started_ms : null,
    reason: typeof row.reason === "string" ? row.reason : null,
    resultBytes: typeof row.result_bytes === "number" ? row.result_bytes : null,
  };
}
