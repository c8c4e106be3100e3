#!/bin/sh
# Claude Code: register ptc-mcp once per user (`--scope project` writes .mcp.json instead).

# stdio: Claude Code starts the binary and talks to it over stdin/stdout.
claude mcp add --transport stdio --scope user ptc-lisp -- /usr/local/bin/ptc-mcp start

# Streamable HTTP: a running `ptc-mcp start --http`, with a token from `ptc-mcp token create NAME`.
claude mcp add --transport http --scope user ptc-lisp-http http://127.0.0.1:7332/mcp --header "Authorization: Bearer $PTC_MCP_TOKEN"
