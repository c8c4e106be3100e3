/**
 * Client side of the MCP stdio binding for upstream servers: spawns the server and exchanges
 * newline-delimited JSON-RPC with it, like the SDK's `StdioClientTransport`, plus what the
 * aggregator needs on top:
 *
 * - every incoming line is measured in raw bytes before it is decoded; a line over the cap is
 *   skipped without being buffered whole, and the request it answered (its `id` read from the
 *   line's ends) gets a synthesized `response_too_large` error, while the connection stays up;
 * - the last few KiB of the server's stderr are kept for start-failure messages;
 * - the server runs in a process group of its own, under a watcher (`supervise.ts`) that stops
 *   the group when this process dies, even by SIGKILL;
 * - `close()` stops the whole group (SIGTERM, then SIGKILL after a grace period), so the
 *   server's own children go with it;
 * - a complete message that arrives without its trailing newline is delivered at once, and
 *   messages that end up run together on one line are split, so one unterminated answer cannot
 *   swallow the next.
 */

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import {
  deserializeMessage,
  type JSONRPCMessage,
  serializeMessage,
  type Transport,
} from "@modelcontextprotocol/client";
import { ID_WINDOW, idFromEnds, oversizeError } from "./oversize.ts";
import { jsonValuesOf, superviseArgs } from "./supervise.ts";

/** Options of {@link CappedStdioTransport}. */
export interface StdioTransportOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** The child's complete environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | undefined;
  /** Largest accepted message in bytes. */
  readonly maxMessageBytes: number;
}

const NEWLINE = 0x0a;
const STDERR_KEEP = 4096;
const KILL_GRACE_MS = 2000;

