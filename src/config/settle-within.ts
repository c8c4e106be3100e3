/**
 * A bounded wait shared by the layers above: a probe with a deadline (the HTTP readiness check of
 * the store), a listing the REPL's completion waits for, the trace writes shutdown waits for.
 */

/**
 * `work`'s value, or `late` when `ms` (milliseconds) pass first. The timer is cleared either way,
 * so it never holds the process open. A rejection of `work` passes through: a caller that wants a
 * value for a failure catches first.
 */
export async function settleWithin<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lateness = new Promise<L>((resolve) => {
    timer = setTimeout(() => resolve(late), ms);
  });
  try {
    return await Promise.race([work, lateness]);
  } finally {
    clearTimeout(timer);
  }
}
