import { afterEach, describe, expect, it } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/config/logger.ts";
import type { TracePayloads } from "../../src/config/trace-flags.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createLispEvalHandler } from "../../src/mcp/lisp-eval.ts";
import { slimRenderer } from "../../src/mcp/profiles/slim.ts";
import { createFileTracer } from "../../src/mcp/trace.ts";
import type { EvalOutcome, Executor } from "../../src/sandbox/executor.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const answer = (outcome: EvalOutcome): Executor => ({ run: async () => outcome, close: async () => {} });
const OK: EvalOutcome = { ok: true, text: "6", prints: ["p"], returned: false, durationMs: 1 };

function handlerTracing(payloads: TracePayloads, maxFiles = 100, outcome = OK) {
  const dir = mkdtempSync(join(tmpdir(), "ptc-trace-"));
  dirs.push(dir);
  const tracer = createFileTracer({ dir, payloads: payloads, maxFiles }, silentLogger);
  const handler = createLispEvalHandler({
    executor: answer(outcome),
    limits: { timeoutMs: 1000, memoryLimitBytes: 1 << 20, loopLimit: 1000 },
    caps: { maxProgramBytes: 1000, maxContextBytes: 1000 },
    gate: createCallGate(2),
    renderer: slimRenderer,
    logger: silentLogger,
    tracer,
  });
  return { dir, handler, tracer };
}

/**
 * Finished trace files only: a file is written as `.<name>.partial` and then renamed, so a listing
 * taken mid-write also shows the partial one, which may be half-written or gone a moment later.
 */
const finished = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".jsonl") && !f.startsWith("."));

