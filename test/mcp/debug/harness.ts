/**
 * In-process harness for `lisp_debug`: the real server core with the in-process executor, reached
 * by SDK clients over in-memory transports. A client may play an HTTP caller by stamping an owner
 * into the auth info of every message, the way the HTTP transport does.
 */

import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { McpServer } from "@modelcontextprotocol/server";
import { silentLogger } from "../../../src/config/logger.ts";
import type { DebugToolOptions } from "../../../src/mcp/debug/index.ts";
import { createServerFactory, type ServerCoreOptions } from "../../../src/mcp/server.ts";
import { createInProcessExecutor } from "../../../src/sandbox/in-process.ts";

export const DEBUG: DebugToolOptions = { ringSize: 500, maxResponseBytes: 64 * 1024, payloads: "summary" };

export const BASE: ServerCoreOptions = {
  executor: createInProcessExecutor(),
  limits: { timeoutMs: 1000, memoryLimitBytes: 10 << 20, loopLimit: 1000 },
  caps: { maxProgramBytes: 4096, maxContextBytes: 1 << 20 },
  maxConcurrentCalls: 4,
  profile: "slim",
  logger: silentLogger,
  debug: DEBUG,
};

/** A connected client; `owner` plays the HTTP owner key (absent: a stdio caller). */
export async function connect(
  factory: () => McpServer,
  owner?: string,
  setup?: (server: McpServer) => void,
): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  if (owner !== undefined) {
    const send = a.send.bind(a);
    a.send = (message, options) =>
      send(message, {
        ...options,
        authInfo: { token: owner, clientId: owner, scopes: [], extra: { owner, trace: { owner_hash: `h-${owner}` } } },
      });
  }
  const server = factory();
  setup?.(server);
  const client = new Client({ name: "debug-test", version: "0" });
  await Promise.all([server.connect(b), client.connect(a)]);
  return client;
}

/** Builds a server core with `overrides` (debug on by default). */
export function core(overrides: Partial<ServerCoreOptions> = {}) {
  return createServerFactory({ ...BASE, ...overrides });
}

/** Calls `lisp_debug` and returns its `structuredContent`. */
export async function debugCall(client: Client, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await client.callTool({ name: "lisp_debug", arguments: args });
  return r.structuredContent as Record<string, unknown>;
}

/** Runs `program` through `lisp_eval`. */
export function evalCall(client: Client, program: string, extra: Record<string, unknown> = {}) {
  return client.callTool({ name: "lisp_eval", arguments: { program, ...extra } });
}

/** The records of `recent`. */
export async function recentRecords(
  client: Client,
  args: Record<string, unknown> = {},
): Promise<Array<Record<string, unknown>>> {
  const r = await debugCall(client, { op: "recent", ...args });
  return r.records as Array<Record<string, unknown>>;
}
