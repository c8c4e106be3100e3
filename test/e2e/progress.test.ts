/**
 * Progress notifications and server identity, against the compiled binary with a real upstream
 * (the SDK fixture server, whose `sleep` tool answers late): an SDK client that passes
 * `onprogress` to a long aggregator `lisp_eval` hears `notifications/progress` with upstream calls
 * done of the per-program budget, over stdio in both protocol eras and over Streamable HTTP in the
 * 2026-07-28 era; `initialize` carries a `title` and `instructions`. Requires `npm run build`.
 */

import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { stdioFixture } from "../fixtures/upstreams.ts";
import { BINARY, dataDir, startServer } from "./http-server.ts";

const dir = mkdtempSync(join(tmpdir(), "ptc-progress-"));
const config = join(dir, "upstreams.json");
writeFileSync(config, JSON.stringify({ upstreams: { slow: stdioFixture() } }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Five upstream calls one after another, 200 ms each: long enough for several notifications. */
const PROGRAM = `(count (map (fn [i] (tool/call {:server "slow" :tool "sleep" :args {:ms 200}})) (range 5)))`;
const BUDGET = 20;
const FLAGS = ["--upstreams-config", config, "--max-upstream-calls-per-program", String(BUDGET)];
const DEADLINE = ["--program-timeout-ms", "30000", "--upstream-call-timeout-ms", "20000"];

interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

async function callWithProgress(client: Client, withToken = true): Promise<{ text: string; events: Progress[] }> {
  const events: Progress[] = [];
  const r = await client.callTool(
    { name: "lisp_eval", arguments: { program: PROGRAM } },
    withToken ? { onprogress: (p: Progress) => events.push(p), timeout: 60_000 } : { timeout: 60_000 },
  );
  const text = (r.content as { type: string; text: string }[]).map((b) => b.text).join("\n");
  return { text, events };
}

function expectProgress(events: Progress[]): void {
  expect(events.length).toBeGreaterThanOrEqual(1);
  for (let i = 1; i < events.length; i++)
    expect((events[i] as Progress).progress).toBeGreaterThan((events[i - 1] as Progress).progress);
  for (const e of events) {
    expect(e.total).toBe(BUDGET);
    expect(e.progress).toBeGreaterThanOrEqual(1);
    expect(e.progress).toBeLessThanOrEqual(5);
    expect(e.message).toMatch(new RegExp(`^${e.progress}/${BUDGET} upstream calls, \\d+\\.\\d s$`));
  }
}

describe.each(["2025-11-25", "2026-07-28"])("progress over stdio (%s)", (era) => {
  const client = new Client(
    { name: "e2e-progress", version: "1" },
    era === "2026-07-28" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
  );
  afterAll(() => client.close());

  it("sends increasing upstream-call progress for a call with a progressToken, none without", async () => {
    await client.connect(
      new StdioClientTransport({ command: BINARY, args: ["start", ...FLAGS, ...DEADLINE], stderr: "pipe" }),
    );
    const withToken = await callWithProgress(client);
    expect(withToken.text).toBe("5");
    expectProgress(withToken.events);
    const without = await callWithProgress(client, false);
    expect(without).toEqual({ text: "5", events: [] });
  });

  it("names itself with a title and instructions", () => {
    expect(client.getServerVersion()).toMatchObject({ name: "ptc_lisp", title: "PTC-Lisp code mode" });
    expect(client.getInstructions()).toContain("lisp_eval");
  });
});

describe("progress over Streamable HTTP (2026-07-28)", () => {
  it("streams the notifications of a sessionless call before its result", async () => {
    const server = await startServer(dataDir(), ["--http-disable-auth", ...FLAGS, ...DEADLINE]);
    const client = new Client(
      { name: "e2e-progress-http", version: "1" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      const r = await callWithProgress(client);
      expect(r.text).toBe("5");
      expectProgress(r.events);
      expect(client.getInstructions()).toContain("lisp_eval");
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
