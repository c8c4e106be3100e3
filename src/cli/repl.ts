/**
 * `ptc-mcp repl [--upstreams-config file] [-e '<form>'] [--display text|envelope|json]`: an
 * interactive PTC-Lisp REPL. Each input is one `lisp_eval` program, run through the same handler,
 * worker pool and upstream host as the server (so limits, faults and rendering match), with the
 * upstream runtime in `live` snapshot mode unless `--catalog-snapshot-mode frozen` asks for the
 * server's fail-fast start. All inputs run in one stateful session of the REPL's own (kept in
 * memory, gone when the REPL ends), as `lisp_session_eval` calls: `(def x 1)` on one line is
 * visible on the next, and `*1 *2 *3` hold the last results.
 *
 * Input: a form may span lines — the REPL keeps reading while brackets or a string are open.
 * History is kept in `$XDG_STATE_HOME/ptc-mcp/repl_history`. `:quit` (or end of input) leaves;
 * Ctrl-C drops a half-typed form. With `-e` the form is evaluated once and the exit status is 1
 * when it fails.
 */

import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { defineCommand } from "citty";
import { createLogger, explicitFlags, type ServerConfig, VERSION } from "../config/index.ts";
import {
  type CallHost,
  createCallGate,
  createSessionService,
  type ResponseRenderer,
  rendererFor,
  sessionSettings,
  sessionTools,
} from "../mcp/index.ts";
import { createWorkerPool, type Executor } from "../sandbox/index.ts";
import { type LispSessionRepo, openEphemeralStore } from "../store/index.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";
import { programBounds } from "./program-bounds.ts";
import { CliExit, EXIT } from "./errors.ts";
import { DISPLAYS, historyPath, needsMore, renderResult } from "./repl-input.ts";
import { startAggregator } from "./upstreams.ts";

export default defineCommand({
  meta: COMMAND_META.repl,
  args: {
    eval: {
      type: "string",
      alias: "e",
      description: "evaluate one form, print its result and exit",
      valueHint: "form",
    },
    display: {
      type: "string",
      description: `how results are shown: ${DISPLAYS.join(" | ")} (default text)`,
      valueHint: "mode",
    },
    "catalog-snapshot-mode": {
      type: "string",
      description: "live (default: upstreams start on first use) | frozen (start all now)",
      valueHint: "mode",
    },
    ...configArgs(),
  },
  async run({ args, rawArgs }) {
    const base = configFromArgs(args, rawArgs);
    const display = choice(args.display, DISPLAYS, "text", "--display");
    const mode = choice(args["catalog-snapshot-mode"], ["live", "frozen"] as const, "live", "--catalog-snapshot-mode");
    // Boot chatter (info) would interleave with results; only warnings unless asked otherwise.
    const logger = createLogger(explicitFlags(base).has("logLevel") ? base.logLevel : "warn");
    const aggregator = await startAggregator(base, { mode, logger, env: process.env });
    const config = aggregator?.config ?? base;
    // `json` shows structured content, which the slim profile does not produce.
    const profile = display === "json" && config.responseProfile === "slim" ? "structured" : config.responseProfile;
    const pool = createWorkerPool({ size: 1, memoryLimitBytes: config.programMemoryLimitBytes, logger });
    const store = openEphemeralStore();
    const evaluate = await replSession(config, {
      executor: pool,
      renderer: rendererFor(profile).renderer,
      repo: store.lispSessions,
      hostFor: aggregator ? () => aggregator.hostFor() : undefined,
    });
    try {
      if (typeof args.eval === "string") {
        const result = await evaluate({ program: args.eval });
        const text = renderResult(result, display);
        if (result.isError) throw new CliExit(EXIT.failure, text);
        process.stdout.write(`${text}\n`);
        return;
      }
      const servers = aggregator?.runtime.names() ?? [];
      await loop(async (program) => renderResult(await evaluate({ program }), display), servers);
    } finally {
      await pool.close();
      await aggregator?.close();
      await store.close();
    }
  },
});

/** Starts the REPL's session; returns the evaluator of one input (`lisp_session_eval` in that session). */
async function replSession(
  config: ServerConfig,
  deps: {
    executor: Executor;
    renderer: ResponseRenderer;
    repo: LispSessionRepo;
    hostFor: (() => CallHost) | undefined;
  },
): Promise<(args: { program: string }) => Promise<CallToolResult>> {
  const settings = sessionSettings(config);
  const service = createSessionService({
    repo: deps.repo,
    executor: deps.executor,
    ...programBounds(config),
    gate: createCallGate(1),
    // The REPL's one session lives as long as the REPL.
    settings: { ...settings, ttlMs: Number.MAX_SAFE_INTEGER / 4, idleTimeoutMs: Number.MAX_SAFE_INTEGER / 4 },
    hostFor: deps.hostFor,
  });
  const started = await service.start(REPL_OWNER);
  if (!started.ok) throw new CliExit(EXIT.failure, started.fault.message);
  const sessionId = started.value.session_id;
  const tool = sessionTools(service, deps.renderer, settings.previewChars).find((t) => t.name === "lisp_session_eval");
  if (tool === undefined) throw new Error("lisp_session_eval is missing");
  return ({ program }) => tool.call({ session_id: sessionId, program }, REPL_OWNER);
}

/** Owner key of the REPL's session. */
const REPL_OWNER = "repl";

function choice<const T extends readonly string[]>(
  value: unknown,
  options: T,
  fallback: T[number],
  flag: string,
): T[number] {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (options as readonly string[]).includes(value)) return value;
  throw new CliExit(EXIT.usage, `${flag}: expected one of ${options.join(", ")}, got ${JSON.stringify(value)}`);
}

/** Reads forms until `:quit` or end of input, printing each result. */
async function loop(evaluate: (program: string) => Promise<string>, servers: readonly string[]): Promise<void> {
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const file = historyPath(process.env);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: tty,
    history: tty ? loadHistory(file) : [],
    historySize: 1000,
  });
  if (tty) {
    const up = servers.length === 0 ? "no upstreams" : `upstreams: ${servers.join(", ")}`;
    process.stdout.write(`ptc-mcp ${VERSION} REPL (${up}). Inputs share one session (def, *1); :quit to leave.\n`);
  }
  let buffer = "";
  const prompt = () => {
    if (!tty) return;
    rl.setPrompt(buffer === "" ? "ptc> " : "...> ");
    rl.prompt();
  };
  rl.on("SIGINT", () => {
    if (buffer === "") rl.close();
    else {
      buffer = "";
      process.stdout.write("\n");
      prompt();
    }
  });
  prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer === "" && (trimmed === ":quit" || trimmed === ":q" || trimmed === ":exit")) break;
    buffer = buffer === "" ? line : `${buffer}\n${line}`;
    if (buffer.trim() === "" || needsMore(buffer)) {
      if (buffer.trim() === "") buffer = "";
      prompt();
      continue;
    }
    const program = buffer;
    buffer = "";
    if (tty) saveHistory(file, program);
    process.stdout.write(`${await evaluate(program)}\n`);
    prompt();
  }
  rl.close();
}

function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .reverse()
      .slice(0, 1000);
  } catch {
    return [];
  }
}

function saveHistory(file: string | null, entry: string): void {
  if (file === null) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${entry.replace(/\n/g, " ")}\n`);
  } catch {
    // History is a convenience; a read-only home must not stop the REPL.
  }
}
