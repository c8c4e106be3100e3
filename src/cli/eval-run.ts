/**
 * What `ptc-mcp eval` does once its command line is parsed (the command, eval.ts, parses it with
 * citty; the plain `eval '<program>'` of eval-plain.ts needs no parsing): runs one program exactly
 * as `lisp_eval` would and prints the rendered text, or throws {@link CliExit} with the failure.
 * No citty and no `node:` module at load: `node:fs` is loaded only to read a program or context
 * file (or stdin), so the plain form evaluates none of them (decision 0037).
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import { createLogger, explicitFlags, silentLogger } from "../config/index.ts";
import { createCallGate, createLispEvalHandler, type ResponseRenderer, rendererFor } from "../mcp/index.ts";
import {
  createWatchedExecutor,
  createWorkerPool,
  type EvalFault,
  FIRST_SLICE_MS,
  type StopReport,
  startWatchdog,
  type Watchdog,
} from "../sandbox/index.ts";
import { configFromArgs } from "./config-args.ts";
import { programBounds } from "./program-bounds.ts";
import { startAggregatorOnDemand, upstreamsConfigured } from "./upstream-presence.ts";
import { CliExit, EXIT } from "./errors.ts";
import { evalUses } from "./flag-scope.ts";

/**
 * Runs `eval` for its parsed arguments: `program`, `file`, `context`, `output` and the config
 * flags it reads (kebab-case keys, as citty gives them), `rawArgs` the words after `eval` (its
 * repeatable flags are read from them).
 *
 * @throws {CliExit} failure (1) when the program fails (its description is the message; empty
 *   with `-o json`, whose envelope went to stdout), usage (2) for a bad `--output` or an unreadable
 *   program or context file; the config and upstream errors exit-codes.ts maps
 */
export async function runEval(args: Record<string, unknown>, rawArgs: readonly string[]): Promise<void> {
  const flags = configFromArgs(args, rawArgs, evalUses);
  const output = args.output ?? "text";
  if (output !== "text" && output !== "json")
    throw new CliExit(EXIT.usage, `--output: expected text or json, got ${JSON.stringify(output)}`);
  const program = readProgram(args.program as string | undefined, args.file as string | undefined);
  const context = typeof args.context === "string" ? readContext(args.context) : undefined;
  const logger = explicitFlags(flags).has("logLevel") ? createLogger(flags.logLevel) : silentLogger;
  const withUpstreams = upstreamsConfigured(flags.upstreamsConfig, process.env);
  // Without upstreams the program runs on this thread (decision 0028), under the interpreter's
  // own checks and a watchdog thread that holds the pool's hard stop and memory backstop; that
  // thread is started only if the run outlasts its first slice (decision 0041). With upstreams, or
  // where the watchdog cannot end the process, the program runs in a worker as under the
  // server: its host calls reach the upstreams (started on first use).
  const watchdog = withUpstreams
    ? null
    : startWatchdog({ memoryLimitBytes: flags.programMemoryLimitBytes, deferred: true });
  const early = withUpstreams || watchdog ? null : oneShotPool(flags.programMemoryLimitBytes);
  const aggregator = withUpstreams
    ? await startAggregatorOnDemand(flags, { mode: "live", logger, env: process.env })
    : null;
  const config = aggregator?.config ?? flags;
  // The envelope is structured content, which the slim profile does not produce.
  const profile = output === "json" && config.responseProfile === "slim" ? "structured" : config.responseProfile;
  const renderer = rendererFor(profile).renderer;
  const executor = watchdog
    ? watchedExecutor(watchdog, renderer, output, config.programMemoryLimitBytes)
    : (early ?? oneShotPool(config.programMemoryLimitBytes));
  const handler = createLispEvalHandler({
    executor,
    ...programBounds(config),
    gate: createCallGate(1),
    renderer,
    logger,
    hostFor: aggregator?.hostFor,
  });
  try {
    const shown = present(await handler({ program, context }), output);
    if (shown.stdout) await writeOut(shown.stdout);
    if (shown.error !== null) throw new CliExit(EXIT.failure, shown.error);
  } finally {
    // The process exits next, which ends any thread it started. The pool's worker is told to stop,
    // not waited for; the watchdog, which stands down once the run has returned, is not even told:
    // a terminated worker tears its VM down, several ms of CPU for nothing (decision 0032).
    if (!watchdog) void executor.close();
    await aggregator?.close();
  }
}

