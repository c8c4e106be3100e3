/**
 * What the audit keeps of each tool call, end to end on the compiled binary: over HTTP with two
 * named tokens and a real upstream (the SDK fixture server), every `tools/call` row names its
 * token and carries the bytes in and out, the upstream calls and bytes and the payload reduction,
 * equal to what the client sent and received and to the debug profile's own `ptc_metrics`; over
 * stdio the calls are audited too, as owner `stdio`. Requires `npm run build`.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { AuditRow, SummaryRow } from "../../src/cli/audit-report.ts";
import { stdioFixture } from "../fixtures/upstreams.ts";
import { BINARY, dataDir, startServer, tokenCli } from "./http-server.ts";

const dir = dataDir();
const config = join(dir, "upstreams.json");
writeFileSync(config, JSON.stringify({ upstreams: { fix: stdioFixture() } }));
const FLAGS = ["--upstreams-config", config, "--response-profile", "debug", "--program-timeout-ms", "30000"];

function audit(args: string[], dataDirectory = dir): unknown {
  const r = spawnSync(BINARY, ["audit", ...args, "--data-dir", dataDirectory, "-o", "json"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`audit failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

interface Sent {
  token: string;
  args: Record<string, unknown>;
  result: { structuredContent?: { ptc_metrics?: { upstream_result_bytes: number; upstream_call_count: number } } };
}
const sent: Sent[] = [];

beforeAll(async () => {
  const tokens = { alpha: tokenCli(["create", "alpha"], dir), beta: tokenCli(["create", "beta"], dir) };
  const server = await startServer(dir, FLAGS);
  try {
    const calls: [keyof typeof tokens, string][] = [
      ["alpha", '(count (:items (:value (tool/call {:server "fix" :tool "items" :args {:n 300}}))))'],
      ["beta", '(map :ok (pmap #(tool/call {:server "fix" :tool "echo" :args {:text (str "hi " %)}}) [1 2]))'],
      ["beta", "(+ 1 2)"],
    ];
    for (const [name, program] of calls) {
      const client = new Client({ name: "audit-e2e", version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { authorization: `Bearer ${tokens[name]}` } },
        }),
      );
      const args = { program };
      const result = await client.callTool({ name: "lisp_eval", arguments: args });
      sent.push({ token: name, args, result: result as Sent["result"] });
      await client.close();
    }
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 90_000);
afterAll(() => {});

describe("audit rows of tool calls over HTTP", () => {
  it("names the token and keeps bytes in and out, upstream calls and bytes, and the reduction", () => {
    const rows = (audit(["--tool", "lisp_eval"]) as AuditRow[]).filter((r) => r.method === "tools/call");
    expect(rows.map((r) => r.token)).toEqual(["alpha", "beta", "beta"]);
    rows.forEach((row, i) => {
      const call = sent[i] as Sent;
      const metrics = call.result.structuredContent?.ptc_metrics;
      expect(row.outcome).toBe("ok");
      // lisp_eval's bytes in are the program plus the context as JSON (what the caps measure).
      expect(row.bytesIn).toBe(Buffer.byteLength(String(call.args.program), "utf8"));
      expect(row.bytesOut).toBe(bytes(call.result));
      expect(row.upstreamCalls).toBe(metrics?.upstream_call_count ?? 0);
      expect(row.upstreamBytes).toBe(metrics?.upstream_result_bytes ?? 0);
    });
    const [items, echoes, plain] = rows as [AuditRow, AuditRow, AuditRow];
    expect(items.upstreamCalls).toBe(1);
    // 300 items of JSON read, one number answered: far more in than out.
    expect(items.upstreamBytes).toBeGreaterThan(8000);
    expect(items.reduction).toBe(Math.round(((items.upstreamBytes ?? 0) / (items.bytesOut ?? 1)) * 100) / 100);
    expect(items.reduction).toBeGreaterThan(2);
    expect(echoes.upstreamCalls).toBe(2);
    expect([plain.upstreamCalls, plain.upstreamBytes, plain.reduction]).toEqual([0, 0, null]);
  });

  it("adds them up per token in the summary", () => {
    const rows = (audit([]) as AuditRow[]).filter((r) => r.method === "tools/call");
    const byToken = audit(["summary", "--by", "token"]) as SummaryRow[];
    for (const name of ["alpha", "beta"]) {
      const mine = rows.filter((r) => r.token === name);
      const group = byToken.find((g) => g.key === name);
      expect(group).toMatchObject({
        bytesIn: mine.reduce((n, r) => n + (r.bytesIn ?? 0), 0),
        bytesOut: mine.reduce((n, r) => n + (r.bytesOut ?? 0), 0),
        upstreamCalls: mine.reduce((n, r) => n + (r.upstreamCalls ?? 0), 0),
        failed: 0,
      });
    }
  });
});

describe("audit rows of tool calls over stdio", () => {
  it("records each call as owner stdio with its bytes and outcome", async () => {
    const stdioDir = dataDir();
    const client = new Client({ name: "audit-stdio", version: "1" });
    await client.connect(
      new StdioClientTransport({ command: BINARY, args: ["start", "--data-dir", stdioDir], stderr: "pipe" }),
    );
    const ok = await client.callTool({ name: "lisp_eval", arguments: { program: "(inc 41)" } });
    await client.callTool({ name: "lisp_eval", arguments: { program: "(/ 1 0)" } });
    const context = { a: [1, 2, 3], s: "é" };
    await client.callTool({ name: "lisp_eval", arguments: { program: "(count data/a)", context } });
    await client.close();
    const rows = audit(["--token", "stdio"], stdioDir) as AuditRow[];
    expect(rows.map((r) => [r.token, r.owner, r.tool, r.outcome])).toEqual([
      ["stdio", "stdio", "lisp_eval", "ok"],
      ["stdio", "stdio", "lisp_eval", "runtime_error"],
      ["stdio", "stdio", "lisp_eval", "ok"],
    ]);
    // A context that came in a stdio frame is not serialised again to be measured: its call counts
    // the frame it came in (the arguments plus the JSON-RPC envelope, about 120 bytes).
    const args = Buffer.byteLength("(count data/a)") + bytes(context);
    expect(rows[2]?.bytesIn).toBeGreaterThan(args);
    expect(rows[2]?.bytesIn).toBeLessThan(args + 250);
    expect(rows[0]?.bytesOut).toBe(bytes(ok));
    expect(rows[0]?.bytesIn).toBe(Buffer.byteLength("(inc 41)"));
  });
});
