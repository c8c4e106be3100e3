/** The pure half of `ptc-mcp audit`: `--since`, nearest-rank percentiles and grouping. */

import { describe, expect, it } from "bun:test";
import { type AuditRow, parseSince, percentile, reductionOf, summarize } from "../../src/cli/audit-report.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");

const row = (
  at: string,
  token: string,
  tool: string | null,
  durationMs: number,
  status = 200,
  call: { outcome: string; in: number; out: number; upstreamCalls: number; upstreamBytes: number } | null = null,
): AuditRow => ({
  at,
  token,
  owner: `pat:${token}`,
  method: tool ? "tools/call" : "tools/list",
  tool,
  status,
  durationMs,
  outcome: call?.outcome ?? null,
  bytesIn: call?.in ?? null,
  bytesOut: call?.out ?? null,
  upstreamCalls: call?.upstreamCalls ?? null,
  upstreamBytes: call?.upstreamBytes ?? null,
  reduction: call ? reductionOf(call.upstreamBytes, call.out) : null,
});

describe("parseSince", () => {
  it("reads durations back from now and ISO dates, and refuses anything else", () => {
    expect(parseSince("90s", NOW)).toBe(NOW - 90_000);
    expect(parseSince("1h", NOW)).toBe(NOW - 3_600_000);
    expect(parseSince("7d", NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince("2026-11-30", NOW)).toBe(Date.parse("2026-11-30T00:00:00Z"));
    expect(parseSince("2026-12-01T11:30:00Z", NOW)).toBe(NOW - 1_800_000);
    for (const bad of ["1y", "yesterday", "", "-1h", "12"]) expect(() => parseSince(bad, NOW)).toThrow(/--since/);
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const d = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(d, 50), percentile(d, 95), percentile(d, 100)]).toEqual([5, 10, 10]);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe("summarize", () => {
  const rows = [
    row("2026-11-30T23:59:00.000Z", "alpha", "lisp_eval", 10, 200, {
      outcome: "ok",
      in: 100,
      out: 200,
      upstreamCalls: 3,
      upstreamBytes: 5000,
    }),
    row("2026-12-01T00:01:00.000Z", "alpha", "lisp_eval", 30, 200, {
      outcome: "timeout",
      in: 50,
      out: 300,
      upstreamCalls: 1,
      upstreamBytes: 0,
    }),
    row("2026-12-01T00:01:30.000Z", "alpha", null, 40, 500),
    row("2026-12-01T00:02:00.000Z", "beta", null, 20),
  ];

  it("counts calls and errors and takes p50/p95 per token, tool and UTC day", () => {
    expect(summarize(rows, "token")).toEqual([
      {
        key: "alpha",
        calls: 3,
        errors: 1,
        failed: 1,
        p50Ms: 30,
        p95Ms: 40,
        bytesIn: 150,
        bytesOut: 500,
        upstreamCalls: 4,
        upstreamBytes: 5000,
        reduction: 10,
      },
      {
        key: "beta",
        calls: 1,
        errors: 0,
        failed: 0,
        p50Ms: 20,
        p95Ms: 20,
        bytesIn: 0,
        bytesOut: 0,
        upstreamCalls: 0,
        upstreamBytes: 0,
        reduction: null,
      },
    ]);
    expect(summarize(rows, "tool").map((g) => [g.key, g.calls])).toEqual([
      ["-", 2],
      ["lisp_eval", 2],
    ]);
    expect(summarize(rows, "day").map((g) => [g.key, g.calls])).toEqual([
      ["2026-11-30", 1],
      ["2026-12-01", 3],
    ]);
  });
});

describe("reductionOf", () => {
  it("divides upstream bytes by bytes out to two places, null when either is missing or zero", () => {
    expect(reductionOf(4179, 122)).toBe(34.25);
    expect([reductionOf(0, 10), reductionOf(10, 0), reductionOf(null, 10), reductionOf(10, null)]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
