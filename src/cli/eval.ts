/**
 * `ptc-mcp eval '<program>' | -f file.clj | - [--context file.json] [-o text|json]`: runs one
 * program exactly as `lisp_eval` would (same validation, caps, response profile and, when
 * configured, upstreams) and prints the rendered text. On success the text goes to stdout; on
 * failure the error description goes to stderr and the exit status is 1. With `-o json` the
 * envelope (`structuredContent` of the `structured` profile, or of `debug`) goes to stdout either
 * way, one JSON line, and a failure still exits 1. Only the flags `eval` reads are accepted
 * (flag-scope.ts); a missing or unreadable program or context file is a usage error (exit 2).
 */

import { defineCommand } from "citty";
import { COMMAND_META } from "./commands.ts";
import { configArgs } from "./config-args.ts";
import { runEval } from "./eval-run.ts";
import { evalUses } from "./flag-scope.ts";

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: COMMAND_META.eval,
  args: {
    program: {
      type: "positional",
      description: "PTC-Lisp source, or - to read it from stdin",
      required: false,
    },
    file: {
      type: "string",
      alias: "f",
      description: "read the program from this file (- for stdin)",
      valueHint: "file.clj",
    },
    context: {
      type: "string",
      description: "JSON file whose object is readable as data/<key>",
      valueHint: "file.json",
    },
    output: {
      type: "string",
      alias: "o",
      description: "text (default: the result as lisp_eval renders it) or json (the envelope)",
      valueHint: "text|json",
    },
    ...configArgs(evalUses),
  },
  async run({ args, rawArgs }) {
    await runEval(args, rawArgs);
  },
});
