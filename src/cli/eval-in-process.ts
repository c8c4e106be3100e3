/**
 * The part of `eval` that runs the program on the main thread (decision 0028): the interpreter
 * and the watched executor. Loaded by URL (its own bundle in the binary, command-entries.ts) once
 * `eval` has started the watchdog, so the watchdog worker boots while this bundle loads, and a
 * run that goes to a pool worker (upstreams configured) never loads a second interpreter here.
 */

export { createWatchedExecutor } from "../sandbox/index.ts";
export { exitFor } from "./command-module.ts";
