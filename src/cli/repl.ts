/**
 * `ptc-mcp repl [--upstreams-config file] [-e '<form>'] [--display text|envelope|json]`: an
 * interactive PTC-Lisp REPL. Each input is one program, run through the same handler, worker pool
 * and upstream host as the server (so limits, faults and rendering match), with the upstream
 * runtime in `live` snapshot mode unless `--catalog-snapshot-mode frozen` asks for the server's
 * fail-fast start. All inputs run in one stateful session of the REPL's own (kept in memory, gone
 * when the REPL ends), as `lisp_session_eval` calls: `(def x 1)` on one line is visible on the
 * next, and `*1 *2 *3` hold the last results. The loop itself (editing, Ctrl-C, history, Tab,
 * `:help`) is repl-loop.ts.
 *
 * Beside the server's flags the REPL takes the names of its own contract (upstream-runtime.md
 * "REPL Usage"): `--max-tool-calls` and `--max-catalog-ops` for the per-program budgets, and
 * `PTC_RUNNER_UPSTREAMS` for the upstreams file (after `--upstreams-config`, before
 * `PTC_RUNNER_MCP_UPSTREAMS`). With `-e` the form is evaluated once and the exit status is 1
 * when it fails.
 */

import { existsSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { defineCommand } from "citty";
import * as v from "valibot";
import { createLogger, explicitFlags, FLAGS, type ServerConfig, VERSION } from "../config/index.ts";
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
import { UpstreamConfigError } from "../upstream/index.ts";
import { colorsEnabled, paint } from "./colors.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";
import { CliExit, EXIT } from "./errors.ts";
import { programBounds } from "./program-bounds.ts";
import { DISPLAYS, type Display, historyPath, renderResult } from "./repl-input.ts";
import { runLoop } from "./repl-loop.ts";
import { type Aggregator, startAggregator } from "./upstreams.ts";

/** The REPL contract's option names → the server flag each one sets. */
const REPL_ALIASES = {
  "max-tool-calls": FLAGS.maxUpstreamCallsPerProgram,
  "max-catalog-ops": FLAGS.maxCatalogOpsPerProgram,
} as const;

/** The REPL contract's upstreams variable, read after `--upstreams-config` and before the server's. */
const REPL_UPSTREAMS_ENV = "PTC_RUNNER_UPSTREAMS";

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

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
      description: "live: upstreams start on first use | frozen: start all now (default live)",
      valueHint: "mode",
    },
    "max-tool-calls": {
      type: "string",
      description: `tool/call budget of one program; the same as --${FLAGS.maxUpstreamCallsPerProgram.name} (default 50)`,
      valueHint: "n",
    },
    "max-catalog-ops": {
      type: "string",
      description: `discovery budget of one program; the same as --${FLAGS.maxCatalogOpsPerProgram.name} (default 25)`,
      valueHint: "n",
    },
    ...configArgs(),
  },
  async run({ args, rawArgs }) {
    const base = configFromArgs(replArgs(args, process.env), rawArgs);
    const display = choice(args.display, DISPLAYS, "text", "--display");
    const mode = choice(args["catalog-snapshot-mode"], ["live", "frozen"] as const, "live", "--catalog-snapshot-mode");
    // Boot chatter (info) would interleave with results; only warnings unless asked otherwise.
    const explicit = explicitFlags(base).has("logLevel");
    const logger = createLogger(explicit ? base.logLevel : "warn");
    const aggregator = await startAggregator(base, { mode, logger, env: process.env });
    const config = aggregator?.config ?? base;
    // A worker stopped by Ctrl-C is the expected end of a cancelled input, not a warning to print.
    const poolLogger = explicit ? logger : createLogger("error");
    const pool = createWorkerPool({ size: 1, memoryLimitBytes: config.programMemoryLimitBytes, logger: poolLogger });
    const store = openEphemeralStore();
    const session = await replSession(config, {
      executor: pool,
      // `json` shows structured content, which the slim profile does not produce.
      renderers: {
        text: rendererFor(config.responseProfile).renderer,
        json: rendererFor(config.responseProfile === "slim" ? "structured" : config.responseProfile).renderer,
      },
      repo: store.lispSessions,
      hostFor: aggregator ? () => aggregator.hostFor() : undefined,
    });
    try {
      if (typeof args.eval === "string") {
        const result = await session.evaluate(args.eval, display, new AbortController().signal);
        const text = renderResult(result, display);
        if (result.isError) throw new CliExit(EXIT.failure, text);
        process.stdout.write(`${text}\n`);
        return;
      }
      const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
      const servers = aggregator?.runtime.names() ?? [];
      const up = servers.length === 0 ? "no upstreams" : `upstreams: ${servers.join(", ")}`;
      await runLoop(
        { evaluate: session.evaluate, completion: completionSources(session, aggregator) },
        {
          input: process.stdin,
          output: process.stdout,
          tty,
          paint: paint(colorsEnabled(tty, process.env)),
          historyFile: historyPath(process.env),
          banner: `ptc-mcp ${VERSION} REPL (${up}). Inputs share one session (def, *1); :help for commands, :quit or Ctrl-D to leave.`,
          display,
        },
      );
    } finally {
      await pool.close();
      await aggregator?.close();
      await store.close();
    }
  },
});

