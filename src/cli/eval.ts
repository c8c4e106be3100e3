/**
 * `ptc-mcp eval '<program>' [--context file.json]`: runs one program exactly as `lisp_eval` would
 * (same validation, caps, response profile and, when configured, upstreams) and prints the
 * rendered text. On success the text goes to stdout; on failure the error description goes to
 * stderr and the exit status is 1.
 */

import { readFileSync } from "node:fs";
import { defineCommand } from "citty";
import { silentLogger } from "../config/index.ts";
import { createCallGate, createLispEvalHandler, rendererFor } from "../mcp/index.ts";
import { createWorkerPool } from "../sandbox/index.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";
import { programBounds } from "./program-bounds.ts";
import { CliExit, EXIT } from "./errors.ts";
import { startAggregator } from "./upstreams.ts";

export default defineCommand({
  meta: COMMAND_META.eval,
  args: {
    program: { type: "positional", description: "PTC-Lisp source", required: true },
    context: {
      type: "string",
      description: "JSON file whose object is readable as data/<key>",
      valueHint: "file.json",
    },
    ...configArgs(),
  },
  async run({ args, rawArgs }) {
    const flags = configFromArgs(args, rawArgs);
    const context = typeof args.context === "string" ? readContext(args.context) : undefined;
    // The program runs in a worker, as under the server: the same hard stop (deadline + grace) and
    // memory backstop apply, and with upstreams its host calls reach them (started on first use).
    const aggregator = await startAggregator(flags, { mode: "live", logger: silentLogger, env: process.env });
    const config = aggregator?.config ?? flags;
    const executor = createWorkerPool({ size: 1, memoryLimitBytes: config.programMemoryLimitBytes });
    const handler = createLispEvalHandler({
      executor,
      ...programBounds(config),
      gate: createCallGate(1),
      renderer: rendererFor(config.responseProfile).renderer,
      logger: silentLogger,
      hostFor: aggregator?.hostFor,
    });
    try {
      const result = await handler({ program: String(args.program), context });
      const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
      if (result.isError) throw new CliExit(EXIT.failure, text);
      process.stdout.write(`${text}\n`);
    } finally {
      await executor.close();
      await aggregator?.close();
    }
  },
});

/** Reads and parses the `--context` file; any problem ends the command with a clear message. */
function readContext(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliExit(EXIT.failure, `--context: cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliExit(EXIT.failure, `--context: ${path} is not valid JSON: ${(e as Error).message}`);
  }
}
