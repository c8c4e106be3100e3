/**
 * Progress notifications for long aggregator calls (MCP 2025-11-25 basic/utilities/progress): a
 * `tools/call` whose `_meta` carries a `progressToken` gets `notifications/progress` as its
 * program's upstream calls finish, `progress` = calls done, `total` = the per-program budget
 * (`--max-upstream-calls-per-program`), `message` = done/budget and the elapsed time. Progress only
 * ever increases (the spec requires it), so a notification is sent only when a call has finished
 * since the last one, and at most one per {@link PROGRESS_INTERVAL_MS}: calls finishing faster are
 * reported together by a trailing notification. Nothing is sent after the call is over.
 *
 * Delivery is the transport's: stdio and the 2026-07-28 HTTP era stream them; a 2025-era HTTP
 * session answers with single JSON bodies (decision 0007), where the SDK drops mid-call
 * notifications.
 */

/** Shortest time between two notifications of one call, in ms. */
export const PROGRESS_INTERVAL_MS = 500;

/** A progress token as the spec defines it. */
export type ProgressToken = string | number;

/** What the reporter sends through: the request's related-notification channel. */
export type NotifySink = (notification: {
  method: "notifications/progress";
  params: { progressToken: ProgressToken; progress: number; total: number; message: string };
}) => Promise<void>;

/** The progress of one call. */
export interface CallProgress {
  /** One upstream call of the program has finished (any outcome). */
  upstreamCallDone(): void;
  /** The call is over: cancels a pending notification; later calls are ignored. */
  stop(): void;
}

/** Options of {@link callProgress}. */
export interface CallProgressOptions {
  /** Upstream calls a program may make (the `total` of each notification). */
  readonly total: number;
  readonly intervalMs?: number;
  /** Monotonic clock in ms (tests). */
  readonly now?: () => number;
}

/**
 * A reporter for one call, or undefined when the request carries no `progressToken`.
 *
 * @param meta the request's `_meta` (`ctx.mcpReq._meta`)
 * @param notify `ctx.mcpReq.notify`; a failed send is ignored (the client may be gone)
 */
export function callProgress(
  meta: { readonly progressToken?: unknown } | undefined,
  notify: NotifySink,
  options: CallProgressOptions,
): CallProgress | undefined {
  const token = meta?.progressToken;
  if (typeof token !== "string" && typeof token !== "number") return undefined;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = now();
  let done = 0;
  let sent = 0;
  let sentAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let over = false;
  const send = () => {
    timer = undefined;
    if (over || done <= sent) return;
    sent = done;
    sentAt = now();
    const seconds = ((sentAt - started) / 1000).toFixed(1);
    const message = `${done}/${options.total} upstream calls, ${seconds} s`;
    notify({
      method: "notifications/progress",
      params: { progressToken: token, progress: done, total: options.total, message },
    }).catch(() => {});
  };
  return {
    upstreamCallDone() {
      if (over) return;
      done++;
      if (timer !== undefined) return;
      const wait = sentAt + interval - now();
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    },
    stop() {
      over = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
