/**
 * `ptc-mcp audit` and `audit summary` on the compiled binary, over the audit table a real HTTP run
 * wrote for two named tokens: rows carry the token *name*, filters narrow, groups count right.
 */

import { beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import type { AuditRow, SummaryRow } from "../../src/cli/audit-report.ts";
import { BINARY, dataDir, startServer, tokenCli } from "../e2e/http-server.ts";

let dir: string;

function audit(args: string[]) {
  const r = spawnSync(BINARY, ["audit", ...args, "--data-dir", dir], { encoding: "utf8", timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = <T>(args: string[]): T => JSON.parse(audit([...args, "-o", "json"]).out) as T;

beforeAll(async () => {
  dir = dataDir();
  const alpha = tokenCli(["create", "alpha"], dir);
  const beta = tokenCli(["create", "beta"], dir);
  const server = await startServer(dir);
  const check = (token: string, extra: string[]) =>
    spawnSync(BINARY, ["test", "mcp", server.url, "--token", token, ...extra], { encoding: "utf8", timeout: 20_000 })
      .status;
  const call = ["--tool", "lisp_eval", "--args", '{"program":"(+ 1 2)"}'];
  expect([check(alpha, call), check(alpha, call), check(beta, [])]).toEqual([0, 0, 0]);
  expect(await server.stop()).toBe(0);
}, 90_000);

describe("ptc-mcp audit", () => {
  it("lists every request with the token name, method, tool, status and duration", () => {
    const rows = json<AuditRow[]>([]);
    expect(new Set(rows.map((r) => r.token))).toEqual(new Set(["alpha", "beta"]));
    expect(rows.every((r) => r.owner.startsWith("pat:") && r.status >= 200 && r.durationMs >= 0)).toBe(true);
    const calls = rows.filter((r) => r.method === "tools/call");
    expect(calls.map((r) => [r.token, r.tool])).toEqual([
      ["alpha", "lisp_eval"],
      ["alpha", "lisp_eval"],
    ]);
    expect(rows.some((r) => r.token === "beta" && r.method === "tools/list")).toBe(true);
    expect([...rows.map((r) => r.at)].sort()).toEqual(rows.map((r) => r.at));

    const text = audit([]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /^TIME +TOKEN +METHOD +TOOL +STATUS +OUTCOME +DURATION MS +IN +OUT +UPSTREAM +REDUCTION\n/,
    );
    expect(text.out).toMatch(
      /\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +alpha +tools\/call +lisp_eval +200 +ok +[\d.]+ +\d+ +\d+ +0 +-\n/,
    );
  });

  it("narrows by --token, --tool and --since", () => {
    const all = json<AuditRow[]>([]);
    const beta = json<AuditRow[]>(["--token", "beta"]);
    expect(beta.length).toBe(all.filter((r) => r.token === "beta").length);
    expect(beta.every((r) => r.token === "beta" && r.tool === null)).toBe(true);
    expect(json<AuditRow[]>(["--tool", "lisp_eval"]).map((r) => r.token)).toEqual(["alpha", "alpha"]);
    expect(json<AuditRow[]>(["--since", "1h"]).length).toBe(all.length);
    expect(json<AuditRow[]>(["--since", "2999-01-01"])).toEqual([]);
    expect(json<AuditRow[]>(["--limit", "1"])).toEqual(all.slice(-1));
  });

  it("summarizes by token, tool and day with counts and p50 <= p95", () => {
    const all = json<AuditRow[]>([]);
    const byToken = json<SummaryRow[]>(["summary", "--by", "token"]);
    expect(Object.fromEntries(byToken.map((g) => [g.key, g.calls]))).toEqual({
      alpha: all.filter((r) => r.token === "alpha").length,
      beta: all.filter((r) => r.token === "beta").length,
    });
    expect(byToken.every((g) => g.errors === 0 && g.p50Ms <= g.p95Ms)).toBe(true);
    expect(json<SummaryRow[]>(["summary", "--by", "tool"]).find((g) => g.key === "lisp_eval")?.calls).toBe(2);
    const byDay = json<SummaryRow[]>(["summary", "--by", "day"]);
    expect(byDay.reduce((n, g) => n + g.calls, 0)).toBe(all.length);
    expect(json<SummaryRow[]>(["summary", "--by", "token", "--token", "beta"]).map((g) => g.key)).toEqual(["beta"]);
    expect(audit(["summary", "--by", "tool"]).out).toMatch(
      /^TOOL +CALLS +ERRORS +FAILED +P50 MS +P95 MS +IN +OUT +UPSTREAM +REDUCTION\n/,
    );
  });

  it("refuses bad values with exit 2 and one line", () => {
    expect(audit(["--since", "yesterday"])).toMatchObject({ code: 2, err: expect.stringContaining("--since") });
    expect(audit(["--token", "gamma"])).toMatchObject({ code: 2, err: '--token: no token named "gamma"\n' });
    expect(audit(["summary", "--by", "week"])).toMatchObject({ code: 2, err: expect.stringContaining("--by") });
    expect(audit(["--colour"]).code).toBe(2);
  });
});
