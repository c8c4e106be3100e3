/**
 * `notifications/cancelled` on a 2025-11-25 HTTP session (issue #10, item 6): the cancelled
 * request's HTTP exchange ends at once and gives back every in-flight slot, so a session that
 * cancelled ten calls in a row still runs the next one, and SIGTERM right after a cancel does not
 * wait the shutdown grace for work that no longer runs.
 */

import { describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { dataDir, mcpHeaders, STATIC_TOKEN, startServer, until } from "./http-server.ts";

/** Runs far past any wait in this file (but under its own time budget): only a cancel ends it early. */
const LONG = `
(let [t0 (System/currentTimeMillis)]
  (loop [n 0]
    (if (< (- (System/currentTimeMillis) t0) 20000)
      (recur (+ n (loop [i 0] (if (< i 1000) (recur (inc i)) i))))
      n)))`;

const FLAGS = [
  "--max-concurrent-calls",
  "4",
  "--program-timeout-ms",
  "30000",
  "--loop-limit",
  "1000000000",
  "--http-auth-token",
  STATIC_TOKEN,
  "--http-max-in-flight-per-session",
  "4",
  "--http-shutdown-grace-ms",
  "20000",
];

async function connect(url: string) {
  const client = new Client({ name: "e2e-cancel", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
  });
  await client.connect(transport);
  return Object.assign(client, { sessionId: transport.sessionId ?? "" });
}

/** Starts a long call and cancels it once the server has it running. */
async function cancelOne(client: Client, nth: number): Promise<void> {
  const controller = new AbortController();
  const call = client.callTool({ name: "lisp_eval", arguments: { program: LONG } }, { signal: controller.signal });
  await Bun.sleep(150);
  controller.abort(new Error(`cancel ${nth}`));
  await expect(call).rejects.toThrow();
}

describe("cancelled calls on a 2025-11-25 HTTP session", () => {
  it("frees the session's slots: ten cancels in a row, then a quick call succeeds", async () => {
    const server = await startServer(dataDir(), FLAGS);
    try {
      const client = await connect(server.url);
      for (let i = 0; i < 10; i++) await cancelOne(client, i);
      // The client sends each cancel without waiting for it, so the last one may still be on the
      // wire (its program still running) for a moment: busy is allowed briefly, nothing else.
      let text = "";
      for (let i = 0; i < 40 && text !== "3"; i++) {
        const quick = await client
          .callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } })
          .catch((e: Error) => e);
        text = quick instanceof Error ? quick.message : ((quick.content as Array<{ text: string }>)[0]?.text ?? "");
        if (text !== "3") {
          expect(text).toContain("busy");
          await Bun.sleep(50);
        }
      }
      expect(text).toBe("3");
      // Every cancelled exchange was answered and logged, none is still open.
      await until(() => (server.stderr().match(/"rpc_method":"tools\/call"/g) ?? []).length >= 11, 10_000);
      await client.close();
    } finally {
      await server.stop("SIGKILL");
    }
  }, 60_000);

  it("frees the slot when the client hangs up mid-call", async () => {
    const server = await startServer(dataDir(), [...FLAGS, "--http-max-in-flight-per-session", "1"]);
    try {
      const client = await connect(server.url);
      const hangUp = new AbortController();
      const call = fetch(server.url, {
        method: "POST",
        signal: hangUp.signal,
        headers: {
          ...mcpHeaders(STATIC_TOKEN),
          "mcp-session-id": client.sessionId,
          "mcp-protocol-version": "2025-11-25",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: "hang-up",
          method: "tools/call",
          params: { name: "lisp_eval", arguments: { program: LONG } },
        }),
      });
      await Bun.sleep(300);
      hangUp.abort();
      await expect(call).rejects.toThrow();
      await until(() => server.stderr().includes('"rpc_method":"tools/call"'), 10_000);
      const quick = await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
      expect((quick.content as Array<{ text: string }>)[0]?.text).toBe("3");
      await client.close();
    } finally {
      await server.stop("SIGKILL");
    }
  }, 30_000);

  it("exits at once on SIGTERM right after a cancel, not after the 20 s shutdown grace", async () => {
    const server = await startServer(dataDir(), FLAGS);
    const client = await connect(server.url);
    await cancelOne(client, 0);
    // The cancelled exchange has ended once its request line is logged.
    await until(() => server.stderr().includes('"rpc_method":"tools/call"'), 10_000);
    const signalled = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    // Well under the grace a wrongly kept call would hold the exit for; wide enough for a busy box.
    expect(Date.now() - signalled).toBeLessThan(5000);
  }, 30_000);
});