async function rowsIn(dir: string, count = 1): Promise<Record<string, unknown>[][]> {
  for (let i = 0; i < 2000 && finished(dir).length < count; i++) await Bun.sleep(10);
  return finished(dir)
    .sort()
    .map((f) =>
      readFileSync(join(dir, f), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    );
}

describe("per-call trace files", () => {
  it("records sizes and SHA-256 but no bodies with the summary policy", async () => {
    const { dir, handler } = handlerTracing("summary");
    await handler({ program: "(+ 1 2 3)", context: { secret: "s3cr3t" } });
    const [rows] = await rowsIn(dir);
    expect(rows?.map((r) => r.event)).toEqual(["lisp.execute.start", "lisp.execute.success"]);
    const [start, end] = rows as [Record<string, unknown>, Record<string, unknown>];
    expect(start).toMatchObject({ tool: "lisp_eval", payload_policy: "summary", program: { bytes: 9 } });
    expect((start.program as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(end).toMatchObject({ status: "ok", result: { bytes: 1 }, prints: 1 });
    expect(JSON.stringify(rows)).not.toContain("s3cr3t");
    expect(JSON.stringify(rows)).not.toContain("(+ 1 2 3)");
  });

  it("records verbatim program, context and result with the full policy", async () => {
    const { dir, handler } = handlerTracing("full");
    await handler({ program: "(+ 1 2 3)", context: { a: 1 } });
    const [rows] = await rowsIn(dir);
    expect(rows?.[0]).toMatchObject({ program: { text: "(+ 1 2 3)" }, context: { text: '{"a":1}' } });
    expect(rows?.[1]).toMatchObject({ result: { text: "6" } });
  });

  it("keeps only byte counts with the none policy, and traces refused calls too", async () => {
    const { dir, handler } = handlerTracing("none");
    await handler({ program: "x".repeat(2000) });
    const [rows] = await rowsIn(dir);
    expect(rows?.[0]?.program).toEqual({ bytes: 2000 });
    expect(rows?.[1]).toMatchObject({ event: "lisp.execute.fail", status: "args_error" });
  });

  it("stamps the caller's hashed ids on every event of the call when the transport gives them", async () => {
    const { dir, handler } = handlerTracing("summary");
    const meta = { owner_hash: "ab12cd34", mcp_session_hash: "ef56ab78", transport_request_id: "req-1" };
    await handler({ program: "(+ 1 2)" }, undefined, null, meta);
    const [rows] = await rowsIn(dir);
    expect(rows?.length).toBe(2);
    for (const row of rows ?? []) expect(row).toMatchObject(meta);
  });

  it("names the error type of a failed program", async () => {
    const failed: EvalOutcome = {
      ok: false,
      error: { code: "memory_exceeded", message: "too big" },
      prints: [],
      durationMs: 1,
    };
    const { dir, handler } = handlerTracing("summary", 100, failed);
    await handler({ program: "(vec (range 1e9))" });
    const [rows] = await rowsIn(dir);
    expect(rows?.[1]).toMatchObject({
      event: "lisp.execute.fail",
      status: "memory_limit",
      error_type: "memory_exceeded",
      message: "too big",
    });
  });

  it("flush resolves only once every ended call's file is written, as the server awaits it before exiting", async () => {
    const { dir, handler, tracer } = handlerTracing("summary");
    await Promise.all([handler({ program: "(+ 1 2)" }), handler({ program: "(+ 3 4)" })]);
    // The files are written in the background, after the answers: flush waits for them (polling
    // is what the other tests do; here nothing waits but flush).
    await tracer.flush();
    expect(finished(dir)).toHaveLength(2);
    expect(readdirSync(dir)).toHaveLength(2);
    await tracer.flush();
  });

  it("flush stops waiting after its bound, warning how many writes it left, so shutdown never hangs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-trace-"));
    dirs.push(dir);
    const warnings: [string, unknown][] = [];
    const logger = { ...silentLogger, warn: (event: string, fields?: unknown) => warnings.push([event, fields]) };
    const tracer = createFileTracer({ dir, payloads: "full", maxFiles: 10 }, logger);
    // 64 MiB to write: far more than the 1 ms flush waits, whatever the box.
    tracer.begin({ tool: "lisp_eval", program: "(+ 1 2)" }).end({ status: "ok", result: "x".repeat(64 << 20) });
    await tracer.flush(1);
    expect(warnings).toEqual([["trace_flush_timeout", { pending: 1, wait_ms: 1 }]]);
    await tracer.flush();
    expect(finished(dir)).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });

  it("deletes the oldest files past --trace-max-files", async () => {
    const { dir, handler } = handlerTracing("summary", 3);
    for (let i = 0; i < 6; i++) {
      await handler({ program: `(+ ${i} 1)` });
      await Bun.sleep(5);
    }
    // Pruning runs after each write; poll (bounded) until the last call's file is in and the
    // count has settled, instead of guessing how long it takes.
    const settled = () => finished(dir).length === 3 && finished(dir).some((f) => f.includes("-000006-"));
    for (let i = 0; i < 2000 && !settled(); i++) await Bun.sleep(10);
    expect(
      finished(dir)
        .sort()
        .map((f) => f.match(/-(\d{6})-/)?.[1]),
    ).toEqual(["000004", "000005", "000006"]);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it("sweeps at start the partial files of writers that are gone, and only those", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-trace-"));
    dirs.push(dir);
    const gone = Bun.spawn(["true"]);
    await gone.exited;
    const alive = Bun.spawn(["sleep", "60"]);
    try {
      const partial = (pid: number, seq: number) =>
        `.2026-12-02T10-00-00-000Z-${pid}-${String(seq).padStart(6, "0")}-lisp_eval.jsonl.partial`;
      const old = new Date(Date.now() - 10 * 60_000);
      const files = {
        deadOld: partial(gone.pid, 1),
        deadFresh: partial(gone.pid, 2),
        aliveOld: partial(alive.pid, 3),
        finished: `2026-12-02T10-00-00-000Z-${gone.pid}-000004-lisp_eval.jsonl`,
        other: ".notes.partial",
      };
      for (const name of Object.values(files)) writeFileSync(join(dir, name), "{}\n");
      for (const name of [files.deadOld, files.aliveOld, files.finished, files.other])
        utimesSync(join(dir, name), old, old);
      const swept: unknown[] = [];
      const logger = { ...silentLogger, info: (event: string, fields?: unknown) => swept.push([event, fields]) };
      createFileTracer({ dir, payloads: "summary", maxFiles: 100 }, logger);
      // Gone: the old partial of a dead writer. Kept: a fresh one (its writer may be on another
      // machine sharing the directory), a live writer's, finished traces and other files.
      expect(readdirSync(dir).sort()).toEqual([files.deadFresh, files.aliveOld, files.finished, files.other].sort());
      expect(swept).toEqual([["trace_partials_swept", { dir, files: 1 }]]);
    } finally {
      alive.kill();
    }
  });
});
