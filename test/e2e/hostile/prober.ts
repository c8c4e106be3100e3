/**
 * The `/health` prober of the hostile suite, run in a process of its own: `bun prober.ts <port>`.
 *
 * Every 50 ms it GETs the server's `/health` and, at the same moment, a bare control server that
 * lives in this process, and keeps how much longer `/health` took than the control. It runs apart
 * from the test process on purpose: the test process builds and sends the attacks (2 MiB bodies,
 * SDK clients), and timing probes from there measured its own stalls as the server's (up to
 * 500 ms for a 2 MiB body the server refused in 10 ms). The control shows when the whole shared
 * machine stalls, which is not what the suite tests.
 *
 * Commands on stdin, one per line: `reset` starts a new window; `report` prints the window as one
 * JSON line `{probes, maxExcessMs, slow: [...], failures: [...]}` (slow: probes 200 ms or more
 * behind the control).
 */

export {};

const port = Number(process.argv[2]);
const control = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
const SLOW_MS = 200;

let current = { probes: 0, maxExcessMs: 0, slow: [] as string[], failures: [] as string[] };

async function timed(url: string): Promise<number | string> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - t0 : `status ${res.status}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

let lines = "";
process.stdin.on("data", (chunk: Buffer) => {
  lines += chunk.toString("utf8");
  for (let nl = lines.indexOf("\n"); nl !== -1; nl = lines.indexOf("\n")) {
    const command = lines.slice(0, nl).trim();
    lines = lines.slice(nl + 1);
    if (command === "reset") current = { probes: 0, maxExcessMs: 0, slow: [], failures: [] };
    else if (command === "report") console.log(JSON.stringify(current));
  }
});
process.stdin.on("end", () => process.exit(0));

for (;;) {
  const [health, ctl] = await Promise.all([
    timed(`http://127.0.0.1:${port}/health`),
    timed(`http://127.0.0.1:${control.port}/`),
  ]);
  if (typeof health === "string") current.failures.push(health);
  else if (typeof ctl === "number") {
    const excess = health - ctl;
    current.probes++;
    current.maxExcessMs = Math.max(current.maxExcessMs, Math.round(excess));
    if (excess >= SLOW_MS) current.slow.push(`${Math.round(health)} ms (control ${Math.round(ctl)} ms)`);
  }
  await Bun.sleep(50);
}
