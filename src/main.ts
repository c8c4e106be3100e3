/**
 * Entry point of the `ptc-mcp` binary: runs the CLI and exits with its status. The only
 * `process.exit` in the project.
 */

import { runCli } from "./cli/index.ts";

const code = await runCli(process.argv.slice(2));
process.exit(code);
