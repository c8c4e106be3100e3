/**
 * The stop request of a long-running `start`: SIGTERM or SIGINT, caught from the moment the
 * command begins, so a signal that arrives while upstreams boot is not lost (and the default
 * action, dying on the spot and orphaning them, never runs).
 */

/** A caught stop signal. */
export interface StopSignal {
  /** Resolves with the signal's name when one arrives. */
  readonly promise: Promise<string>;
  /** True once a signal arrived. */
  readonly fired: boolean;
  /** Removes the handlers (the command is done). */
  dispose(): void;
}

/** Starts catching `signals` (default SIGTERM and SIGINT). */
export function catchStopSignal(signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): StopSignal {
  let fired = false;
  let resolve: (s: string) => void = () => {};
  const promise = new Promise<string>((r) => (resolve = r));
  const handlers = signals.map((s) => {
    const h = () => {
      fired = true;
      resolve(s);
    };
    process.on(s, h);
    return [s, h] as const;
  });
  return {
    promise,
    get fired() {
      return fired;
    },
    dispose() {
      for (const [s, h] of handlers) process.off(s, h);
    },
  };
}
