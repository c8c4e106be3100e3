/**
 * What the main thread tells the watchdog worker of an in-process run (watched-run.ts ↔
 * watchdog-entry.ts), and the shared word both sides race on to decide who ends the run. Plain data
 * only: the watchdog bundle imports nothing else of src/, so it boots in the least time.
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

/** Where libc's `_exit` is looked for, in order (both threads load it: watchdog.ts to choose this path). */
export const LIBC_NAMES: readonly string[] =
  process.platform === "darwin" ? ["libSystem.B.dylib"] : ["libc.so.6", "libc.so"];
