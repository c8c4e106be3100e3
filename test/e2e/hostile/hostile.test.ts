/**
 * Hostile multi-tenant suite (issue #10): the compiled binary over HTTP with two named tokens.
 * While the attacker token sends each input of `attacks.ts`, the victim token's fixed program
 * keeps giving its one right answer (no failure other than the documented `busy`), `/health`
 * answers within 200 ms throughout, and once everything is idle the server's RSS is back within
 * 20 MiB of where it started. `/health` time is taken beyond that of a bare control server in
 * another process asked at the same moment: on a shared 2-core machine the whole box stalls now
 * and then, and that is not what this suite tests.
 *
 * Attacks marked `todo` are listed, not sent; `PTC_HOSTILE_ALL=1` sends them anyway.
 * The attacker may hold at most 2 of the 4 program slots (`--http-max-sessions-per-owner 1`,
 * `--http-max-in-flight-per-session 2`), so the victim always has a slot to win.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { rssOf, settleBelow } from "../helpers.ts";
import { dataDir, mcpHeaders, type RunningServer, startServer, tokenCli, until } from "../http-server.ts";
import { ATTACKS, type Attack } from "./attacks.ts";

const MIB = 1024 * 1024;
const VICTIM_PROGRAM = "(->> (range 1000) (map inc) (filter even?) (reduce +))";
const VICTIM_ANSWER = "250500";
const RUN_TODO = process.env.PTC_HOSTILE_ALL === "1";

const FLAGS = [
  "--max-concurrent-calls",
  "4",
  "--program-timeout-ms",
  "2000",
  "--loop-limit",
  "1000000000",
  "--http-max-sessions-per-owner",
  "1",
  "--http-max-in-flight-per-session",
  "2",
  "--http-shutdown-grace-ms",
  "1000",
];

const textOf = (r: { content?: unknown }) =>
  ((r.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
const isBusy = (text: string) => /\bbusy\b/.test(text);

async function connect(url: string, token: string) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "e2e-hostile", version: "1" });
  await client.connect(transport);
  return { client, sessionId: transport.sessionId ?? "" };
}

/** The victim: one session calling the same program in a loop, tallying what it gets. */
function startVictim(client: Client) {
  const tally = { ok: 0, busy: 0, failures: [] as string[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const r = await client.callTool(
          { name: "lisp_eval", arguments: { program: VICTIM_PROGRAM } },
          { timeout: 30_000 },
        );
        const text = textOf(r);
        if (!r.isError && text === VICTIM_ANSWER) tally.ok++;
        else if (isBusy(text)) tally.busy++;
        else tally.failures.push(text.slice(0, 300));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (isBusy(message)) tally.busy++;
        else tally.failures.push(message.slice(0, 300));
      }
      await Bun.sleep(10);
    }
  })();
  return {
    tally,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A bare HTTP server in its own process: the control that shows when the whole machine stalls. */
async function startControl() {
  const child = Bun.spawn(
    [
      process.execPath,
      "-e",
      'const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") }); console.log(s.port);',
    ],
    { stdout: "pipe", stderr: "ignore" },
  );
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) text += new TextDecoder().decode((await reader.read()).value);
  return { url: `http://127.0.0.1:${Number(text.trim())}/`, stop: () => child.kill("SIGKILL") };
}

/** Milliseconds one GET takes, or the error text. */
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

/**
 * `/health` every 50 ms, each time alongside the same GET to the control server. What counts is
 * the time `/health` took beyond the control's at the same moment (the server's own stall, not
 * the shared machine's): it must stay under 200 ms.
 */