/** An MCP {@link Transport} to a child process. */
export class CappedStdioTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: JSONRPCMessage) => void) | undefined;

  private child: ChildProcessWithoutNullStreams | null = null;
  private chunks: Buffer[] = [];
  private pending = 0;
  /** While skipping an oversized line: its first bytes, the latest bytes, its size so far. */
  private skip: { head: string; tail: Buffer; bytes: number } | null = null;
  private stderrText = "";
  private closed = false;
  private readonly options: Omit<StdioTransportOptions, "env">;
  /** The child's environment; private because it may hold resolved `${VAR}` credentials. */
  #env: Readonly<Record<string, string>>;

  constructor(options: StdioTransportOptions) {
    const { env, ...rest } = options;
    this.options = rest;
    this.#env = env;
  }

  /** The last few KiB the server wrote to stderr. */
  get stderrTail(): string {
    return this.stderrText;
  }

  /** Process id once started. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawns the server; rejects when it cannot be started (e.g. the command does not exist). */
  start(): Promise<void> {
    if (this.child !== null) return Promise.reject(new Error("transport already started"));
    const { command, args, cwd } = this.options;
    const env = { ...this.#env };
    // The watcher `exec`s the command, so a missing one must be reported before, as spawn would.
    if (Bun.which(command, { PATH: env.PATH ?? "", cwd: cwd ?? process.cwd() }) === null) {
      const err = Object.assign(new Error(`spawn ${command} ENOENT`), { code: "ENOENT" });
      return Promise.reject(err);
    }
    const [file, argv] = superviseArgs(process.pid, command, args);
    return new Promise((resolve, reject) => {
      const child = spawn(file, argv, { env, cwd, stdio: ["pipe", "pipe", "pipe"], shell: false, detached: true });
      this.child = child;
      child.once("error", (err) => {
        reject(err);
        this.onerror?.(err);
        this.finish();
      });
      child.once("spawn", () => resolve());
      // The group may outlive its leader (children holding the pipes): stop it with the leader.
      child.once("exit", () => this.signalGroup("SIGKILL"));
      child.once("close", () => this.finish());
      child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
      child.stderr.on("data", (chunk: Buffer) => {
        this.stderrText = (this.stderrText + chunk.toString("utf8")).slice(-STDERR_KEEP);
      });
      child.stdin.on("error", (err) => this.onerror?.(err));
    });
  }

  /** Writes one message as one line. */
  send(message: JSONRPCMessage): Promise<void> {
    const child = this.child;
    if (child === null || this.closed) return Promise.reject(new Error("upstream process is not running"));
    return new Promise((resolve, reject) => {
      const ok = child.stdin.write(serializeMessage(message), (err) => (err ? reject(err) : undefined));
      if (ok) resolve();
      else child.stdin.once("drain", () => resolve());
    });
  }

  /** Stops the process and reports the close. */
  async close(): Promise<void> {
    const child = this.child;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("close", () => r()));
      child.stdin.end();
      this.signalGroup("SIGTERM");
      const timer = setTimeout(() => this.signalGroup("SIGKILL"), KILL_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.signalGroup("SIGKILL");
    this.finish();
  }

  /** Sends `signal` to the server's process group (its pid is the group id: `detached`). */
  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.chunks = [];
    this.onclose?.();
  }

  private onData(chunk: Buffer): void {
    let buf = chunk;
    const cap = this.options.maxMessageBytes;
    while (buf.length > 0) {
      const nl = buf.indexOf(NEWLINE);
      const part = nl === -1 ? buf : buf.subarray(0, nl);
      buf = nl === -1 ? buf.subarray(buf.length) : buf.subarray(nl + 1);
      if (this.skip === null && this.pending + part.length > cap) this.beginSkip(part);
      else if (this.skip !== null) this.continueSkip(part);
      else {
        this.chunks.push(part);
        this.pending += part.length;
      }
      if (nl === -1) {
        if (this.skip === null) this.emitIfComplete();
        return;
      }
      if (this.skip !== null) this.endSkip();
      else this.emitLine();
    }
  }

  /** Delivers a pending partial line now when it is already one whole message (no newline came). */
  private emitIfComplete(): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last === undefined || last.length === 0 || last[last.length - 1] !== 0x7d /* } */) return;
    const text = Buffer.concat(this.chunks).toString("utf8");
    try {
      JSON.parse(text);
    } catch {
      return;
    }
    this.emitLine();
  }

  private beginSkip(part: Buffer): void {
    const head = Buffer.concat([...this.chunks, part.subarray(0, ID_WINDOW)])
      .subarray(0, ID_WINDOW)
      .toString("utf8");
    this.skip = { head, tail: Buffer.alloc(0), bytes: this.pending };
    this.chunks = [];
    this.pending = 0;
    this.continueSkip(part);
  }

  private continueSkip(part: Buffer): void {
    const s = this.skip as { head: string; tail: Buffer; bytes: number };
    s.bytes += part.length;
    s.tail = Buffer.concat([s.tail, part]).subarray(-ID_WINDOW);
  }

  private endSkip(): void {
    const s = this.skip as { head: string; tail: Buffer; bytes: number };
    this.skip = null;
    const id = idFromEnds(s.head, s.tail.toString("utf8"));
    if (id !== null) this.onmessage?.(oversizeError(id, s.bytes, this.options.maxMessageBytes));
    else
      this.onerror?.(new Error(`dropped a ${s.bytes}-byte message over the ${this.options.maxMessageBytes}-byte cap`));
  }

  private emitLine(): void {
    const line = Buffer.concat(this.chunks).toString("utf8").replace(/\r$/, "");
    this.chunks = [];
    this.pending = 0;
    if (line.trim() === "") return;
    for (const text of this.messagesOf(line)) {
      let message: JSONRPCMessage;
      try {
        message = deserializeMessage(text);
      } catch {
        // Servers sometimes log to stdout; such lines are not protocol messages.
        this.onerror?.(new Error("ignored a stdout line that is not a JSON-RPC message"));
        continue;
      }
      this.onmessage?.(message);
    }
  }

  /** The line, or the JSON values run together in it when it is not one value by itself. */
  private messagesOf(line: string): string[] {
    try {
      JSON.parse(line);
      return [line];
    } catch {
      return jsonValuesOf(line);
    }
  }
}
