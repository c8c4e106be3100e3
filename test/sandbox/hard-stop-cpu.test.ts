/**
 * Issue #10, item 5: once the pool has answered a run it stopped at the hard deadline, that run's
 * CPU stops too — no worker keeps spinning after its caller got `timeout`. Measured in a process
 * of its own (fixtures/hard-stop-cpu.ts) as CPU time over a second after the answer; a loaded
 * machine can only make the figure smaller.
 */

import { describe, expect, it } from "bun:test";

describe("hard stops", () => {
  it("leave no worker burning CPU after the answer", async () => {
    const script = new URL("./fixtures/hard-stop-cpu.ts", import.meta.url).pathname;
    const proc = Bun.spawn([process.execPath, script], { stdout: "pipe", stderr: "inherit" });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    const { code, cpuMs } = JSON.parse(out.trim()) as { code: string; cpuMs: number };
    expect(code).toBe("timeout");
    // A worker still spinning would add about 1000 ms of CPU in that second.
    expect(cpuMs).toBeLessThan(500);
  }, 30_000);
});
