/**
 * Batches audit rows: one store transaction every 250 ms (or every 256 rows) instead of one
 * write per request. `close()` writes what is left; a failed write is reported and dropped — an
 * audit failure never fails a request.
 */

import type { AuditRecord, AuditRepo } from "../../store/index.ts";

/** The buffer. */
export interface AuditBuffer {
  add(record: AuditRecord): void;
  /** Writes buffered rows now; resolves when the write is over (a failure is reported, not thrown). */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

/** Creates a buffer over `repo` (null: rows are dropped). */
export function createAuditBuffer(
  repo: AuditRepo | null,
  onError: (e: Error) => void,
  intervalMs = 250,
  maxRows = 256,
): AuditBuffer {
  let rows: AuditRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (rows.length === 0 || repo === null) return;
    const batch = rows;
    rows = [];
    try {
      await repo.appendMany(batch);
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return {
    add(record) {
      if (repo === null) return;
      rows.push(record);
      if (rows.length >= maxRows) void flush();
      else if (timer === undefined) {
        timer = setTimeout(() => void flush(), intervalMs);
        timer.unref?.();
      }
    },
    flush,
    close: flush,
  };
}
