/**
 * Entry point of the watchdog worker of an in-process run (watched-run.ts; in the compiled binary an
 * entry point of its own, see build.ts). The program runs on the main thread, where the interpreter's
 * cooperative checks stop it at its deadline and memory budget; this thread holds the two stops
 * those checks cannot give, the same ones the worker pool gives: the hard stop at deadline + grace
 * (a builtin that never yields) and the RSS backstop. Either writes the report the main thread
 * prepared and ends the whole process at once through libc's `_exit`: in Bun a worker's
 * `process.exit` ends only the worker, and the main thread may be busy in a loop that never yields.
 *
 * It imports nothing else of src/ beyond the protocol's constants, so it boots quickly, and it
 * loads `node:fs` and binds libc only once a run lasts past its first RSS sample, or a stop fires
 * (decision 0032): together they cost this thread about as much as the rest of its start, and most
 * runs end well before then.
 */

import { type ArmMessage, bindLibcExit, RSS_MIB_MARK, RUN_STATE, type StopReport } from "./watchdog-protocol.ts";

declare const self: {
  onmessage: ((event: MessageEvent<ArmMessage>) => void) | null;
};

/**
 * libc's `_exit(status)` once {@link prepareStop} bound it: null where it cannot be loaded (the stop
 * then falls back to SIGKILL), undefined before.
 */
let exitNow: ((code: number) => void) | null | undefined;

/** Loads what a stop needs (`node:fs`, libc's `_exit`), once; cheap after the first call. */
function prepareStop(): void {
  fileSystem();
  if (exitNow === undefined) exitNow = bindLibcExit();
}

self.onmessage = (event) => {
  const arm = event.data;
  if (arm.type !== "arm") return;
  const state = new Int32Array(arm.state);
  const stop = (report: StopReport, rssMib?: number) => {
    if (Atomics.compareExchange(state, 0, RUN_STATE.running, RUN_STATE.stopped) !== RUN_STATE.running) {
      clearInterval(sampler);
      return;
    }
    const fill = (text: string) => (rssMib === undefined ? text : text.replaceAll(RSS_MIB_MARK, String(rssMib)));
    try {
      prepareStop();
      writeAll(1, fill(report.stdout));
      writeAll(2, fill(report.stderr));
    } finally {
      end(report.exitCode);
    }
  };
  const timer = setTimeout(() => stop(arm.timeout), Math.max(0, arm.startedAt + arm.hardStopMs - Date.now()));
  const sampler = setInterval(() => {
    if (Atomics.load(state, 0) !== RUN_STATE.running) {
      clearInterval(sampler);
      clearTimeout(timer);
      return;
    }
    prepareStop();
    const rss = process.memoryUsage.rss();
    if (rss > arm.rssCapBytes) stop(arm.memory, Math.round(rss / 2 ** 20));
  }, arm.rssSampleMs);
};

/** `node:fs`, evaluated on first use (loaded at start, it was a large share of this thread's start-up). */
function fileSystem(): typeof import("node:fs") {
  return process.getBuiltinModule("node:fs");
}

/** Writes all of `text` to file descriptor `fd` (a pipe may take it in parts, or be full for a moment). */
function writeAll(fd: number, text: string): void {
  const { writeSync } = fileSystem();
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  for (let retries = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN" || ++retries > 1000) throw e;
      Bun.sleepSync(1);
    }
  }
}

/** Ends the process with `code` without running anything else on any thread. */
function end(code: number): never {
  if (exitNow) exitNow(code);
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: the process was ended");
}
