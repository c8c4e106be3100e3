/**
 * Writes trace files in the exact format src/mcp/trace.ts writes, without running a server: for
 * tests that need many calls (paging over 10,000) or exact values.
 */

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One synthetic call. */
export interface SyntheticCall {
  readonly at: number;
  readonly tool?: string;
  readonly status?: string;
  readonly errorType?: string;
  readonly message?: string;
  readonly ownerHash?: string;
  readonly program?: string;
  readonly durationMs?: number;
  readonly result?: string;
  readonly calls?: readonly {
    server: string;
    tool: string;
    status: string;
    duration_ms: number;
    result_bytes: number;
  }[];
}

let seq = 0;

/** The file name the tracer would give a call started at `at`. */
export function traceName(at: number, tool = "lisp_eval"): string {
  return `${new Date(at).toISOString().replace(/[:.]/g, "-")}-4242-${String(++seq).padStart(6, "0")}-${tool}.jsonl`;
}

/** Writes `call` into `dir`; returns its id (the name without `.jsonl`). */
export function writeCall(dir: string, call: SyntheticCall): string {
  const tool = call.tool ?? "lisp_eval";
  const name = traceName(call.at, tool);
  const id = name.slice(0, -".jsonl".length);
  const meta = call.ownerHash ? { owner_hash: call.ownerHash } : {};
  const status = call.status ?? "ok";
  const text = (t: string | undefined) => (t === undefined ? null : { bytes: Buffer.byteLength(t), text: t });
  const rows: unknown[] = [
    {
      event: "lisp.execute.start",
      ts: new Date(call.at).toISOString(),
      trace_id: id,
      ...meta,
      tool,
      payload_policy: "full",
      program: text(call.program ?? "(+ 1 2)"),
      context: null,
      output_schema: false,
    },
    ...(call.calls ?? []).map((c) => ({ event: "tool.call", trace_id: id, ...meta, ...c })),
    {
      event: status === "ok" ? "lisp.execute.success" : "lisp.execute.fail",
      ts: new Date(call.at + (call.durationMs ?? 1)).toISOString(),
      trace_id: id,
      ...meta,
      duration_ms: call.durationMs ?? 1,
      status,
      ...(call.errorType ? { error_type: call.errorType } : {}),
      ...(call.message ? { message: call.message } : {}),
      result: text(status === "ok" ? (call.result ?? "3") : undefined),
      prints: 0,
    },
  ];
  writeFileSync(join(dir, name), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
  return id;
}

/** A fresh empty trace directory. */
export function tempTraceDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "ptc-viewer-syn-")), "traces");
  mkdirSync(dir);
  return dir;
}
