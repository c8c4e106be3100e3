/**
 * Defense-in-depth scrubbing of resolved credential values (aggregator-mode.md "Resolution
 * semantics"). The primary guarantee is structural — secrets live only in the credential vault —
 * but every string the upstream layer hands out (catalog text, discovery results, call results,
 * ledger entries, log fields, error messages) also passes through {@link Redactor.scrub}, which
 * replaces each registered plaintext with `[REDACTED]`.
 *
 * Bounds, as in the reference: a secret over 16 KiB is not registered, and the table holds at most
 * 512 KiB of plaintext. Values shorter than 4 characters are not registered either: replacing them
 * everywhere would mangle ordinary data while hiding almost nothing.
 */

import type { LogSink } from "../config/index.ts";

/** What a scrubbed secret is replaced with. */
export const REDACTED = "[REDACTED]";

/** Largest secret registered, in bytes. */
export const MAX_SECRET_BYTES = 16 * 1024;
/** Total plaintext the table may hold, in bytes. */
export const MAX_TABLE_BYTES = 512 * 1024;
/** Shortest secret registered, in characters. */
export const MIN_SECRET_CHARS = 4;

/** A set of secrets and the scrubbing functions over them. */
export class Redactor {
  #secrets: string[] = [];
  #bytes = 0;

  /** Registers a secret; returns false (and ignores it) when it is too short, too long or does not fit. */
  add(secret: string): boolean {
    if (secret.length < MIN_SECRET_CHARS || this.#secrets.includes(secret)) return false;
    const bytes = Buffer.byteLength(secret, "utf8");
    if (bytes > MAX_SECRET_BYTES || this.#bytes + bytes > MAX_TABLE_BYTES) return false;
    this.#secrets.push(secret);
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets.sort((a, b) => b.length - a.length);
    this.#bytes += bytes;
    return true;
  }

  /** Number of registered secrets. */
  get size(): number {
    return this.#secrets.length;
  }

  /** `text` with every registered secret replaced by {@link REDACTED}. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.#secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** True when `text` contains a registered secret. */
  leaks(text: string): boolean {
    for (const s of this.#secrets) if (text.includes(s)) return true;
    return false;
  }

  /**
   * A copy of decoded JSON with every string (object keys included) scrubbed. Returns `value`
   * itself when there is nothing to scrub, so the common case allocates nothing.
   */
  scrubJson<T>(value: T): T {
    if (this.#secrets.length === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(x: unknown): unknown {
    if (typeof x === "string") return this.scrub(x);
    if (Array.isArray(x)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < x.length; i++) {
        const y = this.#walk(x[i]);
        if (y !== x[i]) {
          copy ??= x.slice();
          copy[i] = y;
        }
      }
      return copy ?? x;
    }
    if (typeof x === "object" && x !== null) {
      const o = x as Record<string, unknown>;
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        const k2 = this.scrub(k);
        const y = this.#walk(o[k]);
        if (k2 !== k || y !== o[k]) changed = true;
        out[k2] = y;
      }
      return changed ? out : x;
    }
    return x;
  }
}

/**
 * A log sink that scrubs every line with `redactor` before passing it on (stderr by default), so
 * an upstream credential that slips into a log field never reaches the log.
 */
export function scrubbingSink(redactor: Redactor, next?: LogSink): LogSink {
  const out: LogSink = next ?? ((line) => void process.stderr.write(line));
  return (line) => out(redactor.scrub(line));
}