/**
 * The command's arguments with the REPL contract's names resolved: `--max-tool-calls` and
 * `--max-catalog-ops` become the server flags they stand for, and `PTC_RUNNER_UPSTREAMS` the
 * upstreams file when `--upstreams-config` is absent.
 *
 * @throws {CliExit} usage (2) for a bad value or both spellings of one budget
 * @throws {UpstreamConfigError} `not_found` when `PTC_RUNNER_UPSTREAMS` names a missing file
 */
export function replArgs(
  args: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const out = { ...args };
  for (const [alias, spec] of Object.entries(REPL_ALIASES)) {
    const raw = args[alias];
    if (raw === undefined) continue;
    if (args[spec.name] !== undefined)
      throw new CliExit(EXIT.usage, `--${alias} and --${spec.name} set the same budget; give one of them`);
    const parsed = v.safeParse(spec.schema, String(raw));
    if (!parsed.success)
      throw new CliExit(EXIT.usage, `--${alias}: ${parsed.issues[0].message}, got ${JSON.stringify(String(raw))}`);
    out[spec.name] = String(raw);
  }
  const fromEnv = env[REPL_UPSTREAMS_ENV] ?? "";
  if (args[FLAGS.upstreamsConfig.name] === undefined && fromEnv !== "") {
    if (!existsSync(fromEnv))
      throw new UpstreamConfigError("not_found", `${REPL_UPSTREAMS_ENV}: no such file: ${fromEnv}`);
    out[FLAGS.upstreamsConfig.name] = fromEnv;
  }
  return out;
}

/** The REPL's session: the evaluator of one input and the names it has defined so far. */
interface ReplSession {
  evaluate(program: string, display: Display, signal: AbortSignal): Promise<CallToolResult>;
  defined(): readonly string[];
}

/** Starts the REPL's session; each input is a `lisp_session_eval` call in it. */
async function replSession(
  config: ServerConfig,
  deps: {
    executor: Executor;
    renderers: { text: ResponseRenderer; json: ResponseRenderer };
    repo: LispSessionRepo;
    hostFor: (() => CallHost) | undefined;
  },
): Promise<ReplSession> {
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
  const evalTool = (renderer: ResponseRenderer) => {
    const tool = sessionTools(service, renderer, settings.previewChars).find((t) => t.name === "lisp_session_eval");
    if (tool === undefined) throw new Error("lisp_session_eval is missing");
    return tool;
  };
  const tools = { text: evalTool(deps.renderers.text), json: evalTool(deps.renderers.json) };
  let defined: readonly string[] = [];
  return {
    async evaluate(program, display, signal) {
      const tool = display === "json" ? tools.json : tools.text;
      const result = await tool.call({ session_id: sessionId, program }, REPL_OWNER, signal);
      const state = await service.inspect(REPL_OWNER, sessionId);
      if (state.ok) defined = state.value.bindings.map((b) => b.name);
      return result;
    },
    defined: () => defined,
  };
}

/** Completion sources over the session and, in aggregator mode, the upstream catalog. */
function completionSources(session: ReplSession, aggregator: Aggregator | null) {
  return {
    defined: () => session.defined(),
    servers: () => aggregator?.runtime.names() ?? [],
    async tools(server: string) {
      const state = await aggregator?.runtime.catalog(server);
      return state?.loaded ? state.tools.map((t) => t.name) : [];
    },
  };
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