function startHealthProbe(port: number, controlUrl: string) {
  const seen = { maxMs: 0, slow: [] as string[], failures: [] as string[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [health, control] = await Promise.all([timed(`http://127.0.0.1:${port}/health`), timed(controlUrl)]);
      if (typeof health === "string") seen.failures.push(health);
      else {
        seen.maxMs = Math.max(seen.maxMs, health);
        if (typeof control === "number" && health - control >= 200) {
          seen.slow.push(`${Math.round(health)} ms (control ${Math.round(control)} ms)`);
        }
      }
      await Bun.sleep(50);
    }
  })();
  return {
    seen,
    reset() {
      seen.maxMs = 0;
      seen.slow = [];
      seen.failures = [];
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe("hostile multi-tenant load over HTTP", () => {
  const dir = dataDir();
  let server: RunningServer;
  let attacker: { client: Client; sessionId: string; token: string };
  let victim: ReturnType<typeof startVictim>;
  let health: ReturnType<typeof startHealthProbe>;
  let control: Awaited<ReturnType<typeof startControl>>;
  let startRss = 0;

  beforeAll(async () => {
    const victimToken = tokenCli(["create", "victim"], dir);
    const attackerToken = tokenCli(["create", "attacker"], dir);
    server = await startServer(dir, FLAGS);
    await until(() => server.stderr().includes('"event":"sandbox_ready"'), 15_000);
    const v = await connect(server.url, victimToken);
    attacker = { ...(await connect(server.url, attackerToken)), token: attackerToken };
    // Warm up every worker and both sessions before the baseline.
    for (let i = 0; i < 8; i++) {
      await Promise.all([
        v.client.callTool({ name: "lisp_eval", arguments: { program: VICTIM_PROGRAM } }),
        attacker.client.callTool({ name: "lisp_eval", arguments: { program: VICTIM_PROGRAM } }),
      ]);
    }
    await Bun.sleep(500);
    startRss = rssOf(server.child.pid as number);
    victim = startVictim(v.client);
    control = await startControl();
    health = startHealthProbe(server.port, control.url);
  }, 60_000);

  afterAll(async () => {
    await victim?.stop();
    await health?.stop();
    control?.stop();
    await server?.stop("SIGKILL");
  });

  async function send(attack: Attack): Promise<void> {
    const call = (args: Record<string, unknown>, signal?: AbortSignal) =>
      attacker.client.callTool(
        { name: "lisp_eval", arguments: args },
        { timeout: 30_000, ...(signal ? { signal } : {}) },
      );
    for (let i = 0; i < attack.repeat; i++) {
      if (attack.kind === "call") {
        const args: Record<string, unknown> = { program: attack.program };
        if (attack.context) args.context = attack.context;
        if (attack.output_schema) args.output_schema = attack.output_schema;
        await call(args).catch(() => {});
      } else if (attack.kind === "cancel") {
        const controller = new AbortController();
        const pending = call({ program: attack.program }, controller.signal).catch(() => {});
        await Bun.sleep(attack.afterMs);
        controller.abort(new Error("attacker cancels"));
        await pending;
      } else {
        const body = typeof attack.body === "string" ? attack.body : JSON.stringify(attack.body);
        await fetch(server.url, {
          method: "POST",
          headers: mcpHeaders(attacker.token, {
            "mcp-session-id": attacker.sessionId,
            "mcp-protocol-version": "2025-11-25",
          }),
          body,
        })
          .then((r) => r.arrayBuffer())
          .catch(() => {});
      }
    }
    if (attack.kind === "cancel") {
      // No slot leaked: the attacker itself can still run a call. Its last cancel notification may
      // still be on the wire (the client does not wait for it), so a moment of busy is allowed.
      let text = "";
      for (let i = 0; i < 20 && text !== "3"; i++) {
        text = await call({ program: "(+ 1 2)" }).then(textOf, (e: Error) => e.message);
        if (text !== "3") await Bun.sleep(50);
      }
      expect(text).toBe("3");
    }
  }

  for (const attack of ATTACKS) {
    const checksHealth = !attack.healthTodo || RUN_TODO;
    const title = `keeps the victim's answers right${checksHealth ? " and /health within 200 ms" : ""} during: ${attack.name}`;
    if (attack.todo && !RUN_TODO) {
      it.todo(`${title} (${attack.todo})`);
      continue;
    }
    it(title, async () => {
      const before = { ...victim.tally, failures: victim.tally.failures.length };
      health.reset();
      await send(attack);
      // The victim must get answers through and after the attack, not only before it.
      await until(() => victim.tally.ok > before.ok + 1, 20_000);
      expect(victim.tally.failures.slice(before.failures)).toEqual([]);
      expect(health.seen.failures).toEqual([]);
      if (checksHealth) expect(health.seen.slow).toEqual([]);
    }, 60_000);
    if (attack.healthTodo && !RUN_TODO)
      it.todo(`answers /health within 200 ms during: ${attack.name} (${attack.healthTodo})`);
  }

  it("returns to within 20 MiB of its starting RSS once idle", async () => {
    await victim.stop();
    const rss = await settleBelow(() => rssOf(server.child.pid as number), startRss + 20 * MIB, 15_000);
    expect((rss - startRss) / MIB).toBeLessThan(20);
  }, 30_000);
});
