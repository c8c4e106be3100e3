/**
 * What the main thread tells the watchdog worker of an in-process run (watched-run.ts ↔
 * watchdog-entry.ts), the shared word both sides race on to decide who ends the run, and the
 * binding of libc's `_exit`. Nothing else of src/: the watchdog bundle imports only this, so it
 * boots in the least time; `bun:ffi` is loaded only when `_exit` is bound.
 */

/** Main → watchdog, once, posted just before the program starts. */
export interface ArmMessage {
  readonly type: "arm";
  /** One Int32 slot, {@link RUN_STATE}: whoever moves it off `running` first owns the ending. */
  readonly state: SharedArrayBuffer;
  /** `Date.now()` when the run started (ms). */
  readonly startedAt: number;
  /** The program's time limit plus the pool's grace: the watchdog stops the run at `startedAt + hardStopMs`. */
  readonly hardStopMs: number;
  /** Process RSS (bytes) above which the run is stopped. */
  readonly rssCapBytes: number;
  /** How often RSS is sampled (ms). */
  readonly rssSampleMs: number;
  /** What to write and how to exit when the time limit's hard stop fires. */
  readonly timeout: StopReport;
  /**
   * The same for the memory backstop; every {@link RSS_MIB_MARK} in its texts is replaced by the
   * process RSS in MiB when it fires.
   */
  readonly memory: StopReport;
}

/** The bytes a stopped run leaves on stdout and stderr (either may be empty) and the exit status. */
export interface StopReport {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Values of the state slot. */
export const RUN_STATE = { running: 0, finished: 1, stopped: 2 } as const;

/** Stands for the RSS figure in {@link ArmMessage.memory}; letters only, so every renderer leaves it as it is. */
export const RSS_MIB_MARK = "RSSMIBMARK";

/**
 * Whether a worker can end the whole process here: on Linux and macOS, whose libc is found under
 * one of {@link LIBC_NAMES} (glibc as `libc.so.6`; musl answers `libc.so` with itself; macOS as
 * `libSystem.B.dylib`). Decided by the platform alone, without loading `bun:ffi` on the main thread
 * (decision 0032); should the binding still fail, the watchdog falls back to SIGKILL.
 */
export function workerCanEndProcess(): boolean {
  return process.platform === "linux" || process.platform === "darwin";
}

/** Where libc's `_exit` is looked for, in order. */
const LIBC_NAMES: readonly string[] = process.platform === "darwin" ? ["libSystem.B.dylib"] : ["libc.so.6", "libc.so"];

/**
 * libc's `_exit(status)`, which ends the whole process from any thread at once, or null where it
 * cannot be bound (Windows, or a libc under another name). The watchdog binds it before it first
 * needs it.
 */
export function bindLibcExit(): ((code: number) => void) | null {
  if (!workerCanEndProcess()) return null;
  const { dlopen, FFIType } = process.getBuiltinModule("bun:ffi") as typeof import("bun:ffi");
  for (const name of LIBC_NAMES) {
    try {
      const lib = dlopen(name, { _exit: { args: [FFIType.i32], returns: FFIType.void } });
      return (code) => lib.symbols._exit(code);
    } catch {}
  }
  return null;
}
