/**
 * Issue #10, item 5: once the pool has answered a run it stopped at the hard deadline, that run's
 * CPU stops too — no worker keeps spinning after its caller got `timeout`. Measured as CPU time of
 * this process over a second after the answer; a loaded machine can only make the figure smaller.
 */

import { describe, expect, it } from "bun:test";
import { createWorkerPool } from "../../src/sandbox/worker-pool.ts";

const limits = { timeoutMs: 100, memoryLimitBytes: 10 * 1024 * 1024, loopLimit: 1000 };

describe("hard stops", () => {
  it("leave no worker burning CPU after the answer", async () => {
    const workerUrl = new URL("./fixtures/stuck-worker.ts", import.meta.url);
    const pool = createWorkerPool({ size: 1, hardStopGraceMs: 100, workerUrl });
    await pool.ready();
    const o = await pool.run({ program: "spin", limits });
    expect(o.ok ? "ok" : o.error.code).toBe("timeout");
    await Bun.sleep(300);
    const before = process.cpuUsage();
    await Bun.sleep(1000);
    const used = process.cpuUsage(before);
    // A worker still spinning would add about 1000 ms of CPU in this second.
    expect((used.user + used.system) / 1000).toBeLessThan(500);
    await pool.close();
  }, 30_000);
});
