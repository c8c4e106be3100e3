/**
 * The stdio transport over in-memory streams, for the transport's unit tests: what it hands the
 * SDK (`received`), each frame it writes back (`written`, parsed), and how often it closed.
 */

import { PassThrough } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { NdjsonTransport } from "../../src/transports/ndjson-transport.ts";

/** One JSON-RPC frame the transport wrote, parsed. */
export interface WrittenFrame {
  jsonrpc?: string;
  id?: unknown;
  error?: { code: number; message: string };
  [key: string]: unknown;
}

/** Starts a transport whose frames are capped at `maxFrameBytes` bytes. */
export async function ndjsonHarness(maxFrameBytes: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const received: JSONRPCMessage[] = [];
  const written: WrittenFrame[] = [];
  let closed = 0;
  let pending = "";
  output.on("data", (c: Buffer) => {
    pending += c.toString("utf8");
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const p of parts) written.push(JSON.parse(p));
  });
  const t = new NdjsonTransport(input, output, { maxFrameBytes, onClosed: () => closed++ });
  t.onmessage = (m) => received.push(m);
  await t.start();
  /** One turn of the event loop. */
  const tick = () => new Promise((r) => setImmediate(r));
  /** A few turns, for frames that take several chunks to arrive. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await tick();
  };
  return { t, input, received, written, closed: () => closed, tick, settle };
}