/**
 * Writes `text` to stdout in full. `Bun.write` rather than `process.stdout`, whose stream object
 * (and the threads behind it) costs more to build than a short program takes to run.
 */
async function writeOut(text: string): Promise<void> {
  await Bun.write(Bun.stdout, text);
}

/** What the command prints for a `lisp_eval` result: stdout, and the stderr message of a failure (null: success). */
function present(result: CallToolResult, output: "text" | "json"): { stdout: string; error: string | null } {
  const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
  const error = result.isError ? text : null;
  // With -o json the envelope on stdout says it all: a failure adds nothing to stderr.
  if (output === "json")
    return { stdout: `${JSON.stringify(result.structuredContent ?? { text })}\n`, error: error === null ? null : "" };
  return error === null ? { stdout: `${text}\n`, error } : { stdout: "", error };
}

/**
 * The in-process executor over `watchdog`, whose hard stops print what {@link present} prints for
 * the failure `lisp_eval` renders from their fault (as from a stopped pool worker: no prints, no
 * output schema), with the exit status the root gives a failure. The run first gets
 * {@link FIRST_SLICE_MS} without the watchdog; one cut short there runs again on a one-worker
 * pool (budget `memoryLimitBytes`). The interpreter is part of this module's
 * bundle: loading it by URL as a bundle of its own, after the watchdog started, cost `eval` 2-5 ms
 * more than the worker's earlier start saved (decision 0037).
 */
function watchedExecutor(
  watchdog: Watchdog,
  renderer: ResponseRenderer,
  output: "text" | "json",
  memoryLimitBytes: number,
) {
  const report = (fault: EvalFault): StopReport => {
    const shown = present(renderer.failure(fault, [], { validationRequested: false, resultText: undefined }), output);
    return { stdout: shown.stdout, stderr: shown.error ? `${shown.error}\n` : "", exitCode: EXIT.failure };
  };
  return createWatchedExecutor(watchdog, report, {
    firstSlice: { ms: FIRST_SLICE_MS, fallback: () => oneShotPool(memoryLimitBytes) },
  });
}

/** One worker, without the warm-up a server's workers run (the program it runs is the only one). */
function oneShotPool(memoryLimitBytes: number) {
  return createWorkerPool({ size: 1, memoryLimitBytes, warmUp: false });
}

/**
 * The program: the positional text, stdin for `-`, or the `--file`; exactly one of them.
 *
 * @throws {CliExit} usage (2) when none or both are given, or the file cannot be read
 */
function readProgram(positional: string | undefined, file: string | undefined): string {
  if (positional !== undefined && file !== undefined)
    throw new CliExit(EXIT.usage, "eval: give the program as an argument or with --file, not both");
  if (file !== undefined) return readText(file, "--file");
  if (positional === "-") return readText("-", "eval -");
  if (positional === undefined)
    throw new CliExit(EXIT.usage, "eval: missing program (give it as an argument, with -f file.clj, or - for stdin)");
  return positional;
}

/** The text of `path` (`-`: all of stdin); a failure names `flag`. */
function readText(path: string, flag: string): string {
  try {
    // Loaded here, not at the top: the plain `eval '<program>'` reads no file (decision 0037).
    return process.getBuiltinModule("node:fs").readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    throw new CliExit(EXIT.usage, `${flag}: cannot read ${path === "-" ? "stdin" : path}: ${(e as Error).message}`);
  }
}

/** Reads and parses the `--context` file; a problem is a usage error (exit 2) naming the flag. */
function readContext(path: string): unknown {
  const text = readText(path, "--context");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliExit(EXIT.usage, `--context: ${path} is not valid JSON: ${(e as Error).message}`);
  }
}
