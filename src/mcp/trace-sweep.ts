/**
 * Removes the temporary files a killed server left in a trace directory (trace.ts writes each
 * trace as `.<trace_id>-<tool>.jsonl.partial`, then renames it; a server killed between the two
 * leaves the partial file behind for good).
 *
 * Several servers may share one directory, on this machine or (a network mount) on others, so a
 * partial file is removed only when both hold: the process that wrote it (the pid in its trace id)
 * is not running here, and it was last written more than {@link STALE_PARTIAL_MS} ago. A live
 * server's write takes milliseconds, so it is never touched, whoever's it is.
 */

import { statSync, unlinkSync } from "node:fs";
import { join } from "node:path";

/** Age (ms since last written) past which a partial file of a dead writer is removed. */
export const STALE_PARTIAL_MS = 60_000;

/** A partial trace file's name; group 1 is its writer's pid (trace ids: `<ISO time>-<pid>-<seq>`). */
const PARTIAL = /^\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(\d+)-\d{6}-.+\.jsonl\.partial$/;

/**
 * Removes the stale partial files among `names` (the entries of `dir`); returns how many it
 * removed. Never throws: a file it cannot read or remove is left as it is.
 */
export function sweepStalePartials(dir: string, names: readonly string[], now = Date.now()): number {
  let removed = 0;
  for (const name of names) {
    const pid = PARTIAL.exec(name)?.[1];
    if (pid === undefined || running(Number(pid))) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs <= STALE_PARTIAL_MS) continue;
      unlinkSync(path);
      removed++;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** True when a process `pid` runs on this machine (one of another user's counts: EPERM). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === "EPERM";
  }
}
