/**
 * Product identity, read from package.json at build time (the compiled binary embeds it, so
 * this module costs nothing at startup and pulls in no other code).
 */

import pkg from "../../package.json" with { type: "json" };

/** The executable's name as printed by `ptc-mcp version`. */
export const PRODUCT_NAME = "ptc-mcp";

/** Semantic version of this build, e.g. `"0.1.0"`. */
export const VERSION: string = pkg.version;

/** MCP server name advertised in `initialize` / `server/discover` (mcp-server.md: `ptc_lisp`). */
export const MCP_SERVER_NAME = "ptc_lisp";
