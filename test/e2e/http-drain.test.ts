/**
 * Rolling-deploy drain of the compiled binary: SIGTERM while a ~1.5 s program runs. The call gets
 * `--http-shutdown-grace-ms` to finish, new requests meanwhile get `server draining` and `/ready`
 * is 503, and the process exits 0. With a grace shorter than the call, the call is cancelled and
 * the process still exits 0, soon after the grace.
 */

import { describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { dataDir, INITIALIZE, mcpHeaders, rawRequest, STATIC_TOKEN, startServer, until } from "./http-server.ts";

/** Busy for `ms` of wall clock whatever the machine speed, far under the loop limit. */
const busyFor = (ms: number) => `
(let [t0 (System/currentTimeMillis)]
  (loop [n 0]
    (if (< (- (System/currentTimeMillis) t0) ${ms})
      (recur (+ n (loop [i 0] (if (< i 1000) (recur (inc i)) i))))
      n)))`;
/** Finishes well inside a 30 s grace window, even on a loaded machine. */
const SLOW = busyFor(1500);
/** Outlives a 200 ms grace window by far, so only the drain's cancel can end it early. */
const LONG = busyFor(20_000);

const LIMITS = ["--program-timeout-ms", "30000", "--loop-limit", "100000000000", "--http-auth-token", STATIC_TOKEN];

async function connect(url: string, options: object = {}) {
  const client = new Client({ name: "e2e-drain", version: "1" }, options);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
    }),
  );
  return client;
}

describe("HTTP drain on SIGTERM", () => {
  for (const era of [
    { name: "2025-11-25", options: {} },
    { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } } },
  ]) {
    it(`lets a running ${era.name} call finish within the grace window, refuses new work, and exits 0`, async () => {
      const server = await startServer(dataDir(), [...LIMITS, "--http-shutdown-grace-ms", "30000"]);
      const client = await connect(server.url, era.options);
      const started = Date.now();
      const call = client.callTool({ name: "lisp_eval", arguments: { program: SLOW } });
      await Bun.sleep(300);
      server.child.kill("SIGTERM");
      await until(() => server.stderr().includes('"event":"http_draining"'));
      expect((await rawRequest(server.port, "GET", {}, undefined, "/ready")).status).toBe(503);
      const refused = await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN), INITIALIZE);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { message: "server draining" } });
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(Number((result.content as Array<{ text: string }>)[0]?.text)).toBeGreaterThan(0);
      expect(await server.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(server.stderr()).not.toContain("http_drain_cancelled");
    });
  }

  it("cancels a call that outlives the grace window and still exits 0", async () => {
    const server = await startServer(dataDir(), [...LIMITS, "--http-shutdown-grace-ms", "200"]);
    const client = await connect(server.url);
    void client.callTool({ name: "lisp_eval", arguments: { program: LONG } }, { timeout: 30_000 }).catch(() => {});
    await Bun.sleep(300);
    const signalled = Date.now();
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    // Far sooner than the 20 s program: the drain cancelled it after its 200 ms grace.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(server.stderr()).toContain('"event":"http_drain_cancelled"');
  });
});
