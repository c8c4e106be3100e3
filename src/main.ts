/**
 * Entry point of the `ptc-mcp` binary: runs the CLI and exits with its status. The only
 * `process.exit` in the project. It imports only the launcher (src/cli/launch.ts), which loads the
 * command tree, or the plain `eval` path, by URL: what this module imports is evaluated at every
 * start, before its first line runs.
 */

import { launch } from "./cli/launch.ts";

const code = await launch(process.argv.slice(2));
process.exit(code);
