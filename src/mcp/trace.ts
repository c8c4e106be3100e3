/**
 * Per-call traces (mcp-server-configuration.md "Tracing"): with `--trace-dir`, every tool call
 * leaves one JSONL file — a start row, one row per upstream call, an end row — whose program,
 * context and result fields follow `--trace-payloads`: `none` keeps byte counts, `summary` adds a
 * SHA-256, `full` the verbatim text. The directory keeps at most `--trace-max-files` files; the
 * oldest go first. Off (no tracer, no cost) when `--trace-dir` is unset.
 *
 * A file is written once, when the call ends, so tracing never slows the answer down by more than
 * building a few small objects; a write that fails is logged, never surfaced to the client. It is
 * written under a temporary name first; those a killed server left are swept at the next start.
 */

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, type Logger, settleWithin, type TracePayloads } from "../config/index.ts";
import type { UpstreamCallRecord } from "./profiles/index.ts";
import { sweepStalePartials } from "./trace-sweep.ts";

/** Where and how to trace. */
export interface TraceOptions {
  readonly dir: string;
  readonly payloads: TracePayloads;
  readonly maxFiles: number;
}

/** What one call reports when it starts. */
export interface TraceStart {
  readonly tool: string;
  readonly program?: string | undefined;
  readonly contextJson?: string | undefined;
  readonly outputSchema?: boolean;
  /**
   * Caller metadata stamped on every event of the call (HTTP mode: `owner_hash`,
   * `mcp_session_hash`, `transport_request_id`). Hashes only: never a raw token or session id.
   */
  readonly meta?: Readonly<Record<string, string>> | undefined;
}

/** What one call reports when it ends. */
export interface TraceEnd {
  /** `ok`, or the error reason. */
  readonly status: string;
  readonly errorType?: string | undefined;
  readonly message?: string | undefined;
  /** The readable result (or the fault description) sent back. */
  readonly result?: string | undefined;
  readonly prints?: number;
  readonly upstreamCalls?: readonly UpstreamCallRecord[];
  /** A program known only at the end (agentic `lisp_task`: the planner's last program); kept per the payload policy. */
  readonly program?: string | undefined;
  /** Planner conversation (`--agentic-trace-prompts`), already scrubbed; written verbatim as one `agentic.prompts` row. */
  readonly prompts?: readonly { readonly role: string; readonly content: string }[] | undefined;
}

/** One call's trace. */
export interface CallTrace {
  /** Id of the trace file (`<trace_id>-<tool>.jsonl`), when one is written. */
  readonly traceId?: string | undefined;
  end(info: TraceEnd): void;
}

/** Starts call traces. */
export interface Tracer {
  begin(start: TraceStart): CallTrace;
}

/** The tracer of `--trace-dir`: a {@link Tracer} whose files are written in the background. */
export interface FileTracer extends Tracer {
  /**
   * Resolves once every trace file of a call that has ended is written (or its failure logged):
   * the server awaits it before it exits, so the last calls' traces are not lost. A write that
   * has not settled within `waitMs` (default {@link FLUSH_WAIT_MS}; a hung file system) is left
   * behind with a `trace_flush_timeout` warning naming how many, so shutdown never hangs on it.
   * Never rejects.
   */
  flush(waitMs?: number): Promise<void>;
}

/** What {@link settleWithin} answers when the trace writes are late. */
const LATE = Symbol("late");

/** How long {@link FileTracer.flush} waits for trace writes by default, in ms. */
export const FLUSH_WAIT_MS = 5000;

/**
 * Creates a tracer writing into `options.dir` (created if missing), after removing the temporary
 * files of traces a killed server never finished (trace-sweep.ts).
 *
 * @throws {ConfigError} naming `--trace-dir` when the directory cannot be created or read (exit 2)
 */
