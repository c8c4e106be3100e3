/**
 * A database that never answers must not hang the store: a listener that accepts TCP connections
 * and stays silent (a wedged host, a black-holed load balancer) makes opening the store fail with
 * `unavailable` after the bounded connect timeout, and a refused port fails at once. No PostgreSQL
 * is needed for either.
 */

import { afterAll, describe, expect, it } from "bun:test";
import { createServer, type Socket } from "node:net";
import { openStore, StoreError } from "../../src/store/index.ts";

const sockets: Socket[] = [];
const silent = createServer((s) => {
  sockets.push(s);
  s.on("error", () => {});
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
});

async function portOf(): Promise<number> {
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const a = silent.address();
  return typeof a === "object" && a !== null ? a.port : 0;
}

describe("an unreachable --store-url", () => {
  it("fails with unavailable, not a hang, when the server accepts and never answers", async () => {
    const port = await portOf();
    const t0 = Date.now();
    const opened = openStore({ dataDir: "", url: `postgres://ptc@127.0.0.1:${port}/db`, poolSize: 1 });
    await expect(opened).rejects.toBeInstanceOf(StoreError);
    await expect(opened).rejects.toMatchObject({ code: "unavailable" });
    // Bounded by the connect timeout (3 s) or the query cap (8 s), with room for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 40_000);

  it("fails with unavailable when nothing listens on the port", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => {
        const a = probe.address();
        probe.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0));
      }),
    );
    await expect(openStore({ dataDir: "", url: `postgres://ptc@127.0.0.1:${port}/db` })).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});
