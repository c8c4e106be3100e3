/**
 * Shared by the fast-path tests of the string builtins: the value of a program, the bytes the
 * text meter charges for a join, and the exact memory limit at which a program starts to fail.
 */

import { expect } from "bun:test";
import { evaluate, type PMap, type Value } from "../../../src/lisp/index.ts";

/** The value of `program` over `context`; throws with the error description if it fails. */
export function value(program: string, context?: PMap): Value {
  const r = evaluate(program, { context: context ?? null });
  if (!r.ok) throw new Error(`${program}: ${r.error.describe()}`);
  return r.value;
}

/**
 * Bytes the general `str`/`join` charge for pieces of these lengths, `sep` characters apart: a
 * meter charges the text grown since its last charge each time it has grown by 16 Ki characters
 * (2 bytes a character; runtime.ts TextMeter).
 */
export function meterBytes(lengths: readonly number[], sep = 0): number {
  let charged = 0;
  let next = 16 * 1024;
  let total = 0;
  let length = -sep;
  for (const l of lengths) {
    length += sep + l;
    if (length < next) continue;
    total += (length - charged) * 2;
    charged = length;
    next = length + 16 * 1024;
  }
  return total;
}

/** The smallest memory limit (bytes) under which `program` succeeds (no probe: charges add up). */
export function threshold(program: string, context: PMap): number {
  let lo = 1;
  let hi = 64 * 1024 * 1024;
  const ok = (cap: number): boolean => {
    const r = evaluate(program, { context, limits: { memoryLimitBytes: cap } });
    if (!r.ok && r.error.code !== "memory_exceeded") throw new Error(r.error.describe());
    return r.ok;
  };
  expect(ok(hi)).toBe(true);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
