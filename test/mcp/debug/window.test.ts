import { describe, expect, it } from "bun:test";
import { buildEntry, createLispDebugHandler, DebugRing } from "../../../src/mcp/debug/index.ts";

const T0 = 1_800_000_000_000;

/** A ring holding calls started 0, 10, ..., 90 s after T0; every third failed. */
function ring(): DebugRing {
  const r = new DebugRing(100);
  for (let i = 0; i < 10; i++)
    r.add(
      buildEntry(
        {
          requestId: `req_${i}`,
          tool: i % 2 === 0 ? "lisp_eval" : "lisp_session_eval",
          owner: null,
          startedMs: T0 + i * 10_000,
          durationMs: i + 1,
          args: { program: `(+ ${i} 1)` },
          result:
            i % 3 === 0
              ? { content: [{ type: "text", text: "timeout: over 1000 ms" }], isError: true }
              : { content: [{ type: "text", text: "1" }] },
          facts: {},
        },
        { payloads: "summary", scrub: (s) => s },
      ),
    );
  return r;
}

const handler = createLispDebugHandler({
  ring: ring(),
  payloads: "summary",
  traceDir: null,
  maxResponseBytes: 65536,
  scrub: (s) => s,
  now: () => T0 + 95_000,
});

describe("lisp_debug windows", () => {
  it("recent since_seconds keeps only calls started in the window", async () => {
    const r = await handler({ op: "recent", since_seconds: 30 }, null);
    const ids = ((r.structuredContent as { records: unknown }).records as Array<{ request_id: string }>).map(
      (x) => x.request_id,
    );
    expect(ids).toEqual(["req_9", "req_8", "req_7"]);
  });

  it("stats since_seconds aggregates only the window and reports it", async () => {
    const r = await handler({ op: "stats", since_seconds: 50 }, null);
    expect(r.structuredContent).toMatchObject({
      ring_count: 10,
      window: {
        calls: 5,
        since_seconds: 50,
        from: new Date(T0 + 50_000).toISOString(),
        to: new Date(T0 + 90_000).toISOString(),
      },
      by_tool: {
        lisp_eval: { calls: 2, ok: 1, error: 1, duration_ms: { p50: 7, p95: 9, max: 9 } },
        lisp_session_eval: { calls: 3, ok: 2, error: 1, error_rate: 0.333 },
      },
      errors: { total: 2, by_reason: { timeout: 2 } },
    });
  });

  it("errors_only and limit combine", async () => {
    const r = await handler({ op: "recent", errors_only: true, limit: 2 }, null);
    expect(
      ((r.structuredContent as { records: unknown }).records as Array<{ request_id: string }>).map((x) => x.request_id),
    ).toEqual(["req_9", "req_6"]);
  });
});
