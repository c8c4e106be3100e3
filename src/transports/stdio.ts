/**
 * Serves the MCP server core over stdio. The SDK's `serveStdio` entry owns the protocol era: a
 * 2025-era client opens with `initialize` and gets a legacy-bound instance; a 2026-07-28 client
 * opens with `server/discover` (or an enveloped request) and gets a modern-bound one. Both come
 * from the same factory, so `lisp_eval` is written once. We supply our own frame transport
 * ({@link NdjsonTransport}) for the `--max-frame-bytes` contract.
 *
 * stdout carries only protocol frames; logs go to stderr through the logger.
 */

import type { Readable, Writable } from "node:stream";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { Logger } from "../config/index.ts";
import type { ServerFactory } from "../mcp/index.ts";
import { NdjsonTransport } from "./ndjson-transport.ts";

/** Options for {@link serveOverStdio}. */
export interface StdioOptions {
  readonly factory: ServerFactory;
  /** `--max-frame-bytes`. */
  readonly maxFrameBytes: number;
  readonly logger: Logger;
  /** Defaults to `process.stdin` / `process.stdout` (tests may pass streams). */
  readonly input?: Readable;
  readonly output?: Writable;
  /** Ends the connection when it resolves (SIGTERM/SIGINT), as stdin EOF would. */
  readonly stop?: Promise<unknown>;
}

/**
 * Starts serving and resolves when the connection ends: stdin reached EOF, stdout broke, the
 * client went away, or `stop` resolved. Requests still running at that point are abandoned, as the stdio binding
 * prescribes (mcp-server.md: "stdin EOF cancels every stdio in-flight call and exits cleanly").
 */
export function serveOverStdio(options: StdioOptions): Promise<void> {
  const { logger } = options;
  return new Promise((resolve) => {
    const transport = new NdjsonTransport(options.input ?? process.stdin, options.output ?? process.stdout, {
      maxFrameBytes: options.maxFrameBytes,
      onClosed: () => {
        logger.info("stdio_closed");
        resolve();
      },
    });
    options.stop?.then(() => {
      logger.info("stdio_stop_signal");
      void transport.close();
    });
    serveStdio(options.factory, {
      transport,
      onerror: (error) => logger.warn("mcp_error", { message: error.message }),
    });
    logger.info("server_start", { transport: "stdio" });
  });
}
