/**
 * `ptc-mcp start --http --http-viewer`: the trace viewer at /viewer of the compiled server, behind
 * the same bearer auth as /mcp, over the traces that server writes.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataDir, type RunningServer, STATIC_TOKEN, startServer } from "./http-server.ts";

const traces = mkdtempSync(join(tmpdir(), "ptc-http-viewer-"));
let server: RunningServer;
let base = "";

beforeAll(async () => {
  server = await startServer(dataDir(), ["--http-viewer", "--trace-dir", traces], {
    PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: STATIC_TOKEN,
  });
  base = server.url.replace(/\/mcp$/, "");
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(traces, { recursive: true, force: true });
});

describe("--http-viewer", () => {
  it("refuses the viewer without a bearer token", async () => {
    const res = await fetch(`${base}/viewer/`);
    expect(res.status).toBe(401);
  }, 60_000);

  it("serves the call list and its assets with the bearer token, naming the static token", async () => {
    const auth = { authorization: `Bearer ${STATIC_TOKEN}` };
    const client = new Client({ name: "viewer-http", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: auth } }));
    await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 40 2)" } });
    await client.close();
    let page = "";
    const until = Date.now() + 20_000;
    while (!page.includes("/viewer/calls/") && Date.now() < until) {
      page = await (await fetch(`${base}/viewer`, { headers: auth })).text();
      if (!page.includes("/viewer/calls/")) await Bun.sleep(100);
    }
    expect(page).toContain('href="/viewer/assets/viewer.css"');
    expect(page).toContain('<a href="/viewer">Calls</a>');
    expect(page).toContain("<td>static</td>");
    const css = await fetch(`${base}/viewer/assets/viewer.css`, { headers: auth });
    expect(css.status).toBe(200);
  }, 60_000);

  it("refuses to boot without --trace-dir", async () => {
    await expect(
      startServer(dataDir(), ["--http-viewer"], { PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: STATIC_TOKEN }),
    ).rejects.toThrow(/--http-viewer/);
  }, 60_000);
});
