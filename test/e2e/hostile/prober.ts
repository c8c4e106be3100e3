/**
 * The `/health` prober of the hostile suite, run in a process of its own:
 * `bun prober.ts <port> <server pid>`.
 *
 * Every 50 ms it GETs the server's `/health` and, at the same moment, a bare control server that
 * lives in this process, and keeps how much longer `/health` took than the control, and how long
 * the server's main thread ran on a CPU meanwhile (Linux schedstat). A probe 200 ms behind the
 * control while that thread ran 100 ms or more is the server's own stall (a parse, a check on the
 * main thread); one while it hardly ran is excused: on a box loaded far past its cores a server's
 * thread waits its turn behind an idle prober (measured: 4–18 ms run in such probes, 260 ms and
 * more in the stalls the suite was written against).
 *
 * It runs apart from the test process on purpose: the test process builds and sends the attacks
 * (2 MiB bodies, SDK clients), and timing probes from there measured its own stalls as the
 * server's (up to 500 ms for a 2 MiB body the server refused in 10 ms).
 *
 * Commands on stdin, one per line: `reset` starts a new window; `report` prints the window as one
 * JSON line `{probes, maxExcessMs, maxRanMs, slow: [...], excused: [...], failures: [...]}`.
 */

import { readFileSync } from "node:fs";

const port = Number(process.argv[2]);
const serverPid = Number(process.argv[3] ?? "0");
const control = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
const SLOW_MS = 200;
/** Main-thread CPU time during a slow probe that makes it the server's stall (ms). */
const BUSY_MS = 100;

const fresh = () => ({
  probes: 0,
  maxExcessMs: 0,
  maxRanMs: 0,
  slow: [] as string[],
  excused: [] as string[],
  failures: [] as string[],
});
let current = fresh();

/**
 * The server's main thread (its tid is its pid) from /proc/<pid>/task/<pid>/schedstat: ms it has
 * run on a CPU, and ms it has waited runnable for one (NaN where the file does not exist).
 */
function mainThread(): { ran: number; waited: number } {
  try {
    const [ran, waited] = readFileSync(`/proc/${serverPid}/task/${serverPid}/schedstat`, "utf8").split(" ");
    return { ran: Number(ran) / 1e6, waited: Number(waited) / 1e6 };
  } catch {
    return { ran: Number.NaN, waited: Number.NaN };
  }
}

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
    if (command === "reset") current = fresh();
    else if (command === "report") console.log(JSON.stringify(current));
  }
});
process.stdin.on("end", () => process.exit(0));

for (;;) {
  const before = mainThread();
  const [health, ctl] = await Promise.all([
    timed(`http://127.0.0.1:${port}/health`),
    timed(`http://127.0.0.1:${control.port}/`),
  ]);
  if (typeof health === "string") current.failures.push(health);
  else if (typeof ctl === "number") {
    const excess = health - ctl;
    current.probes++;
    const after = mainThread();
    const ran = Math.round(after.ran - before.ran);
    const waited = Math.round(after.waited - before.waited);
    current.maxExcessMs = Math.max(current.maxExcessMs, Math.round(excess));
    current.maxRanMs = Math.max(current.maxRanMs, Number.isNaN(ran) ? 0 : ran);
    // Slow and the server's main thread busy meanwhile: the server's own stall. Slow while that
    // thread hardly ran: it waited its turn for a CPU on an overloaded machine.
    const text = `${Math.round(health)} ms (control ${Math.round(ctl)} ms; main thread ran ${ran} ms, waited for a CPU ${waited} ms)`;
    if (excess >= SLOW_MS && !(ran < BUSY_MS)) current.slow.push(text);
    else if (excess >= SLOW_MS) current.excused.push(text);
  }
  await Bun.sleep(50);
}
