/**
 * Names and one-line descriptions of the subcommands, kept apart from their code so the root
 * `--help` can list them without loading any of them.
 */

/** Subcommand metadata in the order shown by `--help`. */
export const COMMAND_META = {
  start: {
    name: "start",
    description: "Serve MCP over stdio (the command MCP clients run; the default), or Streamable HTTP with --http",
  },
  eval: { name: "eval", description: "Run one PTC-Lisp program and print its result" },
  repl: {
    name: "repl",
    description: "Interactive PTC-Lisp REPL; with --upstreams-config, upstream tools start on first use",
  },
  token: {
    name: "token",
    description: "Manage named bearer tokens for the HTTP mode (create, list, rotate, revoke, delete)",
  },
  audit: {
    name: "audit",
    description:
      "Read the HTTP audit table by token name (audit [--since 1h] [--token N]; audit summary --by token|tool|day)",
  },
  test: { name: "test", description: "Check a running Streamable HTTP MCP endpoint (test mcp <url>)" },
  viewer: {
    name: "viewer",
    description: "Web UI over the trace files of --trace-dir (calls, upstream waterfall, savings)",
  },
  version: { name: "version", description: "Print the version" },
} as const;

/** A subcommand name. */
export type CommandName = keyof typeof COMMAND_META;
