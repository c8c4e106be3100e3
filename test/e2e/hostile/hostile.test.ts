/**
 * Hostile multi-tenant suite (issue #10): the compiled binary over HTTP with two named tokens.
 * While the attacker token sends each input of `attacks.ts`, the victim token's fixed program
 * keeps giving its one right answer (no failure other than the documented `busy`), `/health`
 * answers within 200 ms throughout, and once everything is idle the server's RSS is back within
 * 20 MiB of where it started. `/health` is timed from a prober process of its own (prober.ts)
 * against a bare control server asked at the same moment, as the time beyond the control's, and
 * counts against the server only when its main thread was busy meanwhile: on a shared 2-core
 * machine the whole box stalls now and then, and a loaded box makes a server wait its turn for a
 * CPU; neither is what this suite tests.
 *
 * Attacks marked `todo` are listed, not sent; `PTC_HOSTILE_ALL=1` sends them anyway.
 * `PTC_HOSTILE_REPORT=1` prints each attack's `/health` window (probes, most ms behind the control).
 * The attacker may hold at most 2 of the 4 program slots (`--http-max-sessions-per-owner 1`,
 * `--http-max-in-flight-per-session 2`), so the victim always has a slot to win.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
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

/** A window of the prober's figures (prober.ts). */
interface ProbeWindow {
  readonly probes: number;
  /** Most ms a probe took beyond the control. */
  readonly maxExcessMs: number;
  /** Most ms the server's main thread ran during one probe. */
  readonly maxRanMs: number;
  /** Probes 200 ms behind the control while the server's main thread ran 100 ms or more. */
  readonly slow: string[];
  /** Probes 200 ms behind the control while the server's main thread hardly ran (machine load). */
  readonly excused: string[];
  readonly failures: string[];
}

/** Starts prober.ts against the server's port; `reset` opens a window, `report` reads it. */
function startProber(port: number, pid: number) {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "prober.ts"), String(port), String(pid)], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "ignore",
  });
  const reader = child.stdout.getReader();
  let buffered = "";
  const command = (line: string) => {
    child.stdin.write(`${line}\n`);
    child.stdin.flush();
  };
  return {
    reset: () => command("reset"),
    async report(): Promise<ProbeWindow> {
      command("report");
      while (!buffered.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error("the prober exited");
        buffered += new TextDecoder().decode(value);
      }
      const nl = buffered.indexOf("\n");
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      return JSON.parse(line) as ProbeWindow;
    },
    stop: () => child.kill("SIGKILL"),
  };
}

describe("hostile multi-tenant load over HTTP", () => {
  const dir = dataDir();
  let server: RunningServer;
  let attacker: { client: Client; sessionId: string; token: string };
  let victim: ReturnType<typeof startVictim>;
  let health: ReturnType<typeof startProber>;
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
    health = startProber(server.port, server.child.pid as number);
  }, 60_000);

  afterAll(async () => {
    await victim?.stop();
    health?.stop();
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
    const title = `keeps the victim's answers right and /health within 200 ms during: ${attack.name}`;
    if (attack.todo && !RUN_TODO) {
      it.todo(`${title} (${attack.todo})`);
      continue;
    }
    it(title, async () => {
      const before = { ...victim.tally, failures: victim.tally.failures.length };
      // A stall the attack causes comes back every time it is sent; a blip of the shared machine
      // that still looks like one (another engineer's build taking both cores just then) rarely
      // does. So a window with a slow probe is tried once more: only a second one fails the test.
      let window: ProbeWindow | undefined;
      for (let round = 0; round < 2 && (window === undefined || window.slow.length > 0); round++) {
        health.reset();
        const ok = victim.tally.ok;
        await send(attack);
        // The victim must get answers through and after the attack, not only before it.
        await until(() => victim.tally.ok > ok + 1, 20_000);
        // A short attack may end between two probes: wait for a few in the window (bounded).
        window = await health.report();
        for (let i = 0; i < 100 && window.probes < 3; i++) {
          await Bun.sleep(50);
          window = await health.report();
        }
      }
      if (process.env.PTC_HOSTILE_REPORT === "1")
        console.log(`/health during ${attack.name}: ${JSON.stringify(window)}`);
      expect(victim.tally.failures.slice(before.failures)).toEqual([]);
      expect(window?.failures).toEqual([]);
      expect(window?.probes).toBeGreaterThan(0);
      expect(window?.slow).toEqual([]);
    }, 60_000);
  }

  it("returns to within 20 MiB of its starting RSS once idle", async () => {
    await victim.stop();
    const rss = await settleBelow(() => rssOf(server.child.pid as number), startRss + 20 * MIB, 15_000);
    expect((rss - startRss) / MIB).toBeLessThan(20);
  }, 30_000);
});