export function createFileTracer(options: TraceOptions, logger: Logger): FileTracer {
  let listed: string[];
  try {
    mkdirSync(options.dir, { recursive: true });
    listed = readdirSync(options.dir);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === "EEXIST" || code === "ENOTDIR"
        ? "it is a file, not a directory"
        : `cannot create or read it (${(e as Error).message})`;
    throw new ConfigError("invalid_value", `--trace-dir: ${options.dir}: ${why}`);
  }
  // Partial files a killed server left behind are swept once, at start (trace-sweep.ts).
  const swept = sweepStalePartials(options.dir, listed);
  if (swept > 0) logger.info("trace_partials_swept", { dir: options.dir, files: swept });
  const files = listed.filter((f) => f.endsWith(".jsonl")).sort();
  let seq = 0;
  /** Writes under way (each settles, never rejects), for {@link FileTracer.flush}. */
  const writing = new Set<Promise<void>>();
  const payload = (text: string | undefined) => describePayload(text, options.payloads);

  return {
    begin(start) {
      const startedAt = new Date();
      const t0 = performance.now();
      const id = `${startedAt.toISOString().replace(/[:.]/g, "-")}-${process.pid}-${String(++seq).padStart(6, "0")}`;
      const meta = start.meta ?? {};
      const rows: Record<string, unknown>[] = [
        {
          event: "lisp.execute.start",
          ts: startedAt.toISOString(),
          trace_id: id,
          ...meta,
          tool: start.tool,
          payload_policy: options.payloads,
          program: payload(start.program),
          context: payload(start.contextJson),
          output_schema: start.outputSchema === true,
        },
      ];
      return {
        traceId: id,
        end(info) {
          for (const call of info.upstreamCalls ?? [])
            rows.push({ event: "tool.call", trace_id: id, ...meta, ...call });
          if (info.prompts !== undefined)
            rows.push({ event: "agentic.prompts", trace_id: id, ...meta, messages: info.prompts });
          rows.push({
            event: info.status === "ok" ? "lisp.execute.success" : "lisp.execute.fail",
            ts: new Date().toISOString(),
            trace_id: id,
            ...meta,
            duration_ms: Math.round((performance.now() - t0) * 1000) / 1000,
            status: info.status,
            ...(info.errorType ? { error_type: info.errorType } : {}),
            ...(info.message !== undefined ? { message: info.message } : {}),
            result: payload(info.result),
            ...(info.program !== undefined ? { program: payload(info.program) } : {}),
            prints: info.prints ?? 0,
          });
          const name = `${id}-${start.tool}.jsonl`;
          // Written under a temporary name, then renamed: a reader (the viewer, lisp_debug, a
          // user's tail) that lists the directory never sees a half-written file.
          const partial = join(options.dir, `.${name}.partial`);
          const write = writeFile(partial, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`)
            .then(() => rename(partial, join(options.dir, name)))
            .then(() => {
              files.push(name);
              return prune();
            })
            .catch((e) => {
              logger.warn("trace_write_failed", { message: e instanceof Error ? e.message : String(e) });
              return unlink(partial).catch(() => {});
            })
            .finally(() => writing.delete(write));
          writing.add(write);
        },
      };
    },
    async flush(waitMs = FLUSH_WAIT_MS) {
      const until = performance.now() + waitMs;
      while (writing.size > 0) {
        const left = until - performance.now();
        if (left <= 0 || (await settleWithin(Promise.all(writing), left, LATE)) === LATE) {
          logger.warn("trace_flush_timeout", { pending: writing.size, wait_ms: waitMs });
          return;
        }
      }
    },
  };

  async function prune(): Promise<void> {
    while (files.length > options.maxFiles) {
      const oldest = files.shift() as string;
      await unlink(join(options.dir, oldest)).catch(() => {});
    }
  }
}

/** `{bytes}`, `{bytes, sha256}` or `{bytes, sha256, text}` by policy; null when there was nothing. */
function describePayload(text: string | undefined, policy: TracePayloads): Record<string, unknown> | null {
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, "utf8");
  if (policy === "none") return { bytes };
  const sha256 = createHash("sha256").update(text).digest("hex");
  return policy === "full" ? { bytes, sha256, text } : { bytes, sha256 };
}
